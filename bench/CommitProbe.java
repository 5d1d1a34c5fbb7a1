import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-row INSERT and commit every 10 ms on a connection of its own, timed from when it was due,
 * beside a benchmark's measured window: how long PostgreSQL on this machine takes to commit
 * anything at each moment. A stall it sees too (a slow WAL flush, the kernel writing back
 * PostgreSQL's data files) is the database's, not the app's.
 */
final class CommitProbe {
    static final long INTERVAL_NANOS = 10_000_000L;
    static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private final Thread thread;
    private final long[] latencies;
    /** Wall-clock time (ms) the first commit was due: the n-th was due INTERVAL_NANOS * n later. */
    private final long firstDueMillis;
    private volatile Exception failure;

    private CommitProbe(String jdbcUrl, int seconds) throws Exception {
        latencies = new long[(int) (seconds * 1_000_000_000L / INTERVAL_NANOS)];
        Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement insert = connection.prepareStatement("INSERT INTO bench.bench_probe VALUES (now())");
        insert.executeUpdate(); // prepared and warm before the first timed one
        long start = System.nanoTime() + 100_000_000L;
        firstDueMillis = System.currentTimeMillis() + 100;
        thread = Thread.ofPlatform().start(() -> {
            try (connection) {
                for (int n = 0; n < latencies.length; n++) {
                    long due = start + n * INTERVAL_NANOS;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    insert.executeUpdate();
                    latencies[n] = System.nanoTime() - due;
                }
            } catch (Exception e) {
                failure = e;
            }
        });
    }

    /**
     * Creates the probe's table; call it before the app connects. Creating a schema or a table
     * changes the catalogs, and every other connection then throws away its cached plans and
     * plans each statement anew: done at the start of the measured window, that showed as the
     * window's worst seconds, with the probe's own commits stalling 40-100 ms.
     */
    static void prepare(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS bench");
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS bench.bench_probe (at timestamptz)");
        }
    }

    /** Starts probing ({@link #prepare} made its table): the first commit is due 100 ms from now, every 10 ms for {@code seconds}. */
    static CommitProbe start(String jdbcUrl, int seconds) throws Exception {
        return new CommitProbe(jdbcUrl, seconds);
    }

    /** Waits for the probe to end and returns its latencies in time order (sort a copy for quantiles). */
    long[] finish() throws Exception {
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return latencies;
    }

    /**
     * The stalls: each run of consecutive commits slower than {@code thresholdNanos} (one slow
     * commit makes the next ones due meanwhile late too), as its first commit's due time (UTC,
     * to the millisecond) and the run's slowest latency in ms; at most {@code most} of them.
     */
    List<String> stalls(long thresholdNanos, int most) {
        List<String> stalls = new ArrayList<>();
        for (int n = 0; n < latencies.length && stalls.size() < most; n++) {
            if (latencies[n] <= thresholdNanos) {
                continue;
            }
            long worst = latencies[n];
            int first = n;
            while (n + 1 < latencies.length && latencies[n + 1] > thresholdNanos) {
                worst = Math.max(worst, latencies[++n]);
            }
            Instant due = Instant.ofEpochMilli(firstDueMillis + first * INTERVAL_NANOS / 1_000_000L);
            stalls.add(String.format("%s %.1f", UTC_TIME.format(due), worst / 1e6));
        }
        return stalls;
    }
}
