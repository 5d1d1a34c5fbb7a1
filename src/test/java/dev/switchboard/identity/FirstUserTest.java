package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.AppInstance;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The first user of a brand-new database becomes ADMIN, exactly once even when several register
 * at the same moment. Runs its own app on its own empty database, since the shared test database
 * already has its admin.
 */
class FirstUserTest {

    @Test
    void concurrentFirstRegistrationsMakeExactlyOneAdmin() throws Exception {
        Map<String, String> settings = new HashMap<>(
                AppInstance.onFreshDatabase(Files.createTempDirectory("switchboard-first-user").toString()));
        settings.put("switchboard.master-key", IntegrationTest.TEST_MASTER_KEY);
        String url = settings.get("spring.datasource.url");
        try (AppInstance app = AppInstance.start(settings)) {
            Api api = app.api();
            assertThat(api.get("/api/setup").json().get("needsAdmin").asBoolean()).isTrue();
            int contenders = 6;
            List<Future<Api.Response>> answers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(contenders);
                 Connection blocker = DriverManager.getConnection(url, TestDatabase.user(), "")) {
                // Hold every registration at its INSERT (reads still pass) until all are in flight, so
                // without the registration lock each would see an empty table and become ADMIN.
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("LOCK TABLE identity_user IN EXCLUSIVE MODE");
                for (int i = 0; i < contenders; i++) {
                    String email = "first-" + i + "@switchboard.test";
                    answers.add(pool.submit(() ->
                            api.post("/api/auth/register", Map.of("email", email, "password", "long enough"))));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnLocks(blocker) == contenders);
                blocker.commit();
                List<String> roles = new ArrayList<>();
                for (Future<Api.Response> answer : answers) {
                    Api.Response response = answer.get();
                    assertThat(response.status()).isEqualTo(201);
                    roles.add(response.json().get("role").asString());
                }
                assertThat(roles).containsOnlyOnce("ADMIN");
                assertThat(roles).filteredOn("USER"::equals).hasSize(contenders - 1);
                assertThat(api.get("/api/setup").json().get("needsAdmin").asBoolean()).isFalse();
            }
        }
    }

    private static long waitingOnLocks(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
