package dev.switchboard.testing;

import java.time.Duration;

/**
 * A failure {@link FakeTelegram} injects, with Telegram's own status, description and
 * {@code retry_after}. By default it hits the next call of any method, once; narrow it with
 * {@link #on}, {@link #forChat}, {@link #forBot} and {@link #times}.
 *
 * @param method the Bot API method it applies to (case-insensitive), or null for any
 * @param chatId the {@code chat_id} it applies to, or null for any
 * @param botId the bot it applies to, or null for any
 * @param times how many matching calls it fails
 * @param delay how long the fake waits before answering (a slow Telegram)
 * @param errorCode the error to answer with after the delay; 0 answers normally
 * @param description Telegram's description of the error
 * @param retryAfter {@code parameters.retry_after} in seconds, or null
 * @param migrateToChatId {@code parameters.migrate_to_chat_id}, or null
 * @param htmlBody answer with an HTML page instead of the JSON envelope (a failing proxy)
 */
public record Fault(String method, Long chatId, Long botId, int times, Duration delay, int errorCode,
        String description, Integer retryAfter, Long migrateToChatId, boolean htmlBody) {

    /** 429 "Too Many Requests: retry after N" with {@code parameters.retry_after}. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
        return error(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds);
    }

    /** 400 "Bad Request: can't parse entities: ...", whatever the text. */
    public static Fault cantParseEntities() {
        return error(400, "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
                null);
    }

    /** 403 "Forbidden: bot was blocked by the user". */
    public static Fault botBlocked() {
        return error(403, "Forbidden: bot was blocked by the user", null);
    }

    /** 401 "Unauthorized", as for a revoked token. */
    public static Fault unauthorized() {
        return error(401, "Unauthorized", null);
    }

    /** 400 "Bad Request: group chat was upgraded to a supergroup chat" with {@code parameters.migrate_to_chat_id}. */
    public static Fault groupMigrated(long newChatId) {
        return new Fault(null, null, null, 1, Duration.ZERO, 400,
                "Bad Request: group chat was upgraded to a supergroup chat", null, newChatId, false);
    }

    /** 500 "Internal Server Error". */
    public static Fault serverError() {
        return error(500, "Internal Server Error", null);
    }

    /** 502 with an HTML page, as a failing reverse proxy in front of a Bot API server answers. */
    public static Fault badGatewayHtml() {
        return new Fault(null, null, null, 1, Duration.ZERO, 502, "Bad Gateway", null, null, true);
    }

    /** Any error answer. */
    public static Fault error(int errorCode, String description, Integer retryAfterSeconds) {
        return new Fault(null, null, null, 1, Duration.ZERO, errorCode, description, retryAfterSeconds, null, false);
    }

    /** Answers normally, but only after {@code delay}. */
    public static Fault slow(Duration delay) {
        return new Fault(null, null, null, 1, delay, 0, null, null, null, false);
    }

    /** Only calls of this Bot API method. */
    public Fault on(String botApiMethod) {
        return new Fault(botApiMethod, chatId, botId, times, delay, errorCode, description, retryAfter, migrateToChatId, htmlBody);
    }

    /** Only calls for this chat. */
    public Fault forChat(long chat) {
        return new Fault(method, chat, botId, times, delay, errorCode, description, retryAfter, migrateToChatId, htmlBody);
    }

    /** Only calls by this bot. */
    public Fault forBot(long bot) {
        return new Fault(method, chatId, bot, times, delay, errorCode, description, retryAfter, migrateToChatId, htmlBody);
    }

    /** Fails this many matching calls instead of one. */
    public Fault times(int count) {
        return new Fault(method, chatId, botId, count, delay, errorCode, description, retryAfter, migrateToChatId, htmlBody);
    }

    /** Fails every matching call until the fake is reset. */
    public Fault always() {
        return times(Integer.MAX_VALUE);
    }

    /** The same error after a delay. */
    public Fault after(Duration wait) {
        return new Fault(method, chatId, botId, times, wait, errorCode, description, retryAfter, migrateToChatId, htmlBody);
    }

    boolean matches(String calledMethod, long calledBotId, Long calledChatId) {
        return (method == null || method.equalsIgnoreCase(calledMethod))
                && (botId == null || botId == calledBotId)
                && (chatId == null || chatId.equals(calledChatId));
    }
}
