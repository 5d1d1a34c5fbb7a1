package dev.switchboard.testing;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builders of realistic Telegram updates, with the Bot API's field names, for
 * {@link FakeTelegram#enqueueUpdate} and {@link FakeTelegram#deliverToWebhook}. The updates carry
 * no {@code update_id}: the fake assigns one (set it with {@link #withUpdateId} to repeat an update).
 * Users are {@code {id, is_bot:false, first_name:"User <id>", username:"user<id>"}}; message ids
 * come from one increasing counter.
 */
public final class TelegramUpdates {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong MESSAGE_IDS = new AtomicLong(1000);
    private static final Clock CLOCK = Clock.systemUTC();

    private TelegramUpdates() {
    }

    /** The same update with a fixed {@code update_id}. */
    public static ObjectNode withUpdateId(ObjectNode update, long updateId) {
        var copy = JSON.createObjectNode().put("update_id", updateId);
        update.properties().forEach(field -> {
            if (!field.getKey().equals("update_id")) {
                copy.set(field.getKey(), field.getValue().deepCopy());
            }
        });
        return copy;
    }

    /** A text message from a user to the bot in their private chat (chat id = user id). */
    public static ObjectNode privateText(long userId, String text) {
        var message = message(privateChat(userId), user(userId), text);
        return update("message", message);
    }

    /** A text message in a group, without entities. */
    public static ObjectNode groupText(long chatId, long userId, String text) {
        return update("message", message(group(chatId), user(userId), text));
    }

    /** A group message that mentions the bot first: {@code "@<botUsername> <text>"} with a mention entity. */
    public static ObjectNode groupMention(long chatId, long userId, String botUsername, String text) {
        var mention = "@" + botUsername;
        var message = message(group(chatId), user(userId), mention + " " + text);
        message.putArray("entities").addObject().put("type", "mention").put("offset", 0)
                .put("length", mention.length());
        return update("message", message);
    }

    /**
     * A command in a group addressed to the bot, e.g. {@code groupCommand(-100, 7, "help", "my_bot", "")}
     * gives {@code "/help@my_bot"} with a bot_command entity over the command.
     */
    public static ObjectNode groupCommand(long chatId, long userId, String command, String botUsername,
            String arguments) {
        var addressed = "/" + command + "@" + botUsername;
        var text = arguments.isEmpty() ? addressed : addressed + " " + arguments;
        var message = message(group(chatId), user(userId), text);
        message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
                .put("length", addressed.length());
        return update("message", message);
    }

    /** A private command such as {@code /start payload}, with a bot_command entity. */
    public static ObjectNode privateCommand(long userId, String command, String arguments) {
        var slash = "/" + command;
        var message = message(privateChat(userId), user(userId), arguments.isEmpty() ? slash : slash + " " + arguments);
        message.putArray("entities").addObject().put("type", "bot_command").put("offset", 0)
                .put("length", slash.length());
        return update("message", message);
    }

    /** A group message replying to one of the bot's messages ({@code reply_to_message} from the bot). */
    public static ObjectNode groupReplyToBot(long chatId, long userId, String text, long botMessageId, long botId,
            String botUsername, String botMessageText) {
        var message = message(group(chatId), user(userId), text);
        var replied = message.putObject("reply_to_message").put("message_id", botMessageId);
        replied.set("from", JSON.createObjectNode().put("id", botId).put("is_bot", true)
                .put("first_name", "Bot").put("username", botUsername));
        replied.set("chat", group(chatId));
        replied.put("date", now() - 60).put("text", botMessageText);
        return update("message", message);
    }

    /** A press of an inline button under the bot's message {@code messageId} in {@code chatId}. */
    public static ObjectNode callbackQuery(String queryId, long userId, long chatId, long messageId, String data) {
        var query = JSON.createObjectNode().put("id", queryId);
        query.set("from", user(userId));
        var message = query.putObject("message").put("message_id", messageId);
        message.set("chat", chatId > 0 ? privateChat(chatId) : group(chatId));
        message.put("date", now() - 60).put("text", "Choose:");
        query.put("chat_instance", String.valueOf(chatId * 31 + 7)).put("data", data);
        return update("callback_query", query);
    }

    /**
     * A business account connected (or disconnected) the bot (Bot API 9: {@code rights} replaced
     * {@code can_reply}).
     */
    public static ObjectNode businessConnection(String connectionId, long ownerUserId, boolean enabled) {
        var connection = JSON.createObjectNode().put("id", connectionId);
        connection.set("user", user(ownerUserId));
        connection.put("user_chat_id", ownerUserId).put("date", now());
        connection.putObject("rights").put("can_reply", true).put("can_read_messages", true)
                .put("can_delete_sent_messages", true);
        connection.put("is_enabled", enabled);
        return update("business_connection", connection);
    }

    /**
     * A business connection as a Bot API before 9.0 sent it: {@code can_reply} at the top level, no
     * {@code rights}.
     */
    public static ObjectNode legacyBusinessConnection(String connectionId, long ownerUserId, boolean canReply,
            boolean enabled) {
        var connection = JSON.createObjectNode().put("id", connectionId);
        connection.set("user", user(ownerUserId));
        connection.put("user_chat_id", ownerUserId).put("date", now()).put("can_reply", canReply)
                .put("is_enabled", enabled);
        return update("business_connection", connection);
    }

    /** A message the business account's owner wrote themselves to a customer, in the customer's chat. */
    public static ObjectNode ownBusinessMessage(String connectionId, long ownerUserId, long customerUserId,
            String text) {
        var message = message(privateChat(customerUserId), user(ownerUserId), text);
        message.put("business_connection_id", connectionId);
        return update("business_message", message);
    }

    /** The same update with its message's {@code date} moved into the past. */
    public static ObjectNode sentAgo(ObjectNode update, java.time.Duration ago) {
        var copy = update.deepCopy();
        for (var field : copy.properties()) {
            if (field.getValue().isObject() && field.getValue().has("date")) {
                ((ObjectNode) field.getValue()).put("date", now() - ago.toSeconds());
            }
        }
        return copy;
    }

    /** The message id of an update's message (e.g. to edit or delete it later). */
    public static long messageId(ObjectNode update) {
        for (var field : update.properties()) {
            if (field.getValue().has("message_id")) {
                return field.getValue().get("message_id").asLong();
            }
        }
        throw new IllegalArgumentException("no message in " + update);
    }

    /** A message a customer sent to a connected business account, in their private chat. */
    public static ObjectNode businessMessage(String connectionId, long customerUserId, String text) {
        var message = message(privateChat(customerUserId), user(customerUserId), text);
        message.put("business_connection_id", connectionId);
        return update("business_message", message);
    }

    /** A customer edited a message in a business chat. */
    public static ObjectNode editedBusinessMessage(String connectionId, long customerUserId, long messageId,
            String newText) {
        var message = message(privateChat(customerUserId), user(customerUserId), newText);
        message.put("message_id", messageId).put("business_connection_id", connectionId).put("edit_date", now());
        return update("edited_business_message", message);
    }

    /** Messages were deleted from a business chat. */
    public static ObjectNode deletedBusinessMessages(String connectionId, long customerUserId, long... messageIds) {
        var deleted = JSON.createObjectNode().put("business_connection_id", connectionId);
        deleted.set("chat", privateChat(customerUserId));
        var ids = deleted.putArray("message_ids");
        for (var id : messageIds) {
            ids.add(id);
        }
        return update("deleted_business_messages", deleted);
    }

    /** A Telegram user (not a bot). */
    public static ObjectNode user(long userId) {
        return JSON.createObjectNode().put("id", userId).put("is_bot", false).put("first_name", "User " + userId)
                .put("username", "user" + userId).put("language_code", "en");
    }

    private static ObjectNode privateChat(long userId) {
        return JSON.createObjectNode().put("id", userId).put("first_name", "User " + userId)
                .put("username", "user" + userId).put("type", "private");
    }

    private static ObjectNode group(long chatId) {
        return JSON.createObjectNode().put("id", chatId).put("title", "Group " + chatId).put("type", "supergroup");
    }

    private static ObjectNode message(ObjectNode chat, ObjectNode from, String text) {
        var message = JSON.createObjectNode().put("message_id", MESSAGE_IDS.incrementAndGet());
        message.set("from", from);
        message.set("chat", chat);
        message.put("date", now()).put("text", text);
        return message;
    }

    private static ObjectNode update(String type, ObjectNode payload) {
        var update = JSON.createObjectNode();
        update.set(type, payload);
        return update;
    }

    private static long now() {
        return CLOCK.instant().getEpochSecond();
    }
}
