package dev.switchboard.processing;

import dev.switchboard.shared.ConflictException;
import dev.switchboard.telegram.UpdateReceived;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code processing_item}: one accepted update and its state machine. Every allowed move
 * is a method here; any other throws {@link ConflictException}. The two moves of every successful
 * turn are also made in SQL, for a whole batch in one statement each, under the same rules: the
 * claim's {@link InboxRepository#leaseDueChat} starts the items {@link #isDue} says are due (the
 * claim checks that and repeats {@link #start} on its copies), and
 * {@link InboxRepository#completeAndRelease} moves PROCESSING items to COMPLETED.
 */
final class ProcessingItem {

    /** Longest error text kept per item and attempt. */
    static final int MAX_ERROR_LENGTH = 2000;

    private final UUID id;
    private final UUID botId;
    private final UUID ownerId;
    private final long updateId;
    private final Long chatId;
    private final Long fromUserId;
    private final String type;
    private final String payload;
    private final Instant receivedAt;
    private InboxStatus status;
    private int attempts;
    private Instant nextAttemptAt;
    private String lastError;
    private Instant lastErrorAt;
    private String terminalReason;
    private Instant completedAt;

    ProcessingItem(UUID id, UUID botId, UUID ownerId, long updateId, Long chatId, Long fromUserId, String type,
            String payload, InboxStatus status, int attempts, Instant nextAttemptAt, String lastError,
            Instant lastErrorAt, String terminalReason, Instant receivedAt, Instant completedAt) {
        this.id = id;
        this.botId = botId;
        this.ownerId = ownerId;
        this.updateId = updateId;
        this.chatId = chatId;
        this.fromUserId = fromUserId;
        this.type = type;
        this.payload = payload;
        this.status = status;
        this.attempts = attempts;
        this.nextAttemptAt = nextAttemptAt;
        this.lastError = lastError;
        this.lastErrorAt = lastErrorAt;
        this.terminalReason = terminalReason;
        this.receivedAt = receivedAt;
        this.completedAt = completedAt;
    }

    /** A newly accepted update: RECEIVED if Switchboard acts on it and it has a chat, else IGNORED. */
    static ProcessingItem received(UpdateReceived update, Instant now) {
        boolean processable = update.handled() && update.chatId() != null;
        return new ProcessingItem(UUID.randomUUID(), update.botId(), update.ownerId().value(), update.updateId(),
                update.chatId(), update.fromUserId(), update.type(), update.json(),
                processable ? InboxStatus.RECEIVED : InboxStatus.IGNORED, 0, processable ? now : null, null, null,
                null, now, null);
    }

    /** A worker took it into a turn: RECEIVED, due FAILED, or PROCESSING under an expired lease. */
    void start() {
        require(status == InboxStatus.RECEIVED || status == InboxStatus.FAILED || status == InboxStatus.PROCESSING,
                "start");
        status = InboxStatus.PROCESSING;
        attempts++;
        nextAttemptAt = null;
    }

    /** The turn failed in a way worth repeating at {@code retryAt}. */
    void fail(String error, Instant retryAt, Instant now) {
        require(status == InboxStatus.PROCESSING, "fail");
        status = InboxStatus.FAILED;
        nextAttemptAt = retryAt;
        recordError(error, now);
    }

    /** The turn failed for good: fatally, or on the last allowed attempt. */
    void giveUp(String error, String reason, Instant now) {
        require(status == InboxStatus.PROCESSING, "give up");
        status = InboxStatus.TERMINAL;
        nextAttemptAt = null;
        terminalReason = truncate(reason);
        completedAt = now;
        recordError(error, now);
    }

    /**
     * The owner asked for another go: TERMINAL or FAILED back to RECEIVED, due now, with a fresh
     * attempt count. The last error stays for the record, as does the attempt history.
     */
    void retry(Instant now) {
        if (status != InboxStatus.TERMINAL && status != InboxStatus.FAILED) {
            throw new ConflictException("Item " + id + " is " + status + "; only TERMINAL or FAILED items can be retried");
        }
        status = InboxStatus.RECEIVED;
        attempts = 0;
        nextAttemptAt = now;
        terminalReason = null;
        completedAt = null;
    }

    boolean isOpen() {
        return status == InboxStatus.RECEIVED || status == InboxStatus.PROCESSING || status == InboxStatus.FAILED;
    }

    /** True if a worker may take it now; a FAILED item only once its retry time has come. */
    boolean isDue(Instant now) {
        return status == InboxStatus.RECEIVED || status == InboxStatus.PROCESSING
                || status == InboxStatus.FAILED && !nextAttemptAt.isAfter(now);
    }

    InboxItem view() {
        return new InboxItem(id, updateId, type, fromUserId, payload, receivedAt, attempts);
    }

    private void recordError(String error, Instant now) {
        lastError = truncate(error);
        lastErrorAt = now;
    }

    static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    private void require(boolean allowed, String move) {
        if (!allowed) {
            throw new ConflictException("Item " + id + " is " + status + " and cannot " + move);
        }
    }

    UUID id() { return id; }
    UUID botId() { return botId; }
    UUID ownerId() { return ownerId; }
    long updateId() { return updateId; }
    Long chatId() { return chatId; }
    Long fromUserId() { return fromUserId; }
    String type() { return type; }
    String payload() { return payload; }
    InboxStatus status() { return status; }
    int attempts() { return attempts; }
    Instant nextAttemptAt() { return nextAttemptAt; }
    String lastError() { return lastError; }
    Instant lastErrorAt() { return lastErrorAt; }
    String terminalReason() { return terminalReason; }
    Instant receivedAt() { return receivedAt; }
    Instant completedAt() { return completedAt; }
}
