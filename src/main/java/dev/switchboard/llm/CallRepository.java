package dev.switchboard.llm;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

    void insert(UUID ownerId, LlmCall call) {
        jdbc.sql("""
                INSERT INTO llm_calls (id, owner_id, model_id, provider_type, model_name, bot_id, chat_id,
                    telegram_user_id, streaming, input_tokens, output_tokens, cost, latency_ms, first_token_ms,
                    outcome, http_status, error, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(call.id(), ownerId, call.model() == null ? null : call.model().value(), call.providerType(),
                        call.modelName(), call.tags().botId(), call.tags().chatId(), call.tags().telegramUserId(),
                        call.streaming(), call.inputTokens(), call.outputTokens(), call.cost(),
                        call.latency().toMillis(),
                        call.timeToFirstToken() == null ? null : call.timeToFirstToken().toMillis(),
                        call.outcome().name(), call.status(), call.error(), Timestamp.from(call.at()))
                .update();
    }

    /** The owner's calls that ended in {@code [from, to)}, newest first. */
    List<LlmCall> find(UUID ownerId, Instant from, Instant to) {
        return jdbc.sql("SELECT * FROM llm_calls WHERE owner_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id")
                .params(ownerId, Timestamp.from(from), Timestamp.from(to))
                .query(CallRepository::map)
                .list();
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
