package dev.switchboard.llm;

import java.math.BigDecimal;

/**
 * What a user's model calls added up to in a period.
 *
 * @param calls every call, successful or not
 * @param failedCalls calls that failed
 * @param inputTokens prompt tokens
 * @param outputTokens answer tokens
 * @param cost the summed cost
 */
public record UsageTotals(long calls, long failedCalls, long inputTokens, long outputTokens, BigDecimal cost) {
}
