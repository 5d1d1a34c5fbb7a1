package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Cost arithmetic. */
class MoneyTest {

    @Test
    void costIsTokensTimesPricePerMillionExactly() {
        assertThat(Money.cost(1_000_000, 0, new BigDecimal("2.5"), BigDecimal.TEN)).isEqualTo(new BigDecimal("2.5"));
        assertThat(Money.cost(12, 3, new BigDecimal("2.5"), BigDecimal.TEN)).isEqualTo(new BigDecimal("0.00006"));
        assertThat(Money.cost(1, 1, new BigDecimal("0.000001"), BigDecimal.ZERO))
                .isEqualTo(new BigDecimal("0.000000000001"));
        assertThat(Money.cost(0, 0, BigDecimal.ONE, BigDecimal.ONE)).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void amountsLoseTrailingZerosButNeverUseExponents() {
        assertThat(Money.normalized(new BigDecimal("10.000000")).toString()).isEqualTo("10");
        assertThat(Money.normalized(new BigDecimal("0.150000")).toString()).isEqualTo("0.15");
        assertThat(Money.normalized(null)).isNull();
    }
}
