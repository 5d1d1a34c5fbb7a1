package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What other modules need to know about a bot to answer its chats. Never holds the token.
 *
 * @param id the Switchboard bot id
 * @param ownerId who owns the bot
 * @param name the owner's name for the bot
 * @param telegramBotId the bot's Telegram user id
 * @param username the bot's Telegram username, without {@code @}
 * @param modelId the model that answers (an llm model id)
 * @param fallbackModelId the model used when the primary keeps failing with retryable errors, or null
 * @param mode webhook or polling
 * @param approval whether replies are sent at once or reviewed first
 * @param systemPrompt the system prompt, or null
 * @param temperature the sampling temperature, or null for the model's default
 * @param startMessage the answer to {@code /start}, or null for the default
 * @param helpMessage the answer to {@code /help}, or null for the default
 * @param errorMessage what a user is told when their message could not be answered, or null for the default
 * @param allowedTelegramUserIds the Telegram users the bot answers; empty means everyone
 * @param allowedModelIds further models a chat may switch to with {@code /model} (the bot's model
 *     and fallback are always allowed)
 * @param recordGroupMessages whether group messages that do not address the bot are kept as context
 * @param monthlyBudget the most the bot's model calls may cost per calendar month (UTC), or null for no limit
 * @param budgetMessage what users are told once the budget is spent, or null for the default
 * @param enabled whether the bot is taking updates
 * @param createdAt when the bot was added to Switchboard
 */
public record BotSettings(UUID id, UserId ownerId, String name, long telegramBotId, String username, UUID modelId,
        UUID fallbackModelId, BotMode mode, Approval approval, String systemPrompt, Double temperature,
        String startMessage, String helpMessage, String errorMessage, List<Long> allowedTelegramUserIds,
        List<UUID> allowedModelIds, boolean recordGroupMessages, BigDecimal monthlyBudget, String budgetMessage,
        boolean enabled, Instant createdAt) {

    /** Said to a user whose message could not be answered, when the owner set nothing else. */
    public static final String DEFAULT_ERROR_MESSAGE =
            "Sorry, I could not answer that just now. Please try again in a little while.";

    /** The error message to send: the owner's, or the default. */
    public String errorMessageOrDefault() {
        return errorMessage == null || errorMessage.isBlank() ? DEFAULT_ERROR_MESSAGE : errorMessage;
    }

    /** True if this Telegram user may talk to the bot. */
    public boolean allows(Long telegramUserId) {
        return allowedTelegramUserIds.isEmpty()
                || (telegramUserId != null && allowedTelegramUserIds.contains(telegramUserId));
    }
}
