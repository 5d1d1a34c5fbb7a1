package dev.switchboard.approval;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.switchboard.identity.UserId;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.telegram.Approval;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BotSettings;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door of approvals: which mode a chat answers in, drafts (proposed by the conversation
 * turn, decided by their owner), requests for a human decision, and the audit of every decision.
 *
 * <p>Exactly one send per draft: a decision locks the draft's row, the entity allows only
 * {@code PENDING_APPROVAL -> APPROVED} once, and the approved text is put in the outbox in the same
 * transaction. A draft or request of another user answers 404, a decided one 409.
 */
@Service
public class ApprovalService {

    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    /** The db-scheduler task that resolves a request at its timeout; the instance id is the request id. */
    static final TaskDescriptor<Void> REQUEST_TIMEOUT = TaskDescriptor.of("approval-request-timeout");
    /** Outbox correlations of approved drafts start with this, followed by the draft id. */
    static final String DRAFT_CORRELATION = "draft:";

    private final DraftRepository drafts;
    private final RequestRepository requests;
    private final ChatModes chatModes;
    private final DraftEdits edits;
    private final Decisions decisions;
    private final BotService bots;
    private final OutboxService outbox;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApprovalService(DraftRepository drafts, RequestRepository requests, ChatModes chatModes, DraftEdits edits,
            Decisions decisions,
            BotService bots, OutboxService outbox, ObjectProvider<SchedulerClient> scheduler,
            ApplicationEventPublisher events, Clock clock) {
        this.drafts = drafts;
        this.requests = requests;
        this.chatModes = chatModes;
        this.edits = edits;
        this.decisions = decisions;
        this.bots = bots;
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.events = events;
        this.clock = clock;
    }

    // ---- modes ----

    /** What a turn in one of the bot's own chats needs to know from approval, read at once. */
    public ChatApproval inChat(BotSettings bot, long telegramChatId) {
        return chatModes.inChat(bot.id(), bot.approval(), telegramChatId);
    }

    /**
     * The mode a chat answers in: its own if set, else the bot's.
     *
     * @param businessConnectionId the business connection the chat is answered through, or null for
     *     the bot's own chat
     */
    public Approval modeFor(BotSettings bot, String businessConnectionId, long telegramChatId) {
        return chatModes.find(bot.id(), businessConnectionId, telegramChatId).orElse(bot.approval());
    }

    /** The chats of a bot that have their own mode, keyed by {@link #chatKey}. */
    public Map<String, Approval> chatModes(UUID botId) {
        return chatModes.ofBot(botId);
    }

    /** The key of a chat in {@link #chatModes}: its business connection (empty for the bot's own) and id. */
    public static String chatKey(String businessConnectionId, long telegramChatId) {
        return (businessConnectionId == null ? "" : businessConnectionId) + "/" + telegramChatId;
    }

    /**
     * Gives a chat its own mode, or ({@code mode} null) lets it follow the bot again. The caller has
     * checked that {@code by} owns the bot.
     *
     * @param businessConnectionId the business connection of a business chat, or null
     */
    @Transactional
    public void setChatMode(UserId by, UUID botId, String businessConnectionId, long telegramChatId, Approval mode) {
        if (mode == null) {
            chatModes.clear(botId, businessConnectionId, telegramChatId);
        } else {
            chatModes.set(botId, businessConnectionId, telegramChatId, mode, by.value(), clock.instant());
        }
    }

    // ---- drafts, from the conversation turn ----

    /**
     * Marks the chat's waiting draft, if any, {@code SUPERSEDED}: a newer message made it stale.
     * Runs in the caller's transaction (the turn that handles the newer message).
     *
     * @return how many drafts were superseded (0 or 1)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int supersedePending(UUID botId, long telegramChatId) {
        return supersedePending(botId, null, telegramChatId);
    }

    /** As {@link #supersedePending(UUID, long)}, for a business chat ({@code businessConnectionId} not null). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int supersedePending(UUID botId, String businessConnectionId, long telegramChatId) {
        List<Draft> pending = drafts.lockPending(botId, businessConnectionId, telegramChatId);
        for (Draft draft : pending) {
            draft.supersede(clock);
            drafts.save(draft);
            decisions.record(draft.ownerId, Decisions.Subject.DRAFT, draft.id, "superseded", null, null,
                    DecisionSource.SYSTEM, draft.suggestedText, null);
            events.publishEvent(new DraftDecided(draft.id));
        }
        return pending.size();
    }

    /**
     * Keeps a model's reply as a draft waiting for its owner, superseding the chat's previous one.
     * Runs in the caller's transaction (the one that completes the turn); publishes {@link DraftCreated}.
     *
     * @return the draft id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID propose(DraftProposal proposal) {
        supersedePending(proposal.botId(), proposal.businessConnectionId(), proposal.telegramChatId());
        Draft draft = Draft.propose(proposal, clock);
        drafts.insert(draft);
        events.publishEvent(new DraftCreated(draft.id, proposal.ownerId(), draft.botId, draft.telegramChatId));
        return draft.id;
    }

    // ---- drafts, decided by their owner ----

    /**
     * The owner's drafts, newest first.
     *
     * @param status one status (any case), or null for all
     * @throws InvalidException for an unknown status
     */
    public List<DraftView> drafts(UserId owner, String status, UUID botId, int limit) {
        return drafts.list(owner.value(), draftStatus(status), botId, limit).stream()
                .map(draft -> DraftView.of(draft, null)).toList();
    }

    /** One draft with its decisions; 404 if it is not the owner's. */
    public DraftView draft(UserId owner, UUID draftId) {
        Draft draft = drafts.find(draftId).filter(d -> d.ownerId.equals(owner.value()))
                .orElseThrow(() -> new NotFoundException("draft", draftId));
        return DraftView.of(draft, decisions.of(draftId));
    }

    /**
     * Approves a draft, with {@code editedText} instead of the suggestion if given, and puts it in the
     * outbox. 404 unless it is the decider's, 409 unless it is still pending.
     */
    @Transactional
    public DraftView approve(Decider by, UUID draftId, String editedText) {
        Draft draft = lockOwned(by, draftId);
        approveLocked(draft, by, editedText);
        return DraftView.of(draft, null);
    }

    /** Rejects a draft: nothing is sent. 404 unless it is the decider's, 409 unless it is still pending. */
    @Transactional
    public DraftView reject(Decider by, UUID draftId) {
        Draft draft = lockOwned(by, draftId);
        rejectLocked(draft, by);
        return DraftView.of(draft, null);
    }

    /** Approves a draft the caller holds locked; its text goes to the outbox. @throws ConflictException unless pending */
    void approveLocked(Draft draft, Decider by, String editedText) {
        draft.approve(editedText, by.userUuid(), by.source(), clock);
        drafts.save(draft);
        OutgoingReply markdown = OutgoingReply.markdown(draft.botId, draft.telegramChatId, draft.finalText());
        outbox.enqueue(new OutgoingReply(markdown.botId(), markdown.chatId(), markdown.text(), markdown.format(),
                markdown.plainText(), draft.replyToMessageId, draft.businessConnectionId, DRAFT_CORRELATION + draft.id));
        decisions.record(draft.ownerId, Decisions.Subject.DRAFT, draft.id, draft.edited() ? "edited" : "approved",
                by.userUuid(), by.telegramUserId(), by.source(), draft.suggestedText, draft.finalText());
        events.publishEvent(new DraftDecided(draft.id));
    }

    /** Rejects a draft the caller holds locked. @throws ConflictException unless pending */
    void rejectLocked(Draft draft, Decider by) {
        draft.reject(by.userUuid(), by.source(), clock);
        drafts.save(draft);
        decisions.record(draft.ownerId, Decisions.Subject.DRAFT, draft.id, "rejected", by.userUuid(),
                by.telegramUserId(), by.source(), draft.suggestedText, null);
        events.publishEvent(new DraftDecided(draft.id));
    }

    private Draft lockOwned(Decider by, UUID draftId) {
        return drafts.lock(draftId).filter(d -> by.userId() != null && d.ownerId.equals(by.userUuid()))
                .orElseThrow(() -> new NotFoundException("draft", draftId));
    }

    /**
     * The text an owner sent after pressing Edit: approves the draft with it (audited as edited in
     * Telegram). Runs in the caller's transaction (the turn).
     *
     * @return what to tell the owner
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String completeEdit(UUID botId, long telegramChatId, long telegramUserId, String text) {
        Optional<DraftEdits.Edit> edit = edits.take(botId, telegramChatId, telegramUserId);
        if (edit.isEmpty()) {
            return "There is no draft waiting for your text.";
        }
        Draft draft = drafts.lock(edit.get().draftId()).orElse(null);
        if (draft == null || !draft.ownerId.equals(edit.get().userId())) {
            return "That draft no longer exists.";
        }
        if (draft.status() != Draft.Status.PENDING_APPROVAL) {
            return "That draft is no longer waiting (" + DraftButtons.outcome(draft) + "); your text was not sent.";
        }
        approveLocked(draft, Decider.telegram(new UserId(edit.get().userId()), telegramUserId), text);
        return "✅ Sent your text to chat " + draft.telegramChatId + ".";
    }

    /** The owner's latest audited decisions, newest first. */
    public List<DecisionView> audit(UserId owner, int limit) {
        return decisions.latest(owner.value(), limit);
    }

    // ---- requests for a human decision ----

    /**
     * Opens a request. With a bot and chat, it is asked in that chat (answered there with
     * {@code /confirm}, {@code /cancel} or, for a clarification, a text); with a timeout, it resolves
     * to its default when nobody answered in time.
     *
     * @throws NotFoundException if the bot is not the owner's
     * @throws InvalidException if the type, options, default or chat do not fit
     */
    @Transactional
    public RequestView openRequest(UserId owner, NewRequest request) {
        HumanRequest.Type type = parse(HumanRequest.Type.class, request.type(), "type");
        if ((request.botId() == null) != (request.telegramChatId() == null)) {
            throw new InvalidException("A request asked in a chat needs both botId and chatId",
                    Map.of(request.botId() == null ? "botId" : "chatId", "must be given together"));
        }
        if (request.botId() != null) {
            bots.settings(owner, request.botId());
        }
        Instant timeoutAt = request.timeout() == null ? null : clock.instant().plus(request.timeout());
        HumanRequest opened = HumanRequest.open(owner.value(), type, request.title(), request.message(),
                request.options(), request.defaultOption(), timeoutAt, request.botId(), request.telegramChatId(),
                request.reference(), clock);
        requests.insert(opened);
        if (timeoutAt != null) {
            scheduler.getObject().scheduleIfNotExists(REQUEST_TIMEOUT.instance(opened.id.toString()).scheduledTo(timeoutAt));
        }
        if (opened.botId != null) {
            outbox.enqueue(OutgoingReply.plain(opened.botId, opened.telegramChatId, askText(opened))
                    .correlatedWith("request:" + opened.id));
        }
        events.publishEvent(new RequestButtons.Opened(opened.id));
        return RequestView.of(opened, null);
    }

    public List<RequestView> requests(UserId owner, String status, int limit) {
        HumanRequest.Status wanted = status == null || status.isBlank() ? null
                : parse(HumanRequest.Status.class, status, "status");
        return requests.list(owner.value(), wanted, limit).stream().map(r -> RequestView.of(r, null)).toList();
    }

    /** One request with its decisions; 404 if it is not the owner's. */
    public RequestView request(UserId owner, UUID requestId) {
        HumanRequest request = requests.find(requestId).filter(r -> r.ownerId.equals(owner.value()))
                .orElseThrow(() -> new NotFoundException("request", requestId));
        return RequestView.of(request, decisions.of(requestId));
    }

    /**
     * Answers a request with one of its options or (a clarification) a text. 404 unless it is the
     * decider's, 409 unless it is still pending, 400 for an option it does not have.
     */
    @Transactional
    public RequestView answer(Decider by, UUID requestId, String option, String text) {
        HumanRequest request = requests.lock(requestId)
                .filter(r -> by.userId() != null && r.ownerId.equals(by.userUuid()))
                .orElseThrow(() -> new NotFoundException("request", requestId));
        answerLocked(request, by, option, text);
        return RequestView.of(request, null);
    }

    /** Answers a request the caller holds locked. @throws ConflictException unless pending */
    void answerLocked(HumanRequest request, Decider by, String option, String text) {
        request.answer(option, text, by.userUuid(), by.telegramUserId(), by.source(), clock);
        resolved(request);
    }

    /**
     * {@code /confirm} ({@code confirmed}) or {@code /cancel} in a chat: resolves the chat's oldest
     * pending approval request. Runs in the caller's transaction (the turn).
     *
     * @return what to tell the chat
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String confirmInChat(UUID botId, long telegramChatId, Long telegramUserId, boolean confirmed) {
        if (!confirmed && telegramUserId != null && edits.cancel(botId, telegramChatId, telegramUserId)) {
            return DraftButtons.EDIT_CANCELLED;
        }
        Optional<HumanRequest> found = requests.lockOldestPending(botId, telegramChatId, HumanRequest.Type.APPROVAL);
        if (found.isEmpty()) {
            return confirmed ? "There is nothing to confirm." : "There is nothing to cancel.";
        }
        HumanRequest request = found.get();
        request.confirm(confirmed, null, telegramUserId, DecisionSource.TELEGRAM, clock);
        resolved(request);
        return (confirmed ? "Confirmed: " : "Cancelled: ") + request.title;
    }

    /**
     * A text in a chat where a clarification waits: answers the oldest one. Runs in the caller's
     * transaction (the turn).
     *
     * @return what to tell the chat, or empty if no clarification waits any more (the text then is an
     *     ordinary message)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> clarifyInChat(UUID botId, long telegramChatId, Long telegramUserId, String text) {
        Optional<HumanRequest> found = requests.lockOldestPending(botId, telegramChatId, HumanRequest.Type.CLARIFICATION);
        found.ifPresent(request -> {
            request.answer(null, text, null, telegramUserId, DecisionSource.TELEGRAM, clock);
            resolved(request);
        });
        return found.map(request -> "Thank you, noted.");
    }

    /** The timeout task: resolves the request to its default if it is still pending. */
    @Transactional
    void timeOut(UUID requestId) {
        requests.lock(requestId).filter(r -> r.status() == HumanRequest.Status.PENDING).ifPresent(request -> {
            request.timeOut(clock);
            resolved(request);
            log.info("Request {} timed out; resolved to its default {}", request.id, request.response());
            if (request.botId != null) {
                outbox.enqueue(OutgoingReply.plain(request.botId, request.telegramChatId,
                        "No answer in time for \"" + request.title + "\""
                                + (request.response() == null ? "." : "; going with: " + request.response() + ".")));
            }
        });
    }

    private void resolved(HumanRequest request) {
        requests.save(request);
        String status = request.status().name().toLowerCase(Locale.ROOT);
        decisions.record(request.ownerId, Decisions.Subject.REQUEST, request.id, status, request.answeredBy(),
                request.answeredByTelegram(), request.answeredVia(), request.title, request.response());
        events.publishEvent(new RequestResolved(request.id, new UserId(request.ownerId), request.reference, status,
                request.response(), request.answeredVia()));
    }

    private static String askText(HumanRequest request) {
        StringBuilder text = new StringBuilder(request.title).append("\n\n").append(request.message).append("\n\n");
        switch (request.type) {
            case APPROVAL -> text.append("Reply /confirm to go ahead or /cancel to stop.");
            case CLARIFICATION -> text.append(request.options.isEmpty() ? "Please reply with your answer."
                    : "Please reply with one of: " + String.join(", ", request.options) + ".");
            case ERROR_RECOVERY -> text.append("Options: ").append(String.join(", ", request.options)).append('.');
        }
        return text.toString();
    }

    private static Draft.Status draftStatus(String status) {
        return status == null || status.isBlank() ? null : parse(Draft.Status.class, status, "status");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new InvalidException("Unknown " + field + " \"" + value + "\"", Map.of(field, "must be one of " + allowed));
        }
    }

}
