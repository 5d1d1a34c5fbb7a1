package dev.switchboard.telegram.botapi;

/**
 * Who a token belongs to, as {@code getMe} reports it.
 *
 * @param id the bot's Telegram user id (also the part of the token before the colon)
 * @param username the bot's username, without the {@code @}
 * @param firstName the bot's display name
 */
public record BotIdentity(long id, String username, String firstName) {
}
