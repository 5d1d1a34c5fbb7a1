package dev.switchboard.telegram;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A reply to put in the outbox.
 *
 * @param botId the bot that sends it
 * @param chatId the Telegram chat to send to
 * @param text the text; longer than Telegram's 4096 characters (for HTML: of visible text) it is split
 *     into several messages, HTML ones with the tags open at a cut closed and reopened
 * @param format how Telegram reads {@code text}
 * @param plainText the same reply without markup, sent if Telegram cannot parse {@code text}'s
 *     entities; null for plain replies
 * @param replyToMessageId the message this answers, or null
 * @param businessConnectionId the business connection to send on behalf of, or null
 * @param correlation the caller's reference (e.g. the message id it stored), echoed in {@link ReplySent}
 * @param buttons an inline keyboard under the message, rows of {@link InlineButton}s; empty for none.
 *     A reply split into several messages carries it under the last one. An edit
 *     ({@link OutboxService#enqueueAsEditOf}) sets the message's keyboard to this one, so an edit
 *     without buttons removes the keyboard (as Telegram's {@code editMessageText} does)
 */
public record OutgoingReply(UUID botId, long chatId, String text, ReplyFormat format, String plainText,
        Long replyToMessageId, String businessConnectionId, String correlation, List<List<InlineButton>> buttons) {

    public OutgoingReply {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a reply needs text");
        }
        buttons = InlineButton.copy(buttons);
    }

    /** A reply without buttons. */
    public OutgoingReply(UUID botId, long chatId, String text, ReplyFormat format, String plainText,
            Long replyToMessageId, String businessConnectionId, String correlation) {
        this(botId, chatId, text, format, plainText, replyToMessageId, businessConnectionId, correlation, List.of());
    }

    /** A plain-text reply. */
    public static OutgoingReply plain(UUID botId, long chatId, String text) {
        return new OutgoingReply(botId, chatId, text, ReplyFormat.PLAIN, null, null, null, null);
    }

    /**
     * A reply written in Markdown, sent as Telegram HTML rendered by {@link TelegramMarkdown}, with
     * its visible text as the plain fallback.
     *
     * @throws IllegalArgumentException if {@code markdown} is blank
     */
    public static OutgoingReply markdown(UUID botId, long chatId, String markdown) {
        TelegramText rendered = TelegramMarkdown.render(markdown);
        return new OutgoingReply(botId, chatId, rendered.html(), ReplyFormat.HTML, rendered.plain(), null, null, null);
    }

    /** The same reply as an answer to {@code messageId}. */
    public OutgoingReply replyingTo(Long messageId) {
        return new OutgoingReply(botId, chatId, text, format, plainText, messageId, businessConnectionId, correlation,
                buttons);
    }

    /** The same reply carrying the caller's reference. */
    public OutgoingReply correlatedWith(String reference) {
        return new OutgoingReply(botId, chatId, text, format, plainText, replyToMessageId, businessConnectionId,
                reference, buttons);
    }

    /** The same reply with these rows of buttons under it (replacing any it had). */
    public OutgoingReply withButtons(List<List<InlineButton>> rows) {
        return new OutgoingReply(botId, chatId, text, format, plainText, replyToMessageId, businessConnectionId,
                correlation, rows);
    }

    /** The same reply sent on behalf of a business account through this connection (null for none). */
    public OutgoingReply viaBusinessConnection(String connectionId) {
        return new OutgoingReply(botId, chatId, text, format, plainText, replyToMessageId, connectionId, correlation,
                buttons);
    }
}
