package dev.switchboard.telegram.botapi;

/**
 * A business connection as {@code getBusinessConnection} returns it.
 *
 * @param id the connection's id
 * @param userId the person who connected their business account
 * @param userChatId their private chat with the bot
 * @param date when the connection was made, Unix seconds
 * @param canReply {@code rights.can_reply}
 * @param enabled {@code is_enabled}
 */
public record BusinessConnectionInfo(String id, long userId, long userChatId, long date, boolean canReply,
        boolean enabled) {
}
