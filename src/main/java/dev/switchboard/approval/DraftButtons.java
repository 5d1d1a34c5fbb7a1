package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BotSettings;
import dev.switchboard.telegram.CallbackAnswer;
import dev.switchboard.telegram.CallbackQuery;
import dev.switchboard.telegram.CallbackQueryHandler;
import dev.switchboard.telegram.InlineButton;
import dev.switchboard.telegram.LinkedChat;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import dev.switchboard.telegram.ReplySent;
import dev.switchboard.telegram.TelegramService;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drafts in the owner's Telegram: a new draft is sent to each chat the owner linked (through the
 * bot they linked with, in the transaction that stores the draft) with the buttons Approve, Edit and
 * Reject; a press decides as the owner, audited with source {@code telegram}; Edit asks for the new
 * text, which the owner's next message in that chat is (see {@link ApprovalService#completeEdit}).
 * Once a draft is decided, wherever that happened, its Telegram messages lose their buttons and
 * show the outcome. Only a Telegram user linked to the draft's owner may press; anyone else gets an
 * alert and changes nothing.
 */
@Component
@Order(100)
class DraftButtons implements CallbackQueryHandler {

    private static final Logger log = LoggerFactory.getLogger(DraftButtons.class);
    static final String PREFIX = "draft:";
    static final String NOTE_CORRELATION = "draftnote:";
    static final String EDIT_CANCELLED = "Edit cancelled; the draft still waits for you.";
    /** Room for the rest of a notification within Telegram's 4096 characters. */
    private static final int QUESTION_LIMIT = 1000;
    private static final int SUGGESTION_LIMIT = 2500;

    private final ApprovalService approvals;
    private final DraftRepository drafts;
    private final DraftEdits edits;
    private final TelegramService telegram;
    private final BotService bots;
    private final OutboxService outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DraftButtons(ApprovalService approvals, DraftRepository drafts, DraftEdits edits, TelegramService telegram,
            BotService bots, OutboxService outbox, JdbcClient jdbc, TransactionTemplate transactions) {
        this.approvals = approvals;
        this.drafts = drafts;
        this.edits = edits;
        this.telegram = telegram;
        this.bots = bots;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** A new draft: shown with buttons in every chat its owner linked. Runs in the drafting transaction. */
    @EventListener
    void on(DraftCreated created) {
        List<LinkedChat> linked = telegram.linkedChats(created.ownerId());
        if (linked.isEmpty()) {
            return;
        }
        Draft draft = drafts.find(created.draftId()).orElseThrow();
        String text = note(draft);
        String id = draft.id.toString();
        List<List<InlineButton>> buttons = List.of(InlineButton.row(
                new InlineButton("✅ Approve", PREFIX + "approve:" + id),
                new InlineButton("✏️ Edit", PREFIX + "edit:" + id),
                new InlineButton("❌ Reject", PREFIX + "reject:" + id)));
        for (LinkedChat chat : linked) {
            outbox.enqueue(OutgoingReply.plain(chat.botId(), chat.chatId(), text).withButtons(buttons)
                    .correlatedWith(NOTE_CORRELATION + id));
        }
    }

    /** A notification went out: remember its message, and if the draft was decided meanwhile, update it now. */
    @EventListener
    void on(ReplySent sent) {
        if (sent.correlation() == null || !sent.correlation().startsWith(NOTE_CORRELATION)) {
            return;
        }
        try {
            UUID draftId = UUID.fromString(sent.correlation().substring(NOTE_CORRELATION.length()));
            transactions.executeWithoutResult(status -> {
                jdbc.sql("INSERT INTO approval_draft_notes (draft_id, bot_id, telegram_chat_id, message_id)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(draftId, sent.botId(), sent.chatId(), sent.telegramMessageId()).update();
                drafts.find(draftId).filter(d -> d.status() != Draft.Status.PENDING_APPROVAL)
                        .ifPresent(draft -> outbox.enqueueAsEditOf(
                                OutgoingReply.plain(sent.botId(), sent.chatId(), decidedNote(draft)),
                                sent.telegramMessageId()));
            });
        } catch (RuntimeException e) {
            log.warn("Could not record the Telegram notification of {}", sent.correlation(), e);
        }
    }

    /** A decision anywhere: the draft's notifications show the outcome instead of buttons. */
    @EventListener
    void on(DraftDecided decided) {
        Draft draft = drafts.find(decided.draftId()).orElse(null);
        if (draft == null) {
            return;
        }
        String text = decidedNote(draft);
        jdbc.sql("SELECT bot_id, telegram_chat_id, message_id FROM approval_draft_notes WHERE draft_id = ?")
                .param(draft.id)
                .query((rs, row) -> new Note(rs.getObject("bot_id", UUID.class), rs.getLong("telegram_chat_id"),
                        rs.getLong("message_id")))
                .list()
                .forEach(note -> outbox.enqueueAsEditOf(OutgoingReply.plain(note.botId(), note.chatId(), text),
                        note.messageId()));
    }

    private record Note(UUID botId, long chatId, long messageId) {
    }

    @Override
    public Optional<CallbackAnswer> handle(CallbackQuery query) {
        if (!query.data().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = query.data().substring(PREFIX.length()).split(":", 2);
        UUID draftId;
        try {
            draftId = UUID.fromString(parts.length == 2 ? parts[1] : "");
        } catch (IllegalArgumentException e) {
            return Optional.of(CallbackAnswer.alert("This button is not one of Switchboard's."));
        }
        Optional<Draft> found = drafts.lock(draftId);
        if (found.isEmpty() || !linkedToOwner(found.get(), query.fromUserId())) {
            return Optional.of(CallbackAnswer.alert("Only the bot's owner can decide on this draft."));
        }
        Draft draft = found.get();
        if (draft.status() != Draft.Status.PENDING_APPROVAL) {
            return Optional.of(CallbackAnswer.toast("Already " + outcome(draft) + "."));
        }
        Decider owner = Decider.telegram(new UserId(draft.ownerId), query.fromUserId());
        long chat = query.chatId() != null ? query.chatId() : query.fromUserId();
        return Optional.of(switch (parts[0]) {
            case "approve" -> {
                approvals.approveLocked(draft, owner, null);
                yield CallbackAnswer.toast("Approved: sending it now.");
            }
            case "reject" -> {
                approvals.rejectLocked(draft, owner);
                yield CallbackAnswer.toast("Rejected: nothing is sent.");
            }
            case "edit" -> {
                edits.start(query.botId(), chat, query.fromUserId(), draft.id, draft.ownerId);
                outbox.enqueue(OutgoingReply.plain(query.botId(), chat, "✏️ Send me the new text for the reply to chat "
                        + draft.telegramChatId + " as your next message. /cancel keeps the draft waiting."));
                yield CallbackAnswer.toast("Send the new text as your next message.");
            }
            default -> CallbackAnswer.alert("This button is not one of Switchboard's.");
        });
    }

    private boolean linkedToOwner(Draft draft, long telegramUserId) {
        return telegram.linkedChats(new UserId(draft.ownerId)).stream()
                .anyMatch(link -> link.telegramUserId() == telegramUserId);
    }

    private String note(Draft draft) {
        String bot = bots.settings(draft.botId).map(BotSettings::username).map(u -> " (@" + u + ")").orElse("");
        StringBuilder text = new StringBuilder("📝 Draft reply for chat ").append(draft.telegramChatId).append(bot);
        if (draft.question != null && !draft.question.isBlank()) {
            text.append("\n\nThey wrote:\n").append(cut(draft.question, QUESTION_LIMIT));
        }
        return text.append("\n\nSuggested reply:\n").append(cut(draft.suggestedText, SUGGESTION_LIMIT)).toString();
    }

    private String decidedNote(Draft draft) {
        String how = switch (draft.decidedVia() == null ? DecisionSource.SYSTEM : draft.decidedVia()) {
            case WEB -> " in the web app";
            case TELEGRAM -> " in Telegram";
            case SYSTEM -> "";
        };
        String mark = draft.status() == Draft.Status.REJECTED ? "❌ " : draft.status() == Draft.Status.SUPERSEDED ? "⏭ " : "✅ ";
        return note(draft) + "\n\n" + mark + capitalized(outcome(draft)) + how + ".";
    }

    /** What became of a decided draft, e.g. "approved with an edited text". */
    static String outcome(Draft draft) {
        return switch (draft.status()) {
            case PENDING_APPROVAL -> "waiting";
            case APPROVED, SENT, FAILED -> draft.edited() ? "approved with an edited text" : "approved";
            case REJECTED -> "rejected";
            case SUPERSEDED -> "superseded by a newer message";
        };
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
