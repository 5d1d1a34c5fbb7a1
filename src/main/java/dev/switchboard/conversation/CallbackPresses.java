package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.processing.InboxItem;
import dev.switchboard.shared.JsonValues;
import dev.switchboard.telegram.CallbackAnswer;
import dev.switchboard.telegram.CallbackQuery;
import dev.switchboard.telegram.CallbackQueryHandler;
import dev.switchboard.telegram.TelegramService;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routing point for button presses: a turn's {@code callback_query} items are parsed here into
 * {@link CallbackQuery}s and, inside the transaction that completes the turn, handed to the
 * {@link CallbackQueryHandler} beans of any module in {@code @Order}; the first answer wins, and a
 * press nobody takes is answered with nothing (the button stops spinning). The answer is sent after
 * the commit ({@link TelegramService#answerCallbackQuery}).
 */
@Component
class CallbackPresses {

    private static final Logger log = LoggerFactory.getLogger(CallbackPresses.class);

    private final ObjectProvider<CallbackQueryHandler> handlers;
    private final TelegramService telegram;
    private final JsonMapper json;

    CallbackPresses(ObjectProvider<CallbackQueryHandler> handlers, TelegramService telegram, JsonMapper json) {
        this.handlers = handlers;
        this.telegram = telegram;
        this.json = json;
    }

    /** The press in an inbox item, or empty if it is not a {@code callback_query} (or has no sender). */
    Optional<CallbackQuery> parse(UUID botId, UserId ownerId, InboxItem item) {
        if (!item.type().equals("callback_query")) {
            return Optional.empty();
        }
        JsonNode query = json.readTree(item.json()).path("callback_query");
        JsonNode id = query.path("id");
        JsonNode from = query.path("from").path("id");
        Long fromId = JsonValues.longOrNull(from);
        if (!id.isString() || fromId == null) {
            return Optional.empty();
        }
        JsonNode message = query.path("message");
        JsonNode chat = message.path("chat").path("id");
        JsonNode messageId = message.path("message_id");
        return Optional.of(new CallbackQuery(id.asString(), botId, ownerId, fromId,
                JsonValues.longOrNull(chat), JsonValues.longOrNull(messageId),
                query.path("data").asString("")));
    }

    /** Hands each press to the handlers and answers it after the commit. Call inside the completing transaction. */
    void route(List<CallbackQuery> presses) {
        for (CallbackQuery press : presses) {
            CallbackAnswer answer = handlers.orderedStream()
                    .map(handler -> handler.handle(press))
                    .flatMap(Optional::stream)
                    .findFirst()
                    .orElseGet(() -> {
                        log.debug("No handler took callback data '{}' of bot {}", press.data(), press.botId());
                        return CallbackAnswer.none();
                    });
            telegram.answerCallbackQuery(press.botId(), press.id(), answer);
        }
    }
}
