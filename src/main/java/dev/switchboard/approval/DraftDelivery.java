package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.ReplyFailed;
import dev.switchboard.telegram.ReplySent;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows approved drafts through the outbox: {@link ReplySent} makes a draft {@code SENT} (and
 * publishes {@link DraftSent}), {@link ReplyFailed} makes it {@code FAILED} with the error. Only the
 * first report counts (a split reply reports each part). Never throws back into the outbox sender,
 * whose retry must not be triggered by a listener.
 */
@Component
class DraftDelivery {

    private static final Logger log = LoggerFactory.getLogger(DraftDelivery.class);

    private final DraftRepository drafts;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DraftDelivery(DraftRepository drafts, TransactionTemplate transactions, ApplicationEventPublisher events,
            Clock clock) {
        this.drafts = drafts;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(ReplySent sent) {
        UUID draftId = draftId(sent.correlation());
        if (draftId == null) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> drafts.lock(draftId)
                    .filter(draft -> draft.status() == Draft.Status.APPROVED)
                    .ifPresent(draft -> {
                        draft.sent(sent.telegramMessageId(), clock);
                        drafts.save(draft);
                        events.publishEvent(new DraftSent(draft.id, draft.botId, draft.chatId, draft.telegramChatId,
                                draft.finalText(), sent.telegramMessageId(), draft.modelId, draft.inputTokens,
                                draft.outputTokens, draft.cost, draft.latencyMs));
                    }));
        } catch (RuntimeException e) {
            log.error("Draft {} was sent but could not be marked SENT", draftId, e);
        }
    }

    @EventListener
    void on(ReplyFailed failed) {
        UUID draftId = draftId(failed.correlation());
        if (draftId == null) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> drafts.lock(draftId)
                    .filter(draft -> draft.status() == Draft.Status.APPROVED)
                    .ifPresent(draft -> {
                        draft.failed(failed.error(), clock);
                        drafts.save(draft);
                        events.publishEvent(new DraftFailed(draft.id, new UserId(draft.ownerId), draft.botId,
                                draft.telegramChatId, failed.error()));
                    }));
        } catch (RuntimeException e) {
            log.error("Draft {} failed to send and could not be marked FAILED", draftId, e);
        }
    }

    private static UUID draftId(String correlation) {
        if (correlation == null || !correlation.startsWith(ApprovalService.DRAFT_CORRELATION)) {
            return null;
        }
        try {
            return UUID.fromString(correlation.substring(ApprovalService.DRAFT_CORRELATION.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
