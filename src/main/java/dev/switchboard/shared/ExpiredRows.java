package dev.switchboard.shared;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table's rows that are past keeping, and the hourly db-scheduler task that deletes them (on one
 * instance at a time). They go in small batches: one statement takes at most {@link #BATCH} rows,
 * so it holds few locks and leaves the work running beside it alone. Rows are found one key (an
 * owner, a bot) at a time through the table's index on (key, time), whose distinct keys are read by
 * skipping through that index; nothing reads the whole table.
 *
 * @param task the db-scheduler task's name
 * @param table the table, as named in the schema (a constant, never input), with an {@code id} primary key
 * @param key its uuid column leading the index
 * @param time its timestamp column second in the index
 * @param finished the condition, in SQL, of a row that may go once old enough (a constant)
 */
public record ExpiredRows(String task, String table, String key, String time, String finished) {

    private static final Logger log = LoggerFactory.getLogger(ExpiredRows.class);
    /** Rows one statement deletes at most. */
    static final int BATCH = 1000;

    /** The task deleting, every hour, the finished rows older than {@code retention}. */
    public RecurringTask<Void> hourly(JdbcClient jdbc, Clock clock, Duration retention) {
        return Tasks.recurring(task, FixedDelay.ofHours(1))
                .execute((instance, context) -> deleteOlderThan(jdbc, clock, retention));
    }

    /** Deletes the finished rows older than {@code retention}; returns how many went. */
    public int deleteOlderThan(JdbcClient jdbc, Clock clock, Duration retention) {
        Instant before = clock.instant().minus(retention);
        int deleted = 0;
        for (UUID value : keys(jdbc)) {
            int batch;
            do {
                // Ordered by time so the index is used: with LIMIT alone the planner chose to scan
                // the table, which finds few rows per page once only an hour's worth is due.
                batch = jdbc.sql("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE " + key
                                + " = ? AND " + time + " < ? AND " + finished + " ORDER BY " + time + " LIMIT " + BATCH + ")")
                        .params(value, Timestamp.from(before))
                        .update();
                deleted += batch;
            } while (batch == BATCH);
        }
        if (deleted > 0) {
            log.info("{}: deleted {} rows of {} older than {}", task, deleted, table, retention);
        }
        return deleted;
    }

    /** The key's distinct values, by a skip scan of the index (one probe per value). */
    private List<UUID> keys(JdbcClient jdbc) {
        String first = "SELECT " + key + " FROM " + table;
        String order = " ORDER BY " + key + " LIMIT 1";
        return jdbc.sql("WITH RECURSIVE k AS ((" + first + order + ") UNION ALL SELECT (" + first + " WHERE " + key
                        + " > k." + key + order + ") FROM k WHERE k." + key + " IS NOT NULL)"
                        + " SELECT " + key + " FROM k WHERE " + key + " IS NOT NULL")
                .query(UUID.class)
                .list();
    }
}
