package dev.switchboard.telegram.botapi;

import dev.switchboard.telegram.InlineButton;
import java.util.List;
import java.util.Objects;

/**
 * A text message to send with {@code sendMessage}.
 *
 * @param chatId the chat to send to
 * @param text the text, at most 4096 characters after entity parsing
 * @param format how Telegram reads the text
 * @param replyToMessageId the message this one answers ({@code reply_parameters}), or null;
 *     sent with {@code allow_sending_without_reply} so a deleted original does not fail the send
 * @param businessConnectionId the business connection to send on behalf of, or null
 * @param buttons an inline keyboard ({@code reply_markup}), rows of buttons; empty for none
 */
public record OutgoingMessage(long chatId, String text, TextFormat format, Long replyToMessageId,
        String businessConnectionId, List<List<InlineButton>> buttons) {

    public OutgoingMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        buttons = buttons == null ? List.of() : buttons.stream().map(List::copyOf).toList();
    }

    /** A message without buttons. */
    public OutgoingMessage(long chatId, String text, TextFormat format, Long replyToMessageId,
            String businessConnectionId) {
        this(chatId, text, format, replyToMessageId, businessConnectionId, List.of());
    }

    /** A message in Telegram's HTML subset. */
    public static OutgoingMessage html(long chatId, String text) {
        return new OutgoingMessage(chatId, text, TextFormat.HTML, null, null);
    }

    /** A message sent literally, without formatting. */
    public static OutgoingMessage plain(long chatId, String text) {
        return new OutgoingMessage(chatId, text, TextFormat.PLAIN, null, null);
    }

    /** The same message as an answer to {@code messageId}. */
    public OutgoingMessage replyingTo(long messageId) {
        return new OutgoingMessage(chatId, text, format, messageId, businessConnectionId, buttons);
    }

    /** The same message sent on behalf of a business account. */
    public OutgoingMessage viaBusinessConnection(String connectionId) {
        return new OutgoingMessage(chatId, text, format, replyToMessageId, connectionId, buttons);
    }

    /** The same message with other text and format, e.g. the plain-text fallback. */
    public OutgoingMessage withText(String newText, TextFormat newFormat) {
        return new OutgoingMessage(chatId, newText, newFormat, replyToMessageId, businessConnectionId, buttons);
    }

    /** The same message with these rows of buttons under it. */
    public OutgoingMessage withButtons(List<List<InlineButton>> rows) {
        return new OutgoingMessage(chatId, text, format, replyToMessageId, businessConnectionId, rows);
    }
}
