package dev.switchboard.llm;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A model's answer and what it cost.
 *
 * @param text the whole answer
 * @param inputTokens prompt tokens, as the provider counted them
 * @param outputTokens answer tokens, as the provider counted them
 * @param cost tokens times the catalog prices of the model, per million
 * @param latency from sending the request to having the whole answer
 * @param timeToFirstToken from sending the request to the first piece of text (streaming); equals
 *     {@code latency} for a blocking call
 * @param model the model that answered
 * @param cutShort whether the answer stopped at the output token limit rather than where the model ended it
 */
public record ChatResult(String text, int inputTokens, int outputTokens, BigDecimal cost, Duration latency,
        Duration timeToFirstToken, ModelId model, boolean cutShort) {
}
