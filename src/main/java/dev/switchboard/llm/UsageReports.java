package dev.switchboard.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.identity.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage reports over the recorded calls: sums per model, bot, UTC day or Telegram user, computed by
 * the database, and the recent calls one by one. Only ever the owner's own calls.
 */
@Service
class UsageReports {

    /** The key of the group of calls without a bot, a Telegram user or a catalog model. */
    static final String NONE = "none";

    /**
     * A usage report.
     *
     * @param groupBy {@code model}, {@code bot}, {@code day} or {@code user}
     * @param from the first instant counted (inclusive)
     * @param to the end of the period (exclusive)
     * @param rows one per group; for {@code day} every UTC day the period touches, oldest first,
     *     days without calls included with zeros; otherwise only groups with calls, by cost, highest first
     * @param totals the whole period (averages over all its successful calls, not of the rows)
     */
    record Report(String groupBy, Instant from, Instant to, List<Row> rows, Totals totals) {
    }

    /**
     * What one group's calls add up to.
     *
     * @param key the model id, bot id, {@code YYYY-MM-DD} or Telegram user id; {@code none} for calls
     *     without a bot, user or catalog model
     * @param label the model's name (for {@code groupBy=model} only)
     * @param messages successful calls
     * @param inputTokens prompt tokens of all calls
     * @param outputTokens answer tokens of all calls
     * @param cost summed exactly, in the currency of the catalog prices
     * @param avgLatencyMs mean latency of the successful calls in ms, rounded; null without any
     * @param avgTimeToFirstTokenMs mean time to the first token of the successful calls in ms; null without any
     * @param failedCalls calls that failed (retryable or fatal)
     */
    record Row(String key, String label, long messages, long inputTokens, long outputTokens, BigDecimal cost,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long avgLatencyMs,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long avgTimeToFirstTokenMs, long failedCalls) {

        static Row of(String key, String label, CallRepository.Aggregate sums) {
            return new Row(key, label, sums.messages(), sums.inputTokens(), sums.outputTokens(), sums.cost(),
                    sums.avgLatencyMs(), sums.avgTimeToFirstTokenMs(), sums.failedCalls());
        }

        static Row empty(String key) {
            return new Row(key, null, 0, 0, 0, BigDecimal.ZERO, null, null, 0);
        }
    }

    /** The same sums as a {@link Row}, for the whole period. */
    record Totals(long messages, long inputTokens, long outputTokens, BigDecimal cost,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long avgLatencyMs,
            @JsonInclude(JsonInclude.Include.ALWAYS) Long avgTimeToFirstTokenMs, long failedCalls) {

        static Totals of(CallRepository.Aggregate sums) {
            return new Totals(sums.messages(), sums.inputTokens(), sums.outputTokens(), sums.cost(),
                    sums.avgLatencyMs(), sums.avgTimeToFirstTokenMs(), sums.failedCalls());
        }
    }

    private final CallRepository calls;
    private final ModelRepository models;

    UsageReports(CallRepository calls, ModelRepository models) {
        this.calls = calls;
        this.models = models;
    }

    /**
     * The owner's usage in the query's period, grouped as it asks. Rows and totals are read from one
     * snapshot, so the totals always equal the rows' sums even while calls are being recorded.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Report report(UserId owner, UsageQuery query) {
        List<CallRepository.Aggregate> groups = calls.aggregate(owner.value(), query.from(), query.to(),
                query.botId(), query.modelId(), query.groupBy());
        CallRepository.Aggregate totals = calls.aggregate(owner.value(), query.from(), query.to(), query.botId(),
                query.modelId(), null).getFirst();
        List<Row> rows = switch (query.groupBy()) {
            case DAY -> everyDay(query, groups);
            case MODEL -> byCost(models(owner, groups));
            case BOT, USER -> byCost(groups.stream()
                    .map(sums -> Row.of(sums.key() == null ? NONE : sums.key(), null, sums))
                    .toList());
        };
        return new Report(query.groupBy().wireName(), query.from(), query.to(), rows, Totals.of(totals));
    }

    /** The owner's calls in the query's period, newest first, at most {@code limit}. */
    List<LlmCall> calls(UserId owner, UsageQuery query, int limit) {
        return calls.find(owner.value(), query.from(), query.to(), query.botId(), query.modelId(), limit);
    }

    /** Labels from the catalog as it is now, else the name recorded with the calls (a deleted model). */
    private List<Row> models(UserId owner, List<CallRepository.Aggregate> groups) {
        Map<String, String> names = models.findByOwner(owner.value()).stream()
                .collect(Collectors.toMap(model -> model.id().toString(), Model::modelName));
        return groups.stream()
                .map(sums -> sums.key() == null ? Row.of(NONE, null, sums)
                        : Row.of(sums.key(), names.getOrDefault(sums.key(), sums.modelName()), sums))
                .toList();
    }

    private static List<Row> byCost(List<Row> rows) {
        return rows.stream()
                .sorted(Comparator.comparing(Row::cost).reversed()
                        .thenComparing(Comparator.comparingLong(Row::messages).reversed())
                        .thenComparing(Row::key))
                .toList();
    }

    private static List<Row> everyDay(UsageQuery query, List<CallRepository.Aggregate> groups) {
        Map<String, CallRepository.Aggregate> byDay = groups.stream()
                .collect(Collectors.toMap(CallRepository.Aggregate::key, Function.identity()));
        List<Row> rows = new ArrayList<>();
        if (!query.from().isBefore(query.to())) {
            return rows;
        }
        LocalDate last = query.to().minusNanos(1).atOffset(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = query.from().atOffset(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last);
                day = day.plusDays(1)) {
            CallRepository.Aggregate sums = byDay.get(day.toString());
            rows.add(sums == null ? Row.empty(day.toString()) : Row.of(day.toString(), null, sums));
        }
        return rows;
    }
}
