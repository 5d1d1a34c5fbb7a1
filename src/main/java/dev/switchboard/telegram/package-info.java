/**
 * Telegram: the bots, how their updates arrive (webhook and long polling) and how replies leave
 * (the Bot API client in {@code botapi}, later an outbox with rate limits). It owns everything that
 * speaks the Telegram wire format and classifies Telegram failures once
 * ({@link dev.switchboard.telegram.TelegramException}); it knows nothing of models, chats' meaning or
 * workflows.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "vault"})
package dev.switchboard.telegram;
