package dev.switchboard.shared;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes a table's rows that are past keeping, in small batches: one statement takes at most
 * {@link #BATCH} rows, so it holds few locks and leaves the turns running beside it alone. Rows
 * are found one key (an owner, a bot) at a time through the table's index on (key, time), whose
 * distinct keys are read by skipping through that index; nothing reads the whole table.
 *
 * @param table the table, as named in the schema (a constant, never input), with an {@code id} primary key
 * @param key its uuid column leading the index
 * @param time its timestamp column second in the index
 * @param finished the condition, in SQL, of a row that may go once old enough (a constant)
 */
public record ExpiredRows(String table, String key, String time, String finished) {

    /** Rows one statement deletes at most. */
    static final int BATCH = 1000;

    /** Deletes the finished rows whose time is before {@code before}; returns how many went. */
    public int delete(JdbcClient jdbc, Instant before) {
        int deleted = 0;
        for (UUID value : keys(jdbc)) {
            int batch;
            do {
                batch = jdbc.sql("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                                + " WHERE " + key + " = ? AND " + time + " < ? AND " + finished + " LIMIT " + BATCH + ")")
                        .params(value, Timestamp.from(before))
                        .update();
                deleted += batch;
            } while (batch == BATCH);
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
