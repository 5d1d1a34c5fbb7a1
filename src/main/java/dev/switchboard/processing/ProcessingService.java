package dev.switchboard.processing;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.switchboard.identity.UserId;
import dev.switchboard.shared.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The processing module's front door: an owner's view of their inbox items (list, detail with
 * every attempt, counts per status) and the manual retry of items that failed. Every method is
 * scoped to the owner; another owner's item is "not found".
 */
@Service
public class ProcessingService {

    /** The most items one list returns. */
    public static final int MAX_LIMIT = 500;

    /**
     * An inbox item as its owner sees it.
     *
     * @param id the item
     * @param botId the bot that received the update
     * @param chatId the Telegram chat, or null for updates without one
     * @param updateId Telegram's {@code update_id}
     * @param type the update's kind, e.g. {@code message}
     * @param status where it stands
     * @param attempts attempts since it was received or last retried by hand
     * @param nextAttemptAt when a FAILED item is tried again
     * @param lastError the last attempt's error
     * @param lastErrorAt when it happened
     * @param terminalReason why it went TERMINAL
     * @param receivedAt when it was accepted
     * @param completedAt when it was COMPLETED or went TERMINAL
     */
    public record ItemView(UUID id, UUID botId, Long chatId, long updateId, String type, InboxStatus status,
            int attempts, Instant nextAttemptAt, String lastError, Instant lastErrorAt, String terminalReason,
            Instant receivedAt, Instant completedAt) {

        static ItemView of(ProcessingItem item) {
            return new ItemView(item.id(), item.botId(), item.chatId(), item.updateId(), item.type(), item.status(),
                    item.attempts(), item.nextAttemptAt(), item.lastError(), item.lastErrorAt(),
                    item.terminalReason(), item.receivedAt(), item.completedAt());
        }
    }

    /**
     * One attempt at an item.
     *
     * @param attempt its number, counted from the last manual retry
     * @param worker the instance that ran it
     * @param startedAt when the worker took the item
     * @param finishedAt when it ended; null while running
     * @param outcome COMPLETED, FAILED, TERMINAL, LEASE_EXPIRED (the worker vanished) or
     *     LEASE_LOST (its late completion was rejected); null while running
     * @param error what went wrong, if anything
     */
    public record AttemptView(int attempt, String worker, Instant startedAt, Instant finishedAt, String outcome,
            String error) {
    }

    /**
     * An item with its payload and every attempt, oldest first; in JSON the item's fields are at
     * the top level, beside {@code payload} and {@code history}.
     *
     * @param item the item
     * @param payload the update as Telegram sent it
     * @param history every attempt, including those before manual retries
     */
    public record ItemDetail(@JsonUnwrapped ItemView item, @JsonRawValue String payload, List<AttemptView> history) {
    }

    /**
     * How many of an owner's items are in each status; every status is present.
     *
     * @param counts status to number of items
     */
    public record Summary(Map<InboxStatus, Long> counts) {
    }

    private final InboxRepository repository;
    private final Inbox inbox;
    private final TransactionOperations transactions;
    private final Clock clock;

    ProcessingService(InboxRepository repository, Inbox inbox, TransactionOperations transactions, Clock clock) {
        this.repository = repository;
        this.inbox = inbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The owner's items, newest first.
     *
     * @param status only items in this status, or null for all
     * @param botId only items of this bot, or null for all
     * @param limit at most this many, 1 to {@link #MAX_LIMIT}
     */
    public List<ItemView> list(UserId owner, InboxStatus status, UUID botId, int limit) {
        return repository.findOwned(owner.value(), status, botId, Math.clamp(limit, 1, MAX_LIMIT)).stream()
                .map(ItemView::of)
                .toList();
    }

    /** One of the owner's items with its attempts. @throws NotFoundException if it is not theirs */
    public ItemDetail get(UserId owner, UUID id) {
        ProcessingItem item = owned(owner, id);
        List<AttemptView> history = repository.attempts(id).stream()
                .map(a -> new AttemptView(a.attempt(), a.worker(), a.startedAt(), a.finishedAt(), a.outcome(), a.error()))
                .toList();
        return new ItemDetail(ItemView.of(item), item.payload(), history);
    }

    /**
     * Puts a TERMINAL or FAILED item back to RECEIVED, due now, with its attempt count reset; the
     * history stays. The chat's worker takes it in order with the chat's other pending items.
     *
     * @throws NotFoundException if it is not the owner's
     * @throws dev.switchboard.shared.ConflictException if it is in any other status
     */
    public ItemView retry(UserId owner, UUID id) {
        return transactions.execute(status -> {
            ProcessingItem found = owned(owner, id);
            Instant now = clock.instant();
            if (found.chatId() != null) {
                // The chat row first, then the item: the order every worker transaction locks them in.
                repository.advanceChatDue(found.botId(), found.chatId(), now);
            }
            ProcessingItem item = repository.lockItem(id).orElseThrow(() -> new NotFoundException("Processing item", id));
            item.retry(now);
            repository.update(item);
            inbox.wakeAfterCommit();
            return ItemView.of(item);
        });
    }

    /** The owner's item counts per status, of one bot or all. */
    public Summary summary(UserId owner, UUID botId) {
        return new Summary(repository.countByStatus(owner.value(), botId));
    }

    private ProcessingItem owned(UserId owner, UUID id) {
        return repository.findOwned(id, owner.value()).orElseThrow(() -> new NotFoundException("Processing item", id));
    }
}
