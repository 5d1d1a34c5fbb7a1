package dev.switchboard.approval;

import dev.switchboard.shared.ConflictException;
import dev.switchboard.shared.InvalidException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request for a human decision and its state machine: {@code PENDING} becomes {@code APPROVED}
 * (option {@code approve}, or {@code /confirm}), {@code REJECTED} (option {@code reject}, or
 * {@code /cancel}), {@code ANSWERED} (any other option, or a text for a clarification) or
 * {@code TIMED_OUT} (its response is then the declared default). Once resolved it never changes.
 */
final class HumanRequest {

    enum Type { APPROVAL, CLARIFICATION, ERROR_RECOVERY }

    enum Status { PENDING, APPROVED, REJECTED, ANSWERED, TIMED_OUT }

    static final String APPROVE = "approve";
    static final String REJECT = "reject";

    final UUID id;
    final UUID ownerId;
    final Type type;
    final String title;
    final String message;
    final List<String> options;
    final String defaultOption;
    final Instant timeoutAt;
    final UUID botId;
    final Long telegramChatId;
    final String reference;
    final Instant createdAt;
    private Status status;
    private String response;
    private UUID answeredBy;
    private Long answeredByTelegram;
    private DecisionSource answeredVia;
    private Instant resolvedAt;

    HumanRequest(UUID id, UUID ownerId, Type type, String title, String message, List<String> options,
            String defaultOption, Instant timeoutAt, UUID botId, Long telegramChatId, String reference,
            Instant createdAt, Status status, String response, UUID answeredBy, Long answeredByTelegram,
            DecisionSource answeredVia, Instant resolvedAt) {
        this.id = id;
        this.ownerId = ownerId;
        this.type = type;
        this.title = title;
        this.message = message;
        this.options = List.copyOf(options);
        this.defaultOption = defaultOption;
        this.timeoutAt = timeoutAt;
        this.botId = botId;
        this.telegramChatId = telegramChatId;
        this.reference = reference;
        this.createdAt = createdAt;
        this.status = status;
        this.response = response;
        this.answeredBy = answeredBy;
        this.answeredByTelegram = answeredByTelegram;
        this.answeredVia = answeredVia;
        this.resolvedAt = resolvedAt;
    }

    /**
     * A new pending request. An approval without options gets {@code approve} and {@code reject};
     * the default, if given, must be one of the options (any text for a clarification without options).
     *
     * @throws InvalidException if the options or the default do not fit
     */
    static HumanRequest open(UUID ownerId, Type type, String title, String message, List<String> options,
            String defaultOption, Instant timeoutAt, UUID botId, Long telegramChatId, String reference, Clock clock) {
        List<String> choices = options == null || options.isEmpty()
                ? (type == Type.APPROVAL ? List.of(APPROVE, REJECT) : List.of())
                : options.stream().map(String::strip).toList();
        if (choices.stream().distinct().count() != choices.size() || choices.stream().anyMatch(String::isEmpty)) {
            throw new InvalidException("The options must be distinct and not blank", Map.of("options", "duplicate or blank"));
        }
        if (type != Type.CLARIFICATION && choices.isEmpty()) {
            throw new InvalidException("This type of request needs options", Map.of("options", "must not be empty"));
        }
        if (defaultOption != null && !choices.isEmpty() && !choices.contains(defaultOption)) {
            throw new InvalidException("The default must be one of the options",
                    Map.of("defaultOption", "must be one of " + choices));
        }
        return new HumanRequest(UUID.randomUUID(), ownerId, type, title.strip(), message.strip(), choices, defaultOption,
                timeoutAt, botId, telegramChatId, reference, clock.instant(), Status.PENDING, null, null, null, null,
                null);
    }

    /**
     * Answers with one of the options or, for a clarification, a text.
     *
     * @throws ConflictException if the request is no longer pending
     * @throws InvalidException if the option is not one of the request's, or neither or both are given
     */
    void answer(String option, String text, UUID by, Long byTelegram, DecisionSource via, Clock clock) {
        requirePending();
        boolean hasOption = option != null && !option.isBlank();
        boolean hasText = text != null && !text.isBlank();
        if (hasOption == hasText) {
            throw new InvalidException("Give either an option or a text", Map.of("option", "or text, not both"));
        }
        if (hasOption) {
            if (!options.contains(option.strip())) {
                throw new InvalidException("Not an option of this request", Map.of("option", "must be one of " + options));
            }
            String chosen = option.strip();
            resolve(chosen.equals(APPROVE) ? Status.APPROVED : chosen.equals(REJECT) ? Status.REJECTED : Status.ANSWERED,
                    chosen, by, byTelegram, via, clock);
        } else {
            if (type != Type.CLARIFICATION) {
                throw new InvalidException("Only a clarification is answered with a text",
                        Map.of("text", "choose one of " + options));
            }
            resolve(Status.ANSWERED, text.strip(), by, byTelegram, via, clock);
        }
    }

    /** {@code /confirm} ({@code true}) or {@code /cancel} in the chat. @throws ConflictException unless pending */
    void confirm(boolean confirmed, UUID by, Long byTelegram, DecisionSource via, Clock clock) {
        requirePending();
        resolve(confirmed ? Status.APPROVED : Status.REJECTED, confirmed ? APPROVE : REJECT, by, byTelegram, via, clock);
    }

    /** Nobody answered in time: resolves to the default. @throws ConflictException unless pending */
    void timeOut(Clock clock) {
        requirePending();
        resolve(Status.TIMED_OUT, defaultOption, null, null, DecisionSource.SYSTEM, clock);
    }

    private void resolve(Status next, String value, UUID by, Long byTelegram, DecisionSource via, Clock clock) {
        status = next;
        response = value;
        answeredBy = by;
        answeredByTelegram = byTelegram;
        answeredVia = via;
        resolvedAt = clock.instant();
    }

    private void requirePending() {
        if (status != Status.PENDING) {
            throw new ConflictException("Request " + id + " is " + status.name().toLowerCase() + ", no longer pending");
        }
    }

    Status status() {
        return status;
    }

    String response() {
        return response;
    }

    UUID answeredBy() {
        return answeredBy;
    }

    Long answeredByTelegram() {
        return answeredByTelegram;
    }

    DecisionSource answeredVia() {
        return answeredVia;
    }

    Instant resolvedAt() {
        return resolvedAt;
    }
}
