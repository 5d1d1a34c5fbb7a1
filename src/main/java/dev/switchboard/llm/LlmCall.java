package dev.switchboard.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One recorded model call, successful or not.
 *
 * @param id the record
 * @param model the catalog model, or null for an ad-hoc provider test of a model not in the catalog
 * @param providerType the provider's type, e.g. {@code openai}
 * @param modelName the provider's name for the model
 * @param tags what the call was for
 * @param streaming whether the answer was streamed
 * @param inputTokens prompt tokens the provider reported (0 when it failed)
 * @param outputTokens answer tokens the provider reported
 * @param cost tokens times the catalog prices, per million
 * @param latency until the whole answer (or the failure)
 * @param timeToFirstToken until the first piece of text; the latency for a blocking call; null if none came
 * @param outcome {@code OK}, {@code RETRYABLE} or {@code FATAL}
 * @param status the provider's HTTP status of a failure, or null
 * @param error what went wrong, free of secrets, or null
 * @param at when the call ended
 */
public record LlmCall(UUID id, ModelId model, String providerType, String modelName, CallTags tags, boolean streaming,
        int inputTokens, int outputTokens, BigDecimal cost, Duration latency, Duration timeToFirstToken,
        Outcome outcome, Integer status, String error, Instant at) {

    /** How a call ended. */
    public enum Outcome {
        /** The model answered. */
        OK,
        /** It failed in a way that may pass when repeated. */
        RETRYABLE,
        /** It failed in a way that repeating cannot fix. */
        FATAL
    }
}
