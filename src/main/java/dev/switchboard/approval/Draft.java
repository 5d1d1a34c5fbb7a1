package dev.switchboard.approval;

import dev.switchboard.shared.ConflictException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A model's reply waiting for a person, and its state machine: {@code PENDING_APPROVAL} becomes
 * {@code APPROVED} (with or without an edited text), {@code REJECTED} or {@code SUPERSEDED}; an
 * approved draft becomes {@code SENT} or {@code FAILED} when the outbox reports. Any other move is a
 * {@link ConflictException}. Not thread-safe: loaded under a row lock, changed, saved.
 */
final class Draft {

    enum Status { PENDING_APPROVAL, APPROVED, SENT, FAILED, REJECTED, SUPERSEDED }

    final UUID id;
    final UUID ownerId;
    final UUID botId;
    final UUID chatId;
    final long telegramChatId;
    final Long replyToMessageId;
    final String businessConnectionId;
    final String question;
    final String suggestedText;
    final UUID modelId;
    final Integer inputTokens;
    final Integer outputTokens;
    final BigDecimal cost;
    final Long latencyMs;
    final Instant createdAt;
    private Status status;
    private String finalText;
    private boolean edited;
    private Instant decidedAt;
    private UUID decidedBy;
    private DecisionSource decidedVia;
    private Instant sentAt;
    private Long telegramMessageId;
    private String error;

    Draft(UUID id, UUID ownerId, UUID botId, UUID chatId, long telegramChatId, Long replyToMessageId,
            String businessConnectionId, String question, String suggestedText, UUID modelId, Integer inputTokens,
            Integer outputTokens, BigDecimal cost, Long latencyMs, Instant createdAt, Status status, String finalText,
            boolean edited, Instant decidedAt, UUID decidedBy, DecisionSource decidedVia, Instant sentAt,
            Long telegramMessageId, String error) {
        this.id = id;
        this.ownerId = ownerId;
        this.botId = botId;
        this.chatId = chatId;
        this.telegramChatId = telegramChatId;
        this.replyToMessageId = replyToMessageId;
        this.businessConnectionId = businessConnectionId;
        this.question = question;
        this.suggestedText = suggestedText;
        this.modelId = modelId;
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cost = cost;
        this.latencyMs = latencyMs;
        this.createdAt = createdAt;
        this.status = status;
        this.finalText = finalText;
        this.edited = edited;
        this.decidedAt = decidedAt;
        this.decidedBy = decidedBy;
        this.decidedVia = decidedVia;
        this.sentAt = sentAt;
        this.telegramMessageId = telegramMessageId;
        this.error = error;
    }

    /** A new draft of a proposal, waiting for approval. */
    static Draft propose(DraftProposal proposal, Clock clock) {
        if (proposal.text().isBlank()) {
            throw new IllegalArgumentException("a draft needs text");
        }
        return new Draft(UUID.randomUUID(), proposal.ownerId().value(), proposal.botId(), proposal.chatId(),
                proposal.telegramChatId(), proposal.replyToMessageId(), proposal.businessConnectionId(),
                proposal.question(), proposal.text(), proposal.modelId(), proposal.inputTokens(),
                proposal.outputTokens(), proposal.cost(), proposal.latencyMs(), clock.instant(),
                Status.PENDING_APPROVAL, null, false, null, null, null, null, null, null);
    }

    /**
     * Approves the draft as suggested, or with {@code editedText} if that is given and not blank.
     *
     * @throws ConflictException unless the draft is pending
     */
    void approve(String editedText, UUID by, DecisionSource via, Clock clock) {
        requirePending("approved");
        String text = editedText == null || editedText.isBlank() ? suggestedText : editedText.strip();
        finalText = text;
        edited = !text.equals(suggestedText);
        decide(Status.APPROVED, by, via, clock);
    }

    /** @throws ConflictException unless the draft is pending */
    void reject(UUID by, DecisionSource via, Clock clock) {
        requirePending("rejected");
        decide(Status.REJECTED, by, via, clock);
    }

    /** A newer message in the chat made this draft stale. @throws ConflictException unless pending */
    void supersede(Clock clock) {
        requirePending("superseded");
        decide(Status.SUPERSEDED, null, DecisionSource.SYSTEM, clock);
    }

    /** The outbox delivered it. @throws ConflictException unless approved */
    void sent(long messageId, Clock clock) {
        requireApproved();
        status = Status.SENT;
        sentAt = clock.instant();
        telegramMessageId = messageId;
    }

    /** The outbox gave up on it. @throws ConflictException unless approved */
    void failed(String why, Clock clock) {
        requireApproved();
        status = Status.FAILED;
        error = why;
        sentAt = null;
        decidedAt = decidedAt == null ? clock.instant() : decidedAt;
    }

    private void decide(Status next, UUID by, DecisionSource via, Clock clock) {
        status = next;
        decidedAt = clock.instant();
        decidedBy = by;
        decidedVia = via;
    }

    private void requirePending(String verb) {
        if (status != Status.PENDING_APPROVAL) {
            throw new ConflictException("Draft " + id + " is " + status + " and can no longer be " + verb);
        }
    }

    private void requireApproved() {
        if (status != Status.APPROVED) {
            throw new ConflictException("Draft " + id + " is " + status + ", not APPROVED");
        }
    }

    Status status() {
        return status;
    }

    String finalText() {
        return finalText;
    }

    boolean edited() {
        return edited;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    UUID decidedBy() {
        return decidedBy;
    }

    DecisionSource decidedVia() {
        return decidedVia;
    }

    Instant sentAt() {
        return sentAt;
    }

    Long telegramMessageId() {
        return telegramMessageId;
    }

    String error() {
        return error;
    }
}
