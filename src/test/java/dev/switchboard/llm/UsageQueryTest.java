package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.llm.UsageQuery.GroupBy;
import dev.switchboard.shared.InvalidException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageQueryTest {

    static final Instant NOW = Instant.parse("2026-11-25T14:30:00Z");

    @Test
    void withoutParametersItIsTheLast30DaysByDay() {
        UsageQuery query = UsageQuery.parse(null, null, null, null, null, NOW);

        assertThat(query.groupBy()).isEqualTo(GroupBy.DAY);
        assertThat(query.to()).isEqualTo(NOW);
        assertThat(query.from()).isEqualTo(NOW.minus(Duration.ofDays(30)));
        assertThat(query.botId()).isNull();
        assertThat(query.modelId()).isNull();
    }

    @Test
    void datesAreUtcMidnightsAndInstantsAreTakenAsGiven() {
        UsageQuery query = UsageQuery.parse("Model", "2026-11-01", "2026-11-20T10:15:30+02:00", null, null, NOW);

        assertThat(query.groupBy()).isEqualTo(GroupBy.MODEL);
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-20T08:15:30Z"));
    }

    @Test
    void onlyFromGivenEndsNowAndOnlyToGivenStarts30DaysBefore() {
        assertThat(UsageQuery.parse("bot", "2026-11-01", null, null, null, NOW).to()).isEqualTo(NOW);
        assertThat(UsageQuery.parse("user", null, "2026-11-10", null, null, NOW).from())
                .isEqualTo(Instant.parse("2026-10-11T00:00:00Z"));
    }

    @Test
    void filtersAreUuids() {
        UUID bot = UUID.randomUUID();
        UUID model = UUID.randomUUID();

        UsageQuery query = UsageQuery.parse("day", null, null, bot.toString(), model.toString(), NOW);

        assertThat(query.botId()).isEqualTo(bot);
        assertThat(query.modelId()).isEqualTo(model);
    }

    @Test
    void everyBadParameterIsNamed() {
        InvalidException invalid = catchThrowableOfType(InvalidException.class,
                () -> UsageQuery.parse("week", "yesterday", "2026-13-01", "bot-1", "x", NOW));

        assertThat(invalid.fieldErrors()).containsOnlyKeys("groupBy", "from", "to", "botId", "modelId");
    }

    @Test
    void fromAfterToIsRefusedButAnEmptyPeriodIsNot() {
        InvalidException invalid = catchThrowableOfType(InvalidException.class,
                () -> UsageQuery.parse(null, "2026-11-02", "2026-11-01", null, null, NOW));

        assertThat(invalid.fieldErrors()).containsOnlyKeys("from");
        assertThat(UsageQuery.parse(null, "2026-11-02", "2026-11-02", null, null, NOW).from())
                .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void periodsLongerThan366DaysAreRefused() {
        assertThat(UsageQuery.parse(null, "2025-01-01", "2026-01-02", null, null, NOW).to())
                .isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));

        InvalidException invalid = catchThrowableOfType(InvalidException.class,
                () -> UsageQuery.parse(null, "2025-01-01", "2026-01-02T00:00:01Z", null, null, NOW));

        assertThat(invalid.fieldErrors()).containsOnlyKeys("to");
    }
}
