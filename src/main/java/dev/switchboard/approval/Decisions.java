package dev.switchboard.approval;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The audit of decisions on drafts and requests ({@code approval_decisions}), written in the deciding transaction. */
@Component
class Decisions {

    enum Subject { DRAFT, REQUEST }

    private final JdbcClient jdbc;
    private final Clock clock;

    Decisions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(UUID ownerId, Subject subject, UUID subjectId, String decision, UUID actorId, Long actorTelegramId,
            DecisionSource source, String suggestedText, String sentText) {
        jdbc.sql("INSERT INTO approval_decisions (owner_id, subject, subject_id, decision, actor_id, actor_telegram_id,"
                        + " source, suggested_text, sent_text, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(ownerId, subject.name(), subjectId, decision, actorId, actorTelegramId, source.name(),
                        suggestedText, sentText, Timestamp.from(clock.instant()))
                .update();
    }

    List<DecisionView> of(UUID subjectId) {
        return jdbc.sql("SELECT * FROM approval_decisions WHERE subject_id = ? ORDER BY id")
                .param(subjectId).query(Decisions::map).list();
    }

    /** The owner's latest decisions, newest first. */
    List<DecisionView> latest(UUID ownerId, int limit) {
        return jdbc.sql("SELECT * FROM approval_decisions WHERE owner_id = ? ORDER BY id DESC LIMIT ?")
                .params(ownerId, limit).query(Decisions::map).list();
    }

    private static DecisionView map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DecisionView(rs.getLong("id"), rs.getString("subject").toLowerCase(Locale.ROOT),
                rs.getObject("subject_id", UUID.class), rs.getString("decision"), rs.getObject("actor_id", UUID.class),
                rs.getObject("actor_telegram_id", Long.class), rs.getString("source").toLowerCase(Locale.ROOT),
                rs.getString("suggested_text"), rs.getString("sent_text"), rs.getTimestamp("at").toInstant());
    }
}
