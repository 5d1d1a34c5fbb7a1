package dev.switchboard.telegram;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A bot as the API shows it: settings and state, never the token or the webhook secret. */
record BotView(UUID id, String name, String username, long telegramBotId, UUID modelId, UUID fallbackModelId,
        String mode, String approval, String systemPrompt, Double temperature, String startMessage,
        String helpMessage, String errorMessage, List<Long> allowedTelegramUserIds, List<UUID> allowedModelIds,
        boolean recordGroupMessages, BigDecimal monthlyBudget, String budgetMessage, boolean enabled,
        String disabledReason, String lastError, Instant lastErrorAt, Instant createdAt, Instant updatedAt) {

    static BotView of(Bot bot) {
        return new BotView(bot.id(), bot.name(), bot.username(), bot.telegramBotId(), bot.modelId(),
                bot.fallbackModelId(), bot.mode().name().toLowerCase(Locale.ROOT),
                bot.approval().name().toLowerCase(Locale.ROOT), bot.systemPrompt(), bot.temperature(),
                bot.startMessage(), bot.helpMessage(), bot.errorMessage(), bot.allowedTelegramUserIds(),
                bot.allowedModelIds(), bot.recordGroupMessages(), bot.monthlyBudget(), bot.budgetMessage(), bot.enabled(),
                bot.disabledReason(), bot.lastError(), bot.lastErrorAt(), bot.createdAt(), bot.updatedAt());
    }
}
