package dev.switchboard.telegram;

import java.time.Duration;
import java.util.Optional;

/**
 * A Bot API call that failed, classified once where it happened.
 *
 * <p>{@link Kind#RETRYABLE}: Telegram asked us to slow down (429, see {@link #retryAfter()}), it
 * failed on its side (5xx), or it could not be reached in time (timeouts, refused or broken
 * connections, answers that are not the Bot API's JSON). {@link Kind#FATAL}: repeating the same
 * call cannot succeed: 401 (the token is wrong or revoked), 403 (e.g. the user blocked the bot), 400
 * (a bad request, e.g. HTML that does not parse) and other 4xx answers.
 *
 * <p>The message names the method and Telegram's description; it never contains the bot token.
 */
public class TelegramException extends RuntimeException {

    /** Whether the same call may succeed when repeated later. */
    public enum Kind {
        /** Repeat later, honouring {@link TelegramException#retryAfter()} when present. */
        RETRYABLE,
        /** Repeating the same call cannot succeed. */
        FATAL
    }

    private final Kind kind;
    private final String method;
    private final int errorCode;
    private final String description;
    private final Duration retryAfter;
    private final Long migrateToChatId;

    /**
     * @param kind retryable or fatal
     * @param method the Bot API method that failed, e.g. {@code sendMessage}
     * @param errorCode Telegram's {@code error_code} (usually the HTTP status); 0 when no answer came
     * @param description Telegram's {@code description}, or what went wrong on the way
     * @param retryAfter Telegram's {@code parameters.retry_after}, or null
     * @param cause the underlying failure, free of the token, or null
     */
    public TelegramException(Kind kind, String method, int errorCode, String description, Duration retryAfter,
            Throwable cause) {
        this(kind, method, errorCode, description, retryAfter, null, cause);
    }

    /**
     * @param migrateToChatId Telegram's {@code parameters.migrate_to_chat_id} (the group became a
     *     supergroup with this id), or null
     * @see #TelegramException(Kind, String, int, String, Duration, Throwable)
     */
    public TelegramException(Kind kind, String method, int errorCode, String description, Duration retryAfter,
            Long migrateToChatId, Throwable cause) {
        super(message(method, errorCode, description, retryAfter), cause);
        this.kind = kind;
        this.method = method;
        this.errorCode = errorCode;
        this.description = description;
        this.retryAfter = retryAfter;
        this.migrateToChatId = migrateToChatId;
    }

    private static String message(String method, int errorCode, String description, Duration retryAfter) {
        var text = new StringBuilder("Telegram ").append(method).append(" failed: ");
        if (errorCode > 0) {
            text.append(errorCode).append(' ');
        }
        text.append(description);
        if (retryAfter != null) {
            text.append(" (retry after ").append(retryAfter.toSeconds()).append(" s)");
        }
        return text.toString();
    }

    /** Retryable or fatal. */
    public Kind kind() {
        return kind;
    }

    /** True if the same call may succeed later (429, 5xx, timeouts, connection failures). */
    public boolean isRetryable() {
        return kind == Kind.RETRYABLE;
    }

    /** The Bot API method that failed, e.g. {@code sendMessage}. */
    public String method() {
        return method;
    }

    /** Telegram's {@code error_code} (the HTTP status for non-JSON answers); 0 when no answer came. */
    public int errorCode() {
        return errorCode;
    }

    /** Telegram's {@code description}, e.g. "Forbidden: bot was blocked by the user". */
    public String description() {
        return description;
    }

    /** How long Telegram asked us to wait before the next call ({@code parameters.retry_after}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * The new id of a group that became a supergroup ({@code parameters.migrate_to_chat_id}): send
     * to that chat instead.
     */
    public Optional<Long> migrateToChatId() {
        return Optional.ofNullable(migrateToChatId);
    }

    /** True if Telegram rejected the text's formatting (400 "can't parse entities"): resend it as plain text. */
    public boolean isCantParseEntities() {
        return errorCode == 400 && description.toLowerCase().contains("can't parse entities");
    }

    /** True if the text is longer than Telegram accepts (400 "message is too long"). */
    public boolean isMessageTooLong() {
        return errorCode == 400 && description.toLowerCase().contains("message is too long");
    }

    /** True if the bot token is wrong or was revoked (401): the bot cannot work until it gets a new one. */
    public boolean isUnauthorized() {
        return errorCode == 401;
    }

    /** True if Telegram forbids the call (403), e.g. the user blocked the bot or it left the group. */
    public boolean isForbidden() {
        return errorCode == 403;
    }
}
