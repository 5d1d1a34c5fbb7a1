/**
 * The Telegram Bot API client: one {@link dev.switchboard.telegram.botapi.BotApi} per bot token,
 * made by {@link dev.switchboard.telegram.botapi.BotApiFactory} for the configured API base URL.
 * It wraps the pengrad java-telegram-bot-api library (except {@code getUpdates}, read as a JSON
 * tree on the library's HTTP client so updates are kept as sent), answers with this package's
 * records so no library type escapes, and turns every failure into a classified
 * {@link dev.switchboard.telegram.TelegramException} that never contains the token.
 */
package dev.switchboard.telegram.botapi;
