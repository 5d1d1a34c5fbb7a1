package dev.switchboard.conversation;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's bots' chats and their messages. */
@RestController
@Validated
class ChatController {

    private final ConversationService conversations;

    ChatController(ConversationService conversations) {
        this.conversations = conversations;
    }

    @GetMapping("/api/bots/{botId}/chats")
    List<ChatRepository.ChatRow> chats(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId,
            @RequestParam(required = false) String search,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return conversations.chats(user.id(), botId, search, limit);
    }

    @GetMapping("/api/bots/{botId}/budget")
    ConversationService.Budget budget(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId) {
        return conversations.budget(user.id(), botId);
    }

    @GetMapping("/api/bots/{botId}/activity")
    ConversationService.Activity activity(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId) {
        return conversations.activityToday(user.id(), botId);
    }

    /** @param text what the bot should know about the user; empty clears it */
    record PersonalContext(@jakarta.validation.constraints.Size(max = 4000) String text) {
    }

    @GetMapping("/api/bots/{botId}/users")
    List<ChatRepository.UserRow> users(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        return conversations.users(user.id(), botId, limit);
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/bots/{botId}/users/{telegramUserId}/context")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    void setPersonalContext(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId,
            @PathVariable long telegramUserId,
            @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody PersonalContext body) {
        conversations.setPersonalContext(user.id(), botId, telegramUserId, body.text());
    }

    /** @param mode auto, review or off for this chat alone, or inherit to follow the bot's mode again */
    record ChatApproval(@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.Pattern(
            regexp = "(?i)auto|review|off|inherit", message = "must be auto, review, off or inherit") String mode) {
    }

    @org.springframework.web.bind.annotation.PutMapping("/api/chats/{chatId}/approval")
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    void setApproval(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID chatId,
            @jakarta.validation.Valid @org.springframework.web.bind.annotation.RequestBody ChatApproval body) {
        String mode = body.mode().toUpperCase(java.util.Locale.ROOT);
        conversations.setApproval(user.id(), chatId,
                mode.equals("INHERIT") ? null : dev.switchboard.telegram.Approval.valueOf(mode));
    }

    @GetMapping("/api/chats/{chatId}/messages")
    List<ChatRepository.MessageRow> messages(@AuthenticationPrincipal AuthenticatedUser user,
            @PathVariable UUID chatId, @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        return conversations.messages(user.id(), chatId, limit);
    }
}
