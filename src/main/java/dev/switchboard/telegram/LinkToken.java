package dev.switchboard.telegram;

import java.time.Instant;
import java.util.UUID;

/**
 * A one-time connection token, shown once: opening {@code url} in Telegram sends the bot
 * {@code /start <token>}, which links the Telegram user to the account that made it.
 *
 * @param token the token (only its digest is stored)
 * @param url {@code https://t.me/<bot username>?start=<token>}
 * @param botId the bot it links through
 * @param expiresAt after this it is refused
 */
public record LinkToken(String token, String url, UUID botId, Instant expiresAt) {
}
