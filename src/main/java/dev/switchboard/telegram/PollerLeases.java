package dev.switchboard.telegram;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The poller lease on {@code telegram_bots}: at most one instance long-polls a bot, and the offset
 * only moves while the lease is held.
 */
@Repository
class PollerLeases {

    private final JdbcClient jdbc;

    PollerLeases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the leases of polling bots nobody holds (or whose holder stopped renewing). */
    List<UUID> acquire(String owner, Instant now, Instant until, int limit) {
        return jdbc.sql("""
                        UPDATE telegram_bots SET poll_lease_owner = ?, poll_lease_until = ?
                        WHERE id IN (
                            SELECT id FROM telegram_bots
                            WHERE enabled AND mode = 'POLLING'
                              AND (poll_lease_until IS NULL OR poll_lease_until < ?)
                            ORDER BY poll_lease_until NULLS FIRST
                            LIMIT ?
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .params(owner, Timestamp.from(until), Timestamp.from(now), limit)
                .query(UUID.class)
                .list();
    }

    /** Extends the lease if this owner still holds it. */
    boolean renew(UUID botId, String owner, Instant now, Instant until) {
        return jdbc.sql("UPDATE telegram_bots SET poll_lease_until = ? WHERE id = ? AND poll_lease_owner = ?"
                        + " AND poll_lease_until >= ? AND enabled AND mode = 'POLLING'")
                .params(Timestamp.from(until), botId, owner, Timestamp.from(now)).update() == 1;
    }

    /**
     * Moves the offset past the updates just stored, in their transaction, if this owner still holds
     * the lease and nobody moved the offset meanwhile.
     */
    boolean advance(UUID botId, String owner, long expectedOffset, long newOffset, Instant now) {
        return jdbc.sql("UPDATE telegram_bots SET poll_offset = ? WHERE id = ? AND poll_lease_owner = ?"
                        + " AND poll_lease_until >= ? AND poll_offset = ?")
                .params(newOffset, botId, owner, Timestamp.from(now), expectedOffset).update() == 1;
    }

    /** Gives up every lease this owner holds, so another instance polls those bots at once. */
    void releaseAll(String owner) {
        jdbc.sql("UPDATE telegram_bots SET poll_lease_owner = NULL, poll_lease_until = NULL WHERE poll_lease_owner = ?")
                .param(owner).update();
    }

    void release(UUID botId, String owner) {
        jdbc.sql("UPDATE telegram_bots SET poll_lease_owner = NULL, poll_lease_until = NULL"
                        + " WHERE id = ? AND poll_lease_owner = ?")
                .params(botId, owner).update();
    }
}
