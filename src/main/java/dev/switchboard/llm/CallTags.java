package dev.switchboard.llm;

import java.util.UUID;

/**
 * What a call was made for, recorded with it so usage can be reported per bot, chat and Telegram
 * user. Every part is optional.
 *
 * @param botId the bot that answered, or null
 * @param chatId the Telegram chat, or null
 * @param telegramUserId the Telegram user who wrote, or null
 */
public record CallTags(UUID botId, Long chatId, Long telegramUserId) {

    private static final CallTags NONE = new CallTags(null, null, null);

    /** No tags: a call made outside any bot, e.g. a provider test. */
    public static CallTags none() {
        return NONE;
    }
}
