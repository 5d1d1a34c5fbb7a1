/**
 * Telegram: the bots (settings, token in the vault, webhook or polling), how updates arrive (our
 * webhook endpoint and long polling with one poller per bot across instances, both handing each
 * accepted update on as {@link dev.switchboard.telegram.UpdateReceived} inside the accepting
 * transaction) and how replies leave (the outbox with Telegram's rate limits, over the Bot API client
 * in {@code botapi}, its finished replies deleted once past keeping), formatted as Telegram HTML
 * from Markdown by {@link dev.switchboard.telegram.TelegramMarkdown}. It classifies Telegram failures once
 * ({@link dev.switchboard.telegram.TelegramException}); it knows nothing of models, conversations or
 * workflows (a {@link dev.switchboard.telegram.BotModelCheck} from another module vets model ids).
 * Replies may carry {@link dev.switchboard.telegram.InlineButton}s; presses reach the
 * {@link dev.switchboard.telegram.CallbackQueryHandler}s of other modules (routed by the
 * conversation turn) and are answered through {@link dev.switchboard.telegram.TelegramService}, which
 * also owns account links (one-time {@code /start} tokens), owner alerts to linked chats, and
 * Telegram Business connections with their reply window (kept current as updates are accepted).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "vault"})
package dev.switchboard.telegram;
