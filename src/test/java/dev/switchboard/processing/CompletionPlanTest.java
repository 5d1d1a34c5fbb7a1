package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Completing a turn is one statement on every turn, so PostgreSQL must not plan it anew each time:
 * its generic plan, made once per connection, has to serve. (When a one-item turn matched its item
 * with "= ANY" of an array, every call was planned again: 0.40 ms of the server's CPU per turn
 * against 0.13 ms, measured with pgbench on a quiet server.)
 */
class CompletionPlanTest extends ProcessingTest {

    private static final String COMPLETION = "WITH finished AS (UPDATE processing_item SET status = 'COMPLETED'%";

    @Autowired
    DataSource dataSource;

    @Test
    void aOneItemTurnsCompletionIsServedByTheGenericPlan() throws Exception {
        // A connection of its own, not the pool's: prepared statements and their plans belong to a
        // session, and the workers' use of a pooled one would count with the test's.
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword())) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            UUID bot = UUID.randomUUID();
            inTablesOfAnInstanceThatHasRunAWhile(session, bot);
            try {
                completeTurnsAndCheckThePlans(session, bot);
            } finally {
                session.sql("DROP SCHEMA completion_plan CASCADE").update();
            }
        }
    }

    private static void completeTurnsAndCheckThePlans(JdbcClient session, UUID bot) {
        InboxRepository repository = new InboxRepository(session);
        for (int turn = 0; turn < 20; turn++) {
            long chat = newChat();
            UUID item = leasedItem(session, bot, chat, 7);
            assertThat(repository.completeAndRelease(bot, chat, List.of(item), 7, Instant.now())).isEmpty();
            assertThat(session.sql("SELECT status FROM processing_item WHERE id = ?").param(item)
                    .query(String.class).single()).isEqualTo("COMPLETED");
        }

        Map<String, Object> plans = session.sql("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                        + " WHERE statement LIKE ?")
                .param(COMPLETION).query().singleRow();
        // The driver prepares a statement on the server from its 5th use; PostgreSQL then plans the
        // first 5 executions for their values and afterwards keeps the generic plan if it costs
        // no more than those did.
        assertThat((Long) plans.get("custom_plans")).isLessThanOrEqualTo(5);
        assertThat((Long) plans.get("generic_plans")).isGreaterThan((Long) plans.get("custom_plans"));
    }

    /**
     * Points the session at copies of the processing tables holding 20,000 completed items, with
     * statistics: in a near-empty table one plan costs the same as another, and the planner's choice
     * would not show. The workers of the other tests never see the copies.
     */
    private static void inTablesOfAnInstanceThatHasRunAWhile(JdbcClient session, UUID bot) {
        session.sql("CREATE SCHEMA IF NOT EXISTS completion_plan").update();
        session.sql("SET search_path TO completion_plan, public").update();
        for (String table : List.of("processing_item", "processing_chat", "processing_attempt")) {
            session.sql("DROP TABLE IF EXISTS completion_plan." + table).update();
            session.sql("CREATE TABLE completion_plan." + table + " (LIKE public." + table + " INCLUDING ALL)").update();
        }
        session.sql("INSERT INTO processing_item (id, bot_id, owner_id, update_id, chat_id, update_type, payload, status,"
                        + " attempts, received_at, completed_at) SELECT gen_random_uuid(), ?, gen_random_uuid(), -i, i % 500,"
                        + " 'message', '{}', 'COMPLETED', 1, now(), now() FROM generate_series(1, 20000) i")
                .param(bot).update();
        session.sql("INSERT INTO processing_attempt (id, item_id, attempt, worker, fence, started_at, finished_at, outcome)"
                        + " SELECT gen_random_uuid(), id, 1, 'earlier', 1, now(), now(), 'COMPLETED' FROM processing_item")
                .update();
        session.sql("INSERT INTO processing_chat (bot_id, chat_id, fence) SELECT ?, c, 1 FROM generate_series(0, 499) c")
                .param(bot).update();
        session.sql("ANALYZE processing_item, processing_attempt, processing_chat").update();
    }

    /** A PROCESSING item with its open attempt under {@code fence}, in a chat leased far into the future. */
    private static UUID leasedItem(JdbcClient session, UUID bot, long chat, long fence) {
        UUID item = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp later = Timestamp.from(Instant.now().plusSeconds(3600));
        session.sql("INSERT INTO processing_item (id, bot_id, owner_id, update_id, chat_id, update_type, payload, status,"
                        + " attempts, received_at) VALUES (?, ?, ?, ?, ?, 'message', '{}', 'PROCESSING', 1, ?)")
                .params(item, bot, UUID.randomUUID(), nextUpdateId(), chat, now).update();
        session.sql("INSERT INTO processing_attempt (id, item_id, attempt, worker, fence, started_at)"
                        + " VALUES (?, ?, 1, 'test', ?, ?)")
                .params(UUID.randomUUID(), item, fence, now).update();
        session.sql("INSERT INTO processing_chat (bot_id, chat_id, due_at, lease_owner, lease_until, fence)"
                        + " VALUES (?, ?, ?, 'test', ?, ?)")
                .params(bot, chat, later, later, fence).update();
        return item;
    }
}
