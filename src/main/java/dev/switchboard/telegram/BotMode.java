package dev.switchboard.telegram;

/** How a bot's updates reach Switchboard. */
public enum BotMode {
    /** Telegram posts each update to {@code SWITCHBOARD_PUBLIC_URL/telegram/webhook/{botId}}. */
    WEBHOOK,
    /** Switchboard long-polls {@code getUpdates}; one instance at a time per bot. */
    POLLING
}
