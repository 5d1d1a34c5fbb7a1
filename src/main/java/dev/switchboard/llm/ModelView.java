package dev.switchboard.llm;

import java.math.BigDecimal;

/**
 * A model of a user's catalog, as other modules see it.
 *
 * @param id the model
 * @param providerId the provider that serves it
 * @param providerType {@code openai}, {@code anthropic}, {@code openai_compatible} or {@code ollama}
 * @param modelName the provider's name for the model, e.g. {@code gpt-4o-mini}
 * @param contextWindow how many tokens (prompt plus answer) the model accepts; callers budget
 *     the conversation history with it
 * @param defaultTemperature the temperature used when a request gives none; null leaves it to the provider
 * @param inputPricePerMillion price of one million prompt tokens (in the owner's currency)
 * @param outputPricePerMillion price of one million answer tokens
 */
public record ModelView(ModelId id, ProviderId providerId, String providerType, String modelName, int contextWindow,
        Double defaultTemperature, BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion) {
}
