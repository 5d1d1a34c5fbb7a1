package dev.switchboard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the integration tests run on. {@code .ci/run} creates a fresh database and passes
 * it as {@code SWITCHBOARD_TEST_DATABASE_URL}; without it (a developer running tests by hand) a new
 * database is created on the machine's PostgreSQL ({@code SWITCHBOARD_TEST_PG_URL}, default
 * 127.0.0.1:5432 as user postgres) once per test JVM.
 */
public final class TestDatabase {

    private static final String SERVER = env("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("SWITCHBOARD_TEST_PG_USER", "postgres");
    private static String url;
    /** PostgreSQL's limit on a name; a longer one would be cut, and then not match its URL. */
    private static final int MAX_NAME_LENGTH = 63;

    private TestDatabase() {
    }

    /** JDBC URL of this JVM's test database, created on first use. */
    public static synchronized String url() {
        if (url == null) {
            String given = System.getenv("SWITCHBOARD_TEST_DATABASE_URL");
            url = given != null && !given.isBlank() ? given : createDatabase("switchboard_test_" + shortId());
        }
        return url;
    }

    public static String user() {
        return USER;
    }

    /** Creates another empty database on the same server, for tests that need a first-ever start. */
    public static String createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database on " + SERVER
                    + "; is PostgreSQL running? (.ci/run starts it)", e);
        }
        return SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + name;
    }

    /**
     * A fresh database name. Under {@code .ci/run} it starts with the run's database name, so the
     * run drops it at the end with its own: {@code switchboard_web} becomes
     * {@code switchboard_ci_..._web_1a2b3c4d5e6f}.
     */
    public static String freshName(String prefix) {
        String given = System.getenv("SWITCHBOARD_TEST_DATABASE_URL");
        if (given != null && !given.isBlank()) {
            String run = given.substring(given.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
            String name = run + "_" + prefix.replaceFirst("^switchboard_", "") + "_" + shortId();
            if (name.length() <= MAX_NAME_LENGTH) {
                return name;
            }
        }
        return prefix + "_" + shortId();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
