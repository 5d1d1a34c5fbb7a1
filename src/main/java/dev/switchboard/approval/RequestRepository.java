package dev.switchboard.approval;

import static dev.switchboard.approval.DraftRepository.instant;
import static dev.switchboard.approval.DraftRepository.ts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code approval_requests}. Changes go through {@link #lock} and {@link #save} inside a transaction. */
@Repository
class RequestRepository {

    private final JdbcClient jdbc;

    RequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(HumanRequest request) {
        jdbc.sql("INSERT INTO approval_requests (id, owner_id, type, title, message, options, default_option,"
                        + " timeout_at, bot_id, telegram_chat_id, reference, status, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(request.id, request.ownerId, request.type.name(), request.title, request.message,
                        request.options.toArray(String[]::new), request.defaultOption, ts(request.timeoutAt),
                        request.botId, request.telegramChatId, request.reference, request.status().name(),
                        ts(request.createdAt))
                .update();
    }

    void save(HumanRequest request) {
        jdbc.sql("UPDATE approval_requests SET status = ?, response = ?, answered_by = ?, answered_by_telegram = ?,"
                        + " answered_via = ?, resolved_at = ? WHERE id = ?")
                .params(request.status().name(), request.response(), request.answeredBy(), request.answeredByTelegram(),
                        request.answeredVia() == null ? null : request.answeredVia().name(), ts(request.resolvedAt()),
                        request.id)
                .update();
    }

    Optional<HumanRequest> lock(UUID id) {
        return jdbc.sql("SELECT * FROM approval_requests WHERE id = ? FOR UPDATE").param(id)
                .query(RequestRepository::map).optional();
    }

    Optional<HumanRequest> find(UUID id) {
        return jdbc.sql("SELECT * FROM approval_requests WHERE id = ?").param(id)
                .query(RequestRepository::map).optional();
    }

    /** The oldest pending request of a type asked in a chat, row-locked. */
    Optional<HumanRequest> lockOldestPending(UUID botId, long telegramChatId, HumanRequest.Type type) {
        return jdbc.sql("SELECT * FROM approval_requests WHERE bot_id = ? AND telegram_chat_id = ? AND type = ?"
                        + " AND status = 'PENDING' ORDER BY created_at LIMIT 1 FOR UPDATE")
                .params(botId, telegramChatId, type.name()).query(RequestRepository::map).optional();
    }

    List<HumanRequest> list(UUID ownerId, HumanRequest.Status status, int limit) {
        String name = status == null ? null : status.name();
        return jdbc.sql("SELECT * FROM approval_requests WHERE owner_id = ? AND (CAST(? AS text) IS NULL OR status = ?)"
                        + " ORDER BY created_at DESC LIMIT ?")
                .params(ownerId, name, name, limit).query(RequestRepository::map).list();
    }

    private static HumanRequest map(ResultSet rs, int row) throws SQLException {
        Array options = rs.getArray("options");
        return new HumanRequest(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                HumanRequest.Type.valueOf(rs.getString("type")), rs.getString("title"), rs.getString("message"),
                List.of((String[]) options.getArray()), rs.getString("default_option"), instant(rs, "timeout_at"),
                rs.getObject("bot_id", UUID.class), rs.getObject("telegram_chat_id", Long.class),
                rs.getString("reference"), instant(rs, "created_at"), HumanRequest.Status.valueOf(rs.getString("status")),
                rs.getString("response"), rs.getObject("answered_by", UUID.class),
                rs.getObject("answered_by_telegram", Long.class),
                rs.getString("answered_via") == null ? null : DecisionSource.valueOf(rs.getString("answered_via")),
                instant(rs, "resolved_at"));
    }
}
