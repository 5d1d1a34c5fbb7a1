package dev.switchboard.conversation;

import dev.switchboard.telegram.ReplySent;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps the Telegram message id of each reply that went out (the first part of a split one). */
@Component
class DeliveredReplies {

    private final ChatRepository chats;

    DeliveredReplies(ChatRepository chats) {
        this.chats = chats;
    }

    @EventListener
    void on(ReplySent sent) {
        if (sent.correlation() == null) {
            return;
        }
        try {
            chats.setTelegramMessageId(UUID.fromString(sent.correlation()), sent.telegramMessageId());
        } catch (IllegalArgumentException notOurs) {
            // Another module's reference: not a message of ours.
        }
    }
}
