package dev.switchboard.telegram.botapi;

/**
 * A message Telegram accepted.
 *
 * @param messageId the id Telegram gave it in its chat, used to edit it or reply to it
 */
public record SentMessage(long messageId) {
}
