package dev.switchboard.conversation;

import dev.switchboard.approval.DraftSent;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Puts an approved draft into its chat's history once Telegram accepted it: a draft that waits,
 * was rejected or was superseded is never part of what the model sees. Runs in the transaction that
 * marks the draft sent; idempotent (the draft id is the message id).
 */
@Component
class SentDrafts {

    private final ChatRepository chats;
    private final Clock clock;

    SentDrafts(ChatRepository chats, Clock clock) {
        this.chats = chats;
        this.clock = clock;
    }

    @EventListener
    void on(DraftSent sent) {
        if (sent.chatId() == null) {
            return;
        }
        chats.insertSentDraft(sent.chatId(), sent.draftId(), sent.text(), sent.modelId(), sent.inputTokens(),
                sent.outputTokens(), sent.cost(), sent.latencyMs(), sent.telegramMessageId(), clock.instant());
    }
}
