package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A bot as stored: its Telegram identity, how updates reach it, and its reply settings. The token
 * is only referenced (a vault credential id).
 */
record Bot(UUID id, UserId ownerId, String name, long telegramBotId, String username, UUID tokenCredentialId,
        UUID modelId, UUID fallbackModelId, BotMode mode, Approval approval, String systemPrompt,
        Double temperature, String startMessage, String helpMessage, String errorMessage,
        List<Long> allowedTelegramUserIds, List<UUID> allowedModelIds, boolean recordGroupMessages,
        BigDecimal monthlyBudget, String budgetMessage, boolean enabled, String disabledReason,
        byte[] webhookSecretHash, long pollOffset, String lastError, Instant lastErrorAt, Instant createdAt,
        Instant updatedAt) {

    Bot {
        allowedTelegramUserIds = List.copyOf(allowedTelegramUserIds);
        allowedModelIds = List.copyOf(allowedModelIds);
    }

    BotSettings settings() {
        return new BotSettings(id, ownerId, name, telegramBotId, username, modelId, fallbackModelId, mode, approval,
                systemPrompt, temperature, startMessage, helpMessage, errorMessage, allowedTelegramUserIds,
                allowedModelIds, recordGroupMessages, monthlyBudget, budgetMessage, enabled, createdAt);
    }
}
