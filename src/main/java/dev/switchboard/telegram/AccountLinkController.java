package dev.switchboard.telegram;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's Telegram account links: make a one-time link, list the links, remove one. */
@RestController
@RequestMapping("/api/telegram")
class AccountLinkController {

    record CreateLinkToken(@NotNull UUID botId) {
    }

    /**
     * A linked Telegram account as the web app shows it.
     *
     * @param id the link, to remove it with
     * @param botId the bot it was linked through
     * @param botUsername that bot's username
     * @param telegramUserId the Telegram user
     * @param username their Telegram username at linking, or null
     * @param firstName their first name at linking, or null
     * @param linkedAt when
     */
    record LinkView(UUID id, UUID botId, String botUsername, long telegramUserId, String username, String firstName,
            Instant linkedAt) {

        static LinkView of(LinkedChat chat) {
            return new LinkView(chat.id(), chat.botId(), chat.botUsername(), chat.telegramUserId(), chat.username(),
                    chat.firstName(), chat.linkedAt());
        }
    }

    private final TelegramService telegram;

    AccountLinkController(TelegramService telegram) {
        this.telegram = telegram;
    }

    /** A one-time token (shown once) and its {@code t.me} link; 404 if the bot is not the caller's. */
    @PostMapping("/link-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    LinkToken createToken(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateLinkToken body) {
        return telegram.createLinkToken(user.id(), body.botId());
    }

    @GetMapping("/links")
    List<LinkView> links(@AuthenticationPrincipal AuthenticatedUser user) {
        return telegram.linkedChats(user.id()).stream().map(LinkView::of).toList();
    }

    @DeleteMapping("/links/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unlink(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        telegram.unlink(user.id(), id);
    }
}
