package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.CallbackAnswer;
import dev.switchboard.telegram.CallbackQuery;
import dev.switchboard.telegram.CallbackQueryHandler;
import dev.switchboard.telegram.InlineButton;
import dev.switchboard.telegram.LinkedChat;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import dev.switchboard.telegram.TelegramService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Requests in the owner's Telegram: a new request with options is sent to each chat its owner
 * linked, one button per option; a press by the linked owner answers it (audited as
 * {@code telegram}) and the message then shows the answer instead of the buttons. A clarification
 * without options has no buttons: it is answered in the web app or in the chat it was asked in.
 */
@Component
@Order(110)
class RequestButtons implements CallbackQueryHandler {

    /** A request was opened (inside the opening transaction). */
    record Opened(UUID requestId) {
    }

    static final String PREFIX = "request:";
    /** Telegram shows at most a few buttons per row comfortably. */
    private static final int PER_ROW = 3;

    private final ApprovalService approvals;
    private final RequestRepository requests;
    private final TelegramService telegram;
    private final OutboxService outbox;

    RequestButtons(ApprovalService approvals, RequestRepository requests, TelegramService telegram,
            OutboxService outbox) {
        this.approvals = approvals;
        this.requests = requests;
        this.telegram = telegram;
        this.outbox = outbox;
    }

    @EventListener
    void on(Opened opened) {
        HumanRequest request = requests.find(opened.requestId()).orElseThrow();
        if (request.options.isEmpty()) {
            return;
        }
        List<LinkedChat> linked = telegram.linkedChats(new UserId(request.ownerId));
        if (linked.isEmpty()) {
            return;
        }
        List<List<InlineButton>> rows = new ArrayList<>();
        for (int i = 0; i < request.options.size(); i++) {
            if (i % PER_ROW == 0) {
                rows.add(new ArrayList<>());
            }
            rows.getLast().add(new InlineButton(request.options.get(i), PREFIX + request.id + ":" + i));
        }
        for (LinkedChat chat : linked) {
            outbox.enqueue(OutgoingReply.plain(chat.botId(), chat.chatId(), note(request)).withButtons(rows));
        }
    }

    @Override
    public Optional<CallbackAnswer> handle(CallbackQuery query) {
        if (!query.data().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = query.data().substring(PREFIX.length()).split(":", 2);
        UUID requestId;
        int index;
        try {
            requestId = UUID.fromString(parts[0]);
            index = Integer.parseInt(parts.length == 2 ? parts[1] : "");
        } catch (IllegalArgumentException e) {
            return Optional.of(CallbackAnswer.alert("This button is not one of Switchboard's."));
        }
        Optional<HumanRequest> found = requests.lock(requestId);
        if (found.isEmpty() || telegram.linkedChats(new UserId(found.get().ownerId)).stream()
                .noneMatch(link -> link.telegramUserId() == query.fromUserId())) {
            return Optional.of(CallbackAnswer.alert("Only the owner can answer this request."));
        }
        HumanRequest request = found.get();
        if (request.status() != HumanRequest.Status.PENDING) {
            return Optional.of(CallbackAnswer.toast("Already " + status(request) + "."));
        }
        if (index < 0 || index >= request.options.size()) {
            return Optional.of(CallbackAnswer.alert("This option no longer exists."));
        }
        approvals.answerLocked(request, Decider.telegram(new UserId(request.ownerId), query.fromUserId()),
                request.options.get(index), null);
        if (query.chatId() != null && query.messageId() != null) {
            outbox.enqueueAsEditOf(OutgoingReply.plain(query.botId(), query.chatId(),
                    note(request) + "\n\n✅ Answered: " + request.response()), query.messageId());
        }
        return Optional.of(CallbackAnswer.toast("Answered: " + request.response()));
    }

    private static String note(HumanRequest request) {
        return "🙋 " + request.title + "\n\n" + request.message;
    }

    private static String status(HumanRequest request) {
        return request.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
