package dev.switchboard.processing;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.UpdateReceived;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of the processing tests: the whole app with a {@link ScriptedHandler}, short timings, on a
 * database of its own. Not the shared {@link IntegrationTest} context, which will hold the real
 * handler; and not its database, whose items that handler would take. Updates arrive as
 * {@link UpdateReceived} events published inside a transaction, as the telegram module does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "switchboard.processing.concurrency=16",
        "switchboard.processing.poll-interval=50ms",
        "switchboard.processing.lease-duration=2s",
        "switchboard.processing.max-attempts=3",
        "switchboard.processing.base-backoff=100ms",
        "switchboard.processing.max-backoff=400ms"})
@Import(ProcessingTestBeans.class)
abstract class ProcessingTest {

    private static final AtomicLong UPDATE_IDS = new AtomicLong(1_000_000);
    private static String database;

    @LocalServerPort
    int port;
    @Autowired
    ScriptedHandler handler;
    @Autowired
    ProcessingTestBeans.TerminalEvents terminalEvents;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", ProcessingTest::database);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("switchboard.data-dir", ProcessingTest::dataDir);
        registry.add("switchboard.master-key", () -> IntegrationTest.TEST_MASTER_KEY);
    }

    private static synchronized String database() {
        if (database == null) {
            database = TestDatabase.createDatabase(TestDatabase.freshName("switchboard_processing"));
        }
        return database;
    }

    private static String dataDir() {
        try {
            return Files.createTempDirectory("switchboard-processing").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Api api() {
        return new Api(port);
    }

    /** A chat id no other test uses. */
    static long newChat() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    }

    static long nextUpdateId() {
        return UPDATE_IDS.incrementAndGet();
    }

    /** A text message from the chat's user, as the telegram module would announce it. */
    static UpdateReceived message(UUID botId, UserId owner, long chatId, long updateId) {
        String json = "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + updateId
                + ",\"chat\":{\"id\":" + chatId + ",\"type\":\"private\"},\"from\":{\"id\":" + chatId
                + ",\"is_bot\":false,\"first_name\":\"User\"},\"date\":1767225600,\"text\":\"hello " + updateId + "\"}}";
        return new UpdateReceived(botId, owner, updateId, "message", true, chatId, chatId, json);
    }

    /** Publishes the event in its own transaction, as the webhook or poller does on accepting an update. */
    void accept(UpdateReceived update) {
        transactions.executeWithoutResult(status -> events.publishEvent(update));
    }

    /** Sends a new message to the chat and returns its update id. */
    long send(UUID botId, UserId owner, long chatId) {
        long updateId = nextUpdateId();
        accept(message(botId, owner, chatId, updateId));
        return updateId;
    }

    InboxStatus status(long updateId) {
        return InboxStatus.valueOf(jdbc.sql("SELECT status FROM processing_item WHERE update_id = ?")
                .param(updateId).query(String.class).single());
    }

    static UserId someOwner() {
        return new UserId(UUID.randomUUID());
    }

    /** Blocks a scripted turn until the test releases it. */
    static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never released the turn");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
