package dev.switchboard.identity;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the session tables from growing without end. Every refresh leaves a spent token behind and
 * every login a session, and nothing else deletes them. Every hour (on one instance), rows that have
 * been dead for one more refresh-token lifetime go:
 *
 * <ul>
 *   <li>sessions revoked that long ago, and sessions none of whose tokens has been valid for that
 *       long (an abandoned login), with their tokens;</li>
 *   <li>in the sessions that stay, tokens expired that long ago.</li>
 * </ul>
 *
 * Why wait a whole lifetime after a row is dead: a spent token presented again revokes its session
 * and is audited as a replay ({@link IdentityService#refresh}). Kept, a token replayed soon after it
 * expired is still caught; deleted, it would only be unknown.
 */
@Configuration(proxyBeanMethods = false)
class SessionRetention {

    private static final Logger log = LoggerFactory.getLogger(SessionRetention.class);
    /** Rows one statement deletes at most, so a first clean-up of a large backlog holds few locks at a time. */
    private static final int BATCH = 1000;

    @Bean
    RecurringTask<Void> sessionRetentionTask(JdbcClient jdbc, IdentityProperties properties, Clock clock) {
        return Tasks.recurring("identity-session-retention", FixedDelay.ofHours(1))
                .execute((instance, context) -> deleteDead(jdbc, clock, properties.refreshTokenTtl()));
    }

    /** Deletes the sessions and tokens dead for longer than {@code keep}; returns how many rows went. */
    static int deleteDead(JdbcClient jdbc, Clock clock, Duration keep) {
        Timestamp before = Timestamp.from(clock.instant().minus(keep));
        int sessions = repeat(() -> jdbc.sql("DELETE FROM identity_session WHERE id IN (SELECT s.id FROM identity_session s"
                        + " WHERE s.revoked_at < :before OR (s.last_used_at < :before AND NOT EXISTS (SELECT 1"
                        + " FROM identity_refresh_token t WHERE t.session_id = s.id AND t.expires_at >= :before))"
                        + " LIMIT " + BATCH + ")")
                .param("before", before)
                .update());
        int tokens = repeat(() -> jdbc.sql("DELETE FROM identity_refresh_token WHERE token_hash IN (SELECT token_hash"
                        + " FROM identity_refresh_token WHERE expires_at < :before LIMIT " + BATCH + ")")
                .param("before", before)
                .update());
        if (sessions + tokens > 0) {
            log.info("Deleted {} sessions and {} more refresh tokens dead for over {}", sessions, tokens, keep);
        }
        return sessions + tokens;
    }

    private static int repeat(IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
