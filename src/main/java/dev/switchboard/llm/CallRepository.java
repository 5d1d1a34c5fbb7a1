package dev.switchboard.llm;

import dev.switchboard.shared.AsynchronousCommit;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code llm_calls} table: one row per model call. */
@Repository
class CallRepository {

    private final JdbcClient jdbc;

    CallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a call. Its commit does not wait for the disk ({@link AsynchronousCommit}): the turn
     * waits for this row before it completes, and the completion's own commit flushes it.
     */
    void insert(UUID ownerId, LlmCall call) {
        jdbc.sql("""
                INSERT INTO llm_calls (id, owner_id, model_id, provider_type, model_name, bot_id, chat_id,
                    telegram_user_id, streaming, input_tokens, output_tokens, cost, latency_ms, first_token_ms,
                    outcome, http_status, error, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING\s""" + AsynchronousCommit.returningIfAutocommit())
                .params(call.id(), ownerId, call.model() == null ? null : call.model().value(), call.providerType(),
                        call.modelName(), call.tags().botId(), call.tags().chatId(), call.tags().telegramUserId(),
                        call.streaming(), call.inputTokens(), call.outputTokens(), call.cost(),
                        call.latency().toMillis(),
                        call.timeToFirstToken() == null ? null : call.timeToFirstToken().toMillis(),
                        call.outcome().name(), call.status(), call.error(), Timestamp.from(call.at()))
                .query((rs, row) -> row)
                .list();
    }

    /** The owner's calls that ended in {@code [from, to)}, newest first. */
    List<LlmCall> find(UUID ownerId, Instant from, Instant to) {
        return jdbc.sql("SELECT * FROM llm_calls WHERE owner_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id")
                .params(ownerId, Timestamp.from(from), Timestamp.from(to))
                .query(CallRepository::map)
                .list();
    }

    /** What one bot's calls in {@code [from, to)} cost. */
    BigDecimal botCost(UUID ownerId, UUID botId, Instant from, Instant to) {
        return Money.normalized(jdbc.sql("SELECT coalesce(sum(cost), 0) FROM llm_calls"
                        + " WHERE owner_id = ? AND bot_id = ? AND at >= ? AND at < ?")
                .params(ownerId, botId, Timestamp.from(from), Timestamp.from(to))
                .query(BigDecimal.class).single());
    }

    UsageTotals totals(UUID ownerId, Instant from, Instant to) {
        return jdbc.sql("""
                SELECT count(*), count(*) FILTER (WHERE outcome <> 'OK'), coalesce(sum(input_tokens), 0),
                       coalesce(sum(output_tokens), 0), coalesce(sum(cost), 0)
                FROM llm_calls WHERE owner_id = ? AND at >= ? AND at < ?""")
                .params(ownerId, Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new UsageTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        Money.normalized(rs.getBigDecimal(5))))
                .single();
    }

    /**
     * One group of an aggregation: what its calls add up to.
     *
     * @param key the group's key as text (a UUID, a {@code YYYY-MM-DD} UTC day or a number), or null
     *     for calls without one (no bot, no Telegram user, no catalog model) and for the totals
     * @param modelName the name recorded with the group's calls (the greatest, should it have changed)
     * @param messages successful calls
     * @param failedCalls calls that failed
     * @param inputTokens prompt tokens of all calls
     * @param outputTokens answer tokens of all calls
     * @param cost the exact summed cost of all calls
     * @param avgLatencyMs mean latency of the successful calls, rounded; null without any
     * @param avgTimeToFirstTokenMs mean time to first token of the successful calls, rounded; null without any
     */
    record Aggregate(String key, String modelName, long messages, long failedCalls, long inputTokens,
            long outputTokens, BigDecimal cost, Long avgLatencyMs, Long avgTimeToFirstTokenMs) {
    }

    /**
     * The owner's calls that ended in {@code [from, to)}, optionally of one bot and one model, summed
     * per group (in no particular order), or in one row for all when {@code groupBy} is null.
     */
    List<Aggregate> aggregate(UUID ownerId, Instant from, Instant to, UUID botId, UUID modelId,
            UsageQuery.GroupBy groupBy) {
        String key = groupBy == null ? "NULL" : switch (groupBy) {
            case MODEL -> "model_id::text";
            case BOT -> "bot_id::text";
            case DAY -> "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case USER -> "telegram_user_id::text";
        };
        var params = new ArrayList<Object>(List.of(ownerId, Timestamp.from(from), Timestamp.from(to)));
        StringBuilder sql = new StringBuilder("SELECT " + key + """
                 AS key, max(model_name) AS model_name,
                       count(*) FILTER (WHERE outcome = 'OK') AS messages,
                       count(*) FILTER (WHERE outcome <> 'OK') AS failed_calls,
                       coalesce(sum(input_tokens), 0) AS input_tokens,
                       coalesce(sum(output_tokens), 0) AS output_tokens,
                       coalesce(sum(cost), 0) AS cost,
                       round(avg(latency_ms) FILTER (WHERE outcome = 'OK')) AS avg_latency_ms,
                       round(avg(first_token_ms) FILTER (WHERE outcome = 'OK')) AS avg_first_token_ms
                FROM llm_calls WHERE owner_id = ? AND at >= ? AND at < ?""");
        if (botId != null) {
            sql.append(" AND bot_id = ?");
            params.add(botId);
        }
        if (modelId != null) {
            sql.append(" AND model_id = ?");
            params.add(modelId);
        }
        if (groupBy != null) {
            sql.append(" GROUP BY 1");
        }
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new Aggregate(rs.getString("key"), rs.getString("model_name"),
                        rs.getLong("messages"), rs.getLong("failed_calls"), rs.getLong("input_tokens"),
                        rs.getLong("output_tokens"), Money.normalized(rs.getBigDecimal("cost")),
                        roundedMillis(rs.getBigDecimal("avg_latency_ms")),
                        roundedMillis(rs.getBigDecimal("avg_first_token_ms"))))
                .list();
    }

    /**
     * The owner's calls that ended in {@code [from, to)}, optionally of one bot and one model, newest
     * first, at most {@code limit}.
     */
    List<LlmCall> find(UUID ownerId, Instant from, Instant to, UUID botId, UUID modelId, int limit) {
        var params = new ArrayList<Object>(List.of(ownerId, Timestamp.from(from), Timestamp.from(to)));
        StringBuilder sql = new StringBuilder("SELECT * FROM llm_calls WHERE owner_id = ? AND at >= ? AND at < ?");
        if (botId != null) {
            sql.append(" AND bot_id = ?");
            params.add(botId);
        }
        if (modelId != null) {
            sql.append(" AND model_id = ?");
            params.add(modelId);
        }
        sql.append(" ORDER BY at DESC, id LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(CallRepository::map).list();
    }

    private static Long roundedMillis(BigDecimal millis) {
        return millis == null ? null : millis.longValueExact();
    }

    private static LlmCall map(ResultSet rs, int row) throws SQLException {
        UUID modelId = rs.getObject("model_id", UUID.class);
        long firstToken = rs.getLong("first_token_ms");
        Duration timeToFirstToken = rs.wasNull() ? null : Duration.ofMillis(firstToken);
        int status = rs.getInt("http_status");
        Integer httpStatus = rs.wasNull() ? null : status;
        long chat = rs.getLong("chat_id");
        Long chatId = rs.wasNull() ? null : chat;
        long user = rs.getLong("telegram_user_id");
        Long telegramUserId = rs.wasNull() ? null : user;
        BigDecimal cost = Money.normalized(rs.getBigDecimal("cost"));
        return new LlmCall(rs.getObject("id", UUID.class), modelId == null ? null : new ModelId(modelId),
                rs.getString("provider_type"), rs.getString("model_name"),
                new CallTags(rs.getObject("bot_id", UUID.class), chatId, telegramUserId), rs.getBoolean("streaming"),
                rs.getInt("input_tokens"), rs.getInt("output_tokens"), cost,
                Duration.ofMillis(rs.getLong("latency_ms")), timeToFirstToken,
                LlmCall.Outcome.valueOf(rs.getString("outcome")), httpStatus, rs.getString("error"),
                rs.getTimestamp("at").toInstant());
    }
}
