package dev.switchboard.conversation;

import dev.switchboard.processing.InboxItem;
import dev.switchboard.shared.JsonValues;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A text message of a turn, with what decides whether and how the bot answers it.
 *
 * @param telegramMessageId the message's id in its chat; 0 for a message written in the web playground
 * @param fromUserId who wrote it, or null
 * @param username the author's username, or null
 * @param firstName the author's first name, or null
 * @param lastName the author's last name, or null
 * @param text the text
 * @param chatType {@code private}, {@code group}, {@code supergroup} or {@code channel}; {@code web} for the playground
 * @param chatTitle the group's title or the private chat's first name, or null
 * @param replyToUserId the author of the message this one replies to, or null
 * @param mentions the {@code @usernames} mentioned in the text, lower case, without {@code @}
 * @param businessConnectionId for a {@code business_message}: the connection it came through; else null
 * @param senderBusinessBotId for a business message a bot sent as the person: that bot's id; else null
 */
record IncomingMessage(long telegramMessageId, Long fromUserId, String username, String firstName, String lastName,
        String text, String chatType, String chatTitle, Long replyToUserId, java.util.List<String> mentions,
        String businessConnectionId, Long senderBusinessBotId) {

    /** A message to the bot itself (not through a business connection). */
    IncomingMessage(long telegramMessageId, Long fromUserId, String username, String firstName, String lastName,
            String text, String chatType, String chatTitle, Long replyToUserId, java.util.List<String> mentions) {
        this(telegramMessageId, fromUserId, username, firstName, lastName, text, chatType, chatTitle, replyToUserId,
                mentions, null, null);
    }

    /** A command at the start of the text: {@code /name@bot payload}. */
    record Command(String name, String addressedTo, String payload) {
    }

    /** The same message with other text (e.g. a secret in it masked before it is stored). */
    IncomingMessage withText(String newText) {
        return new IncomingMessage(telegramMessageId, fromUserId, username, firstName, lastName, newText, chatType,
                chatTitle, replyToUserId, mentions, businessConnectionId, senderBusinessBotId);
    }

    boolean isGroup() {
        return chatType.equals("group") || chatType.equals("supergroup");
    }

    /** The command the message starts with, if any. */
    Optional<Command> command() {
        String stripped = text.strip();
        if (!stripped.startsWith("/") || stripped.length() < 2) {
            return Optional.empty();
        }
        String[] parts = stripped.split("\\s+", 2);
        String head = parts[0].substring(1);
        int at = head.indexOf('@');
        String name = (at < 0 ? head : head.substring(0, at)).toLowerCase(Locale.ROOT);
        String addressedTo = at < 0 ? null : head.substring(at + 1).toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            return Optional.empty();
        }
        return Optional.of(new Command(name, addressedTo, parts.length > 1 ? parts[1].strip() : ""));
    }

    /**
     * A message a Switchboard user wrote inside the app: no Telegram message or user behind it.
     *
     * @param chatType {@link ChatRepository#WEB_CHAT_TYPE} or {@link ChatRepository#API_CHAT_TYPE}
     */
    static IncomingMessage inApp(String chatType, String text) {
        return new IncomingMessage(0, null, null, null, null, text, chatType, null, null, java.util.List.of(), null, null);
    }

    /** The update's text message ({@code message} or {@code business_message}); empty for anything else. */
    static Optional<IncomingMessage> of(InboxItem item, JsonMapper json) {
        if (!item.type().equals("message") && !item.type().equals("business_message")) {
            return Optional.empty();
        }
        JsonNode message = json.readTree(item.json()).path(item.type());
        JsonNode text = message.path("text");
        if (!text.isString() || text.asString().isBlank()) {
            return Optional.empty();
        }
        JsonNode chat = message.path("chat");
        JsonNode from = message.path("from");
        String title = chat.path("title").isString() ? chat.path("title").asString()
                : chat.path("first_name").isString() ? chat.path("first_name").asString() : null;
        JsonNode replyTo = message.path("reply_to_message").path("from").path("id");
        java.util.List<String> mentions = new java.util.ArrayList<>();
        for (JsonNode entity : message.path("entities")) {
            if (entity.path("type").asString("").equals("mention")) {
                int offset = JsonValues.intOr(entity.path("offset"), -1);
                int length = JsonValues.intOr(entity.path("length"), 0);
                String value = text.asString();
                if (offset >= 0 && length > 1 && offset + length <= value.length()) {
                    mentions.add(value.substring(offset + 1, offset + length).toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.of(new IncomingMessage(JsonValues.longOr(message.path("message_id"), 0), item.fromUserId(),
                textOrNull(from, "username"), textOrNull(from, "first_name"), textOrNull(from, "last_name"),
                text.asString(), chat.path("type").asString("private"), title,
                JsonValues.longOrNull(replyTo), java.util.List.copyOf(mentions),
                textOrNull(message, "business_connection_id"),
                JsonValues.longOrNull(message.path("sender_business_bot").path("id"))));
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.path(field).isString() ? node.path(field).asString() : null;
    }
}
