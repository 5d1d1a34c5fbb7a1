package dev.switchboard.telegram;

import dev.switchboard.identity.AuthenticatedUser;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The Telegram Business connections of the caller's bots (read-only: people make them in Telegram). */
@RestController
class BusinessConnectionController {

    private final TelegramService telegram;

    BusinessConnectionController(TelegramService telegram) {
        this.telegram = telegram;
    }

    @GetMapping("/api/bots/{botId}/business-connections")
    List<BusinessConnection> connections(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId) {
        return telegram.businessConnections(user.id(), botId);
    }
}
