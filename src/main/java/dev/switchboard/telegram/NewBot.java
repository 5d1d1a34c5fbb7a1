package dev.switchboard.telegram;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Everything needed to create a bot; the token is checked with {@code getMe} before anything is stored. */
record NewBot(String name, String token, UUID modelId, UUID fallbackModelId, BotMode mode, Approval approval,
        String systemPrompt, Double temperature, String startMessage, String helpMessage, String errorMessage,
        List<Long> allowedTelegramUserIds, List<UUID> allowedModelIds, boolean recordGroupMessages,
        BigDecimal monthlyBudget, String budgetMessage) {
}
