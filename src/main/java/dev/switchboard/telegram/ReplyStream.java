package dev.switchboard.telegram;

import dev.switchboard.telegram.botapi.BotApi;
import dev.switchboard.telegram.botapi.ChatAction;
import dev.switchboard.telegram.botapi.OutgoingMessage;
import dev.switchboard.telegram.botapi.TextFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply shown while the model writes it. In a private chat the text grows as a draft
 * ({@code sendMessageDraft}, at most once a second, taking from the bot's budget but not the chat's,
 * since a draft is not a message); elsewhere one message is sent and then edited, taking from the
 * chat's budget too. Updates use the outbox's limits ({@link SendLimits}) and are skipped when no
 * slot is free, keeping some in reserve for final replies, so a bot is never flood-limited by
 * streaming. The final text goes
 * through the outbox: as a new message after a draft, or as the last edit of the streamed message
 * ({@link #streamedMessageId()}).
 *
 * <p>Streaming is best effort: when Telegram refuses an update, the stream stops showing and the
 * final reply still goes out. Not thread-safe: one model stream feeds one {@code ReplyStream}.
 */
public final class ReplyStream {

    private static final Logger log = LoggerFactory.getLogger(ReplyStream.class);
    /** Updates never come closer than this, however many slots are free. */
    static final Duration PRIVATE_INTERVAL = Duration.ofSeconds(1);
    static final Duration GROUP_INTERVAL = Duration.ofSeconds(3);
    /** Slots of a group's per-minute budget that streaming leaves for final replies. */
    static final int GROUP_RESERVE = 5;
    /** Slots of a bot's per-second budget that drafts leave for messages. */
    static final int BOT_RESERVE = 5;
    /**
     * The first update waits until the text has been coming for this long: an answer that is
     * complete sooner goes out as its final message only, without a draft (or a message and an
     * edit, in groups) shown a moment before it. "typing…" covers the wait.
     */
    static final Duration FIRST_UPDATE_AFTER = Duration.ofMillis(300);
    /** Partial texts are cut to what one message can hold. */
    static final int PREVIEW_LIMIT = 4000;

    private final UUID botId;
    private final long chatId;
    private final boolean privateChat;
    private final Long replyToMessageId;
    private final BotApi api;
    private final SendLimits limits;
    private final Clock clock;
    private final int draftId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private Instant lastUpdate = Instant.EPOCH;
    private Instant firstText;
    private Long messageId;
    private String shown = "";
    private boolean stopped;
    private volatile Thread typingCall;

    ReplyStream(UUID botId, long chatId, boolean privateChat, Long replyToMessageId, BotApi api, SendLimits limits,
            Clock clock) {
        this.botId = botId;
        this.chatId = chatId;
        this.privateChat = privateChat;
        this.replyToMessageId = replyToMessageId;
        this.api = api;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Shows "typing…" in the chat (for about five seconds, or until the first text). Sent beside
     * the model call rather than before it, so the model starts one Telegram round trip sooner;
     * the first streamed text and {@link #streamedMessageId()} wait for it, so it never lands
     * after the reply.
     */
    public void typing() {
        typingCall = Thread.ofVirtual().name("typing-" + chatId).start(() -> {
            try {
                api.sendChatAction(chatId, ChatAction.TYPING, null);
            } catch (TelegramException e) {
                log.debug("Typing action in chat {} of bot {} failed: {}", chatId, botId, e.getMessage());
            }
        });
    }

    private void awaitTyping() {
        Thread call = typingCall;
        if (call == null) {
            return;
        }
        try {
            call.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        typingCall = null;
    }

    /** Shows the reply as far as it is written, if a slot is free and the last update is old enough. */
    public void update(String textSoFar) {
        String text = textSoFar == null ? "" : textSoFar.strip();
        Instant now = clock.instant();
        if (!text.isEmpty() && firstText == null) {
            firstText = now;
        }
        if (stopped || text.isEmpty() || text.equals(shown) || now.isBefore(firstText.plus(FIRST_UPDATE_AFTER))
                || now.isBefore(lastUpdate.plus(privateChat ? PRIVATE_INTERVAL : GROUP_INTERVAL))
                || !(privateChat ? limits.tryForDraft(botId, BOT_RESERVE)
                        : limits.tryForStreaming(botId, chatId, GROUP_RESERVE))) {
            return;
        }
        String preview = text.length() > PREVIEW_LIMIT ? text.substring(0, PREVIEW_LIMIT) + "…" : text;
        awaitTyping();
        try {
            if (privateChat) {
                api.sendMessageDraft(chatId, draftId, preview, TextFormat.PLAIN);
            } else if (messageId == null) {
                OutgoingMessage first = OutgoingMessage.plain(chatId, preview);
                messageId = api.sendMessage(replyToMessageId == null ? first : first.replyingTo(replyToMessageId))
                        .messageId();
            } else {
                api.editMessageText(chatId, messageId, preview, TextFormat.PLAIN);
            }
            shown = text;
            // Counted from when Telegram answered, not from when it was asked: a slow call does not
            // let the next update arrive sooner than the interval after this one.
            lastUpdate = clock.instant();
        } catch (TelegramException e) {
            stopped = true;
            log.info("Stopped streaming to chat {} of bot {}: {}", chatId, botId, e.getMessage());
        }
    }

    /**
     * The message the reply was streamed into (group chats), whose text the final reply replaces;
     * empty when the reply was shown as a draft or not at all, so the final reply is a new message.
     */
    public Optional<Long> streamedMessageId() {
        awaitTyping();
        return Optional.ofNullable(messageId);
    }
}
