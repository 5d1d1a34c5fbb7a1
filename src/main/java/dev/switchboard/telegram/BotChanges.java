package dev.switchboard.telegram;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A partial update of a bot: a null field is left as it is; for the optional settings an empty
 * {@link Optional} (JSON {@code null}) clears the value.
 */
record BotChanges(String name, String token, UUID modelId, Optional<UUID> fallbackModelId, BotMode mode,
        Approval approval, Optional<String> systemPrompt, Optional<Double> temperature,
        Optional<String> startMessage, Optional<String> helpMessage, Optional<String> errorMessage,
        List<Long> allowedTelegramUserIds, List<UUID> allowedModelIds, Boolean recordGroupMessages,
        Optional<BigDecimal> monthlyBudget, Optional<String> budgetMessage) {
}
