package dev.switchboard.llm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Cost arithmetic: prices are per million tokens; amounts lose their trailing zeros for display. */
final class Money {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Money() {
    }

    /** {@code (input × inputPrice + output × outputPrice) / 1e6}, exact to 12 decimal places. */
    static BigDecimal cost(int inputTokens, int outputTokens, BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion) {
        BigDecimal total = inputPricePerMillion.multiply(BigDecimal.valueOf(inputTokens))
                .add(outputPricePerMillion.multiply(BigDecimal.valueOf(outputTokens)));
        return normalized(total.divide(MILLION, 12, RoundingMode.HALF_UP));
    }

    /** The same amount without trailing zeros and never in exponent form (10, not 1E+1). */
    static BigDecimal normalized(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
