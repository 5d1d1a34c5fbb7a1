package dev.switchboard.llm;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A catalog row: a provider's model with its context window, default temperature and prices per million tokens. */
record Model(UUID id, UUID ownerId, UUID providerId, String modelName, int contextWindow, Double defaultTemperature,
        BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion, Instant createdAt, Instant updatedAt) {
}
