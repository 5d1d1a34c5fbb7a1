package dev.switchboard.telegram;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code telegram_outbox}: replies waiting, sent or failed; each chat's replies leave in {@code seq} order. */
@Repository
class OutboxRepository {

    /** A claimed reply. {@code attempts} counts this attempt. */
    record Pending(UUID id, UUID botId, long chatId, String text, ReplyFormat format, String plainText,
            Long replyToMessageId, String businessConnectionId, String correlation, int attempts, Long editMessageId,
            List<List<InlineButton>> buttons) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OutboxRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Adds a reply. When {@code leaseUntil} is given and the chat has no other reply waiting, the
     * row is born claimed by the caller (leased, its first attempt counted), so it can be sent
     * without a claim; otherwise it waits for a claim, behind the chat's earlier replies.
     *
     * @param editMessageId the message this entry replaces the text of, or null to send a new one
     * @return true if the row was born claimed
     */
    boolean insert(UUID id, OutgoingReply reply, String text, String plainText, Long editMessageId, Instant now,
            Instant leaseUntil) {
        return jdbc.sql("""
                        WITH first_waiting AS (
                          SELECT ?::timestamptz IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM telegram_outbox WHERE bot_id = ? AND chat_id = ? AND status = 'PENDING') AS yes)
                        INSERT INTO telegram_outbox (id, bot_id, chat_id, text, format, plain_text, reply_to_message_id,
                          business_connection_id, correlation, status, next_attempt_at, created_at, edit_message_id,
                          reply_markup, lease_until, attempts)
                        SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, CAST(? AS jsonb),
                          CASE WHEN yes THEN ?::timestamptz END, CASE WHEN yes THEN 1 ELSE 0 END
                        FROM first_waiting
                        RETURNING lease_until IS NOT NULL AS claimed""")
                .params(leaseUntil == null ? null : Timestamp.from(leaseUntil), reply.botId(), reply.chatId(),
                        id, reply.botId(), reply.chatId(), text, reply.format().name(), plainText,
                        reply.replyToMessageId(), reply.businessConnectionId(), reply.correlation(),
                        Timestamp.from(now), Timestamp.from(now), editMessageId, keyboard(reply.buttons()),
                        leaseUntil == null ? null : Timestamp.from(leaseUntil))
                .query(Boolean.class)
                .single();
    }

    /** The keyboard as stored in {@code reply_markup}: rows of {text, callback_data}, Telegram's field names. */
    private String keyboard(List<List<InlineButton>> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        ArrayNode stored = json.createArrayNode();
        for (List<InlineButton> row : rows) {
            ArrayNode storedRow = stored.addArray();
            row.forEach(button -> storedRow.addObject().put("text", button.text())
                    .put("callback_data", button.callbackData()));
        }
        return stored.toString();
    }

    private List<List<InlineButton>> buttons(String stored) {
        if (stored == null) {
            return List.of();
        }
        List<List<InlineButton>> rows = new java.util.ArrayList<>();
        for (JsonNode row : json.readTree(stored)) {
            List<InlineButton> buttons = new java.util.ArrayList<>();
            row.forEach(b -> buttons.add(new InlineButton(b.path("text").asString(), b.path("callback_data").asString())));
            rows.add(List.copyOf(buttons));
        }
        return List.copyOf(rows);
    }

    /**
     * Reserves up to {@code limit} due replies, only the oldest pending one of each chat, so a chat's
     * replies go out one at a time and in order; rows another sender holds are skipped.
     */
    List<Pending> claim(int limit, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE telegram_outbox SET lease_until = ?, attempts = attempts + 1
                        WHERE id IN (
                            SELECT o.id FROM telegram_outbox o
                            WHERE o.status = 'PENDING' AND o.next_attempt_at <= ?
                              AND (o.lease_until IS NULL OR o.lease_until < ?)
                              AND NOT EXISTS (SELECT 1 FROM telegram_outbox p
                                              WHERE p.bot_id = o.bot_id AND p.chat_id = o.chat_id
                                                AND p.status = 'PENDING' AND p.seq < o.seq)
                            ORDER BY o.next_attempt_at, o.seq
                            LIMIT ?
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id, bot_id, chat_id, text, format, plain_text, reply_to_message_id,
                                  business_connection_id, correlation, attempts, edit_message_id,
                                  reply_markup::text AS reply_markup""")
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), Timestamp.from(now), limit)
                .query(this::map)
                .list();
    }

    void markSent(UUID id, long telegramMessageId, Instant at) {
        jdbc.sql("UPDATE telegram_outbox SET status = 'SENT', telegram_message_id = ?, sent_at = ?, lease_until = NULL"
                        + " WHERE id = ?")
                .params(telegramMessageId, Timestamp.from(at), id).update();
    }

    /**
     * Puts a claimed reply back, untried (a rate limit or a pause), to go at {@code at}. A reply
     * cancelled meanwhile (its business connection was disabled) stays as it is.
     */
    void postpone(UUID id, Instant at) {
        jdbc.sql("UPDATE telegram_outbox SET next_attempt_at = ?, lease_until = NULL, attempts = attempts - 1"
                        + " WHERE id = ? AND status = 'PENDING'")
                .params(Timestamp.from(at), id).update();
    }

    /**
     * Records a failed attempt and puts the reply back to be tried again at {@code at}. A reply
     * cancelled while this attempt was in flight keeps its status and the reason it was cancelled.
     */
    void retryAt(UUID id, Instant at, String error, Instant now) {
        jdbc.sql("UPDATE telegram_outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ?, last_error_at = ?"
                        + " WHERE id = ? AND status = 'PENDING'")
                .params(Timestamp.from(at), error, Timestamp.from(now), id).update();
    }

    void markFailed(UUID id, String error, Instant at) {
        jdbc.sql("UPDATE telegram_outbox SET status = 'FAILED', last_error = ?, last_error_at = ?, lease_until = NULL"
                        + " WHERE id = ?")
                .params(error, Timestamp.from(at), id).update();
    }

    /** Withdraws a claimed reply that must not go out; it stays as CANCELLED with the reason. */
    void markCancelled(UUID id, String reason, Instant at) {
        jdbc.sql("UPDATE telegram_outbox SET status = 'CANCELLED', last_error = ?, last_error_at = ?, lease_until = NULL"
                        + " WHERE id = ?")
                .params(reason, Timestamp.from(at), id).update();
    }

    /**
     * Cancels every pending reply through a business connection (one a sender holds right now is
     * checked again before it is sent).
     *
     * @return the cancelled replies, as the failures to announce
     */
    List<ReplyFailed> cancelBusiness(UUID botId, String connectionId, String reason, Instant at) {
        return jdbc.sql("UPDATE telegram_outbox SET status = 'CANCELLED', last_error = ?, last_error_at = ?"
                        + " WHERE bot_id = ? AND business_connection_id = ? AND status = 'PENDING'"
                        + " RETURNING id, chat_id, correlation")
                .params(reason, Timestamp.from(at), botId, connectionId)
                .query((rs, row) -> new ReplyFailed(rs.getObject("id", UUID.class), botId, rs.getLong("chat_id"),
                        "Not sent: " + reason, rs.getString("correlation")))
                .list();
    }

    /** The reply goes out as plain text from now on (Telegram could not parse its entities). */
    void switchToPlain(UUID id, String plainText) {
        jdbc.sql("UPDATE telegram_outbox SET text = ?, format = 'PLAIN' WHERE id = ?").params(plainText, id).update();
    }

    /** The message to edit is gone: send the text as a new message instead. */
    void sendAsNew(UUID id) {
        jdbc.sql("UPDATE telegram_outbox SET edit_message_id = NULL WHERE id = ?").param(id).update();
    }

    /** A group became a supergroup: this and the chat's other waiting replies go to the new id. */
    void moveChat(UUID botId, long fromChatId, long toChatId) {
        jdbc.sql("UPDATE telegram_outbox SET chat_id = ? WHERE bot_id = ? AND chat_id = ? AND status = 'PENDING'")
                .params(toChatId, botId, fromChatId).update();
    }

    private Pending map(ResultSet rs, int row) throws SQLException {
        return new Pending(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class), rs.getLong("chat_id"),
                rs.getString("text"), ReplyFormat.valueOf(rs.getString("format")), rs.getString("plain_text"),
                rs.getObject("reply_to_message_id", Long.class), rs.getString("business_connection_id"),
                rs.getString("correlation"), rs.getInt("attempts"), rs.getObject("edit_message_id", Long.class),
                buttons(rs.getString("reply_markup")));
    }
}
