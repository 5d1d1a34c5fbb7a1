import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Intake and dispatch benchmark (issue 3). Runs the built jar against a PostgreSQL database with a
 * minimal Bot API and OpenAI-compatible server in this process, then:
 *
 * <ol>
 *   <li>baseline: a minimal program doing batched INSERTs of update-sized JSON rows on the same
 *       database (rows/s);</li>
 *   <li>intake at a fixed rate ({@code RATE} updates/s for 10 s, open loop), after as long a
 *       warm-up at that rate: the acknowledgement latency p50/p99 counted from when each update was
 *       due, so a stall cannot hide. The workers are off, so only intake is measured. Beside it a
 *       probe commits a one-row INSERT every 10 ms on its own connection: PostgreSQL's own commit
 *       latency at the same moments, the floor under the intake's;</li>
 *   <li>intake as fast as it goes: webhook POSTs from {@code CLIENTS} concurrent clients (closed
 *       loop: each sends its next update when the last was answered), updates/s and the
 *       acknowledgement latency p50/p99, and the app's CPU time per update. It runs after the open
 *       loop because the flood of writes it leaves behind (the kernel then flushing PostgreSQL's
 *       data files) slows PostgreSQL's WAL flushes, so commits, for a few seconds, and a steady
 *       rate measured in that wake would measure the flood, not the rate;</li>
 *   <li>dispatch: at low load (one update every 20 ms, each to a new chat), the time from the
 *       webhook's 200 (the update is committed) until the model request of its turn arrives here,
 *       p50/p99. This includes the turn's own preparation (bot and history reads), so it is an
 *       upper bound of "commit to worker start". 100 updates warm the app up first.</li>
 * </ol>
 *
 * Run with bench/intake.sh. The dispatch phase runs on a second, empty database.
 */
public class IntakeDispatchBenchmark {

    static final int CLIENTS = Integer.getInteger("clients", 64);
    static final int INTAKE_UPDATES = Integer.getInteger("updates", 40_000);
    static final int DISPATCH_UPDATES = Integer.getInteger("dispatchUpdates", 300);
    static final int RATE = Integer.getInteger("rate", 5000);
    /** Minimum warm-up; it goes on until the app's JIT settles (see JitSettling), up to MAX_WARMUP_SECONDS. */
    static final int WARMUP_SECONDS = Integer.getInteger("warmupSeconds", 10);
    static final int MAX_WARMUP_SECONDS = Integer.getInteger("maxWarmupSeconds", 180);
    static final String TOKEN = "999000111:AAbench-token-not-real-x";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5)).build();

    static volatile String webhookSecret;
    static final Map<Long, CompletableFuture<Long>> modelCallNanos = new ConcurrentHashMap<>();
    static final AtomicLong messageIds = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        String jdbcUrl = args[1];
        String java = args[2];
        String dispatchJdbcUrl = args[3];
        int appPort = 18181;
        HttpServer fake = startFakes();
        String fakeUrl = "http://127.0.0.1:" + fake.getAddress().getPort();

        double baseline = baseline(jdbcUrl);

        CommitProbe.prepare(jdbcUrl);
        Process app = startApp(java, jar, jdbcUrl, appPort, fakeUrl, false);
        String base = "http://127.0.0.1:" + appPort;
        String botId = setUp(base, fakeUrl);
        // Warm-up (JIT, pools), not measured: the same open loop on other update ids.
        long warmStart = System.nanoTime();
        AtomicLong warmIds = new AtomicLong(9_000_000);
        fixedRate(base, botId, RATE, WARMUP_SECONDS, warmIds.getAndAdd((long) RATE * WARMUP_SECONDS), new AtomicInteger());
        long warmedUp = JitSettling.awaitSettled(app.pid(), warmStart, MAX_WARMUP_SECONDS, () -> fixedRate(base, botId,
                RATE, JitSettling.WINDOW_SECONDS, warmIds.getAndAdd((long) RATE * JitSettling.WINDOW_SECONDS), new AtomicInteger()));
        AtomicInteger steadyFailures = new AtomicInteger();
        long steadyApp = ProcessCpu.ofProcess(app.pid());
        long steadyDriver = ProcessCpu.ofProcess(ProcessHandle.current().pid());
        long steadyPostgres = ProcessCpu.ofPostgres();
        long steadyCompilers = ProcessCpu.ofCompilers(app.pid());
        CommitProbe probe = CommitProbe.start(jdbcUrl, 10);
        long steadyEpochMillis = System.currentTimeMillis() + 100; // fixedRate's first update is due 100 ms after it starts
        long[] steady = fixedRate(base, botId, RATE, 10, 2_000_000, steadyFailures);
        long[] probed = probe.finish();
        writeTimeline(System.getProperty("timeline"), steadyEpochMillis, steady, probed);
        Arrays.sort(steady);
        Arrays.sort(probed);
        String steadyCores = String.format("app %.2f (its JIT compilers %.2f), driver %.2f, PostgreSQL %.2f",
                (ProcessCpu.ofProcess(app.pid()) - steadyApp) / 1e10, (ProcessCpu.ofCompilers(app.pid()) - steadyCompilers) / 1e10,
                (ProcessCpu.ofProcess(ProcessHandle.current().pid()) - steadyDriver) / 1e10,
                (ProcessCpu.ofPostgres() - steadyPostgres) / 1e10);
        long[] latencies = new long[INTAKE_UPDATES];
        AtomicInteger failures = new AtomicInteger();
        long cpuBefore = ProcessCpu.ofProcess(app.pid());
        long driverBefore = ProcessCpu.ofProcess(ProcessHandle.current().pid());
        long postgresBefore = ProcessCpu.ofPostgres();
        long started = System.nanoTime();
        closedLoop(base, botId, INTAKE_UPDATES, 1_000_000, latencies, failures);
        double seconds = (System.nanoTime() - started) / 1e9;
        double intakeRate = INTAKE_UPDATES / seconds;
        double cpuPerUpdate = (ProcessCpu.ofProcess(app.pid()) - cpuBefore) / 1e3 / INTAKE_UPDATES;
        double appCores = (ProcessCpu.ofProcess(app.pid()) - cpuBefore) / 1e9 / seconds;
        double driverCores = (ProcessCpu.ofProcess(ProcessHandle.current().pid()) - driverBefore) / 1e9 / seconds;
        double postgresCores = (ProcessCpu.ofPostgres() - postgresBefore) / 1e9 / seconds;
        Arrays.sort(latencies);
        stop(app);

        // A database of its own: the intake phases left tens of thousands of stored updates that the
        // workers would otherwise answer first, which is not "low load".
        Process app2 = startApp(java, jar, dispatchJdbcUrl, appPort, fakeUrl, true);
        String dispatchBotId = setUp(base, fakeUrl);
        // Warm-up (JIT, connection pools, the model client), not measured.
        for (int i = 0; i < 100; i++) {
            postUpdate(base, dispatchBotId, 4_000_000 + i, 4_000_000L + i, "warm-up " + i);
            Thread.sleep(10);
        }
        Thread.sleep(2000);
        long[] dispatch = new long[DISPATCH_UPDATES];
        for (int i = 0; i < DISPATCH_UPDATES; i++) {
            long chat = 5_000_000L + i;
            int status = postUpdate(base, dispatchBotId, 5_000_000 + i, chat, "dispatch " + chat);
            long acked = System.nanoTime();
            if (status != 200) {
                failures.incrementAndGet();
            }
            // Blocking, not spinning: a spinning driver would take one of the machine's two cores.
            Long called;
            try {
                called = modelCall(chat).get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                called = null;
            }
            dispatch[i] = called == null ? Long.MAX_VALUE : Math.max(0, called - acked);
            Thread.sleep(20);
        }
        Arrays.sort(dispatch);
        stop(app2);
        fake.stop(0);

        System.out.printf("%nbaseline batched INSERT (same database): %,.0f rows/s%n", baseline);
        System.out.printf("intake: %,d webhook updates from %d clients in %.1f s = %,.0f updates/s"
                        + " (%.2fx the baseline); ack latency p50 %.2f ms, p99 %.2f ms; non-200: %d%n",
                INTAKE_UPDATES, CLIENTS, seconds, intakeRate, intakeRate / baseline, ms(latencies, 0.50),
                ms(latencies, 0.99), failures.get());
        System.out.printf("intake CPU of the app process: %.0f us per update (all threads, user + system);"
                + " cores used while measuring: app %.2f, driver %.2f, PostgreSQL %.2f%n",
                cpuPerUpdate, appCores, driverCores, postgresCores);
        System.out.printf("intake at a fixed %,d updates/s for 10 s (open loop, after %d s of it unmeasured): ack latency"
                + " p50 %.2f ms, p99 %.2f ms; non-200: %d; cores used: %s%n", RATE, warmedUp, ms(steady, 0.50),
                ms(steady, 0.99), steadyFailures.get(), steadyCores);
        System.out.printf("  PostgreSQL alone in those 10 s (a one-row INSERT committed every 10 ms on a connection of its own):"
                + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(probed, 0.50), ms(probed, 0.99), ms(probed, 1.0));
        System.out.printf("dispatch (commit -> model call, %d updates at low load): p50 %.2f ms, p99 %.2f ms;"
                        + " no model call within 5 s: %d%n", DISPATCH_UPDATES, ms(dispatch, 0.50), ms(dispatch, 0.99),
                Arrays.stream(dispatch).filter(d -> d == Long.MAX_VALUE).count());
    }

    /** {@code CLIENTS} clients posting {@code count} updates, each as soon as its last was answered. */
    static void closedLoop(String base, String botId, int count, long firstUpdateId, long[] latencies,
            AtomicInteger failures) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.execute(() -> {
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            long t0 = System.nanoTime();
                            int status = postUpdate(base, botId, firstUpdateId + i, 10_000 + (i % 1000), "hello " + i);
                            latencies[i] = System.nanoTime() - t0;
                            if (status != 200) {
                                failures.incrementAndGet();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
    }

    static CompletableFuture<Long> modelCall(long chat) {
        return modelCallNanos.computeIfAbsent(chat, c -> new CompletableFuture<>());
    }

    /**
     * Open loop: updates sent at a fixed rate whatever the answers do, each latency counted from
     * when it was due to be sent (so a stall is not hidden by sending less). {@code CLIENTS}
     * connections send, as Telegram keeps to a webhook's {@code max_connections}: each takes the
     * next update in order and sends it when it is due, or at once if it is already late, and that
     * wait counts in its latency.
     */
    static long[] fixedRate(String base, String botId, int rate, int seconds, long firstUpdateId, AtomicInteger failures)
            throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        AtomicInteger next = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            // Platform threads: the driver's own scheduling must not add to what it measures.
            senders.add(Thread.ofPlatform().start(() -> {
                for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                    long due = start + n * interval;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    int status = postUpdate(base, botId, firstUpdateId + n, 20_000 + (n % 1000), "steady " + n);
                    latencies[n] = System.nanoTime() - due;
                    if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return latencies;
    }

    /**
     * The slowest acknowledgement and the slowest probe commit per 100 ms of the open loop: shows
     * whether the tail is one stall or many, and whether PostgreSQL stalled too. Both are in time
     * order; the wall-clock start lines the slots up with other logs (GC, PostgreSQL).
     */
    static void writeTimeline(String file, long startEpochMillis, long[] acks, long[] probes) throws IOException {
        if (file == null || file.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("# slot (ms after epoch ms " + startEpochMillis
                + "): slowest ack ms, slowest probe commit ms\n");
        int acksPerSlot = acks.length / 100;
        int probesPerSlot = probes.length / 100;
        for (int slot = 0; slot < 100; slot++) {
            out.append(slot * 100).append(" ms: ").append(max(acks, slot * acksPerSlot, acksPerSlot) / 1_000_000)
                    .append(", ").append(max(probes, slot * probesPerSlot, probesPerSlot) / 1_000_000).append('\n');
        }
        java.nio.file.Files.writeString(Path.of(file), out);
    }

    private static long max(long[] values, int from, int count) {
        long max = 0;
        for (int i = from; i < Math.min(values.length, from + count); i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    static double ms(long[] sorted, double quantile) {
        long value = sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        return value == Long.MAX_VALUE ? Double.NaN : value / 1e6;
    }

    /** Batched INSERTs of rows shaped like inbox items: the most a program does writing to this database. */
    static double baseline(String jdbcUrl) throws Exception {
        int rows = INTAKE_UPDATES;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            // Its own schema: the app's migrations want an empty "public".
            connection.createStatement().execute("CREATE SCHEMA IF NOT EXISTS bench");
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS bench.bench_baseline (bot_id uuid,"
                    + " update_id bigint, chat_id bigint, payload jsonb, received_at timestamptz DEFAULT now(),"
                    + " UNIQUE (bot_id, update_id))");
        }
        UUID bot = UUID.randomUUID();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                    connection.setAutoCommit(false);
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO bench.bench_baseline"
                            + " (bot_id, update_id, chat_id, payload) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING");
                    for (int i = thread; i < rows; i += threads) {
                        insert.setObject(1, bot);
                        insert.setLong(2, i);
                        insert.setLong(3, 10_000 + (i % 1000));
                        insert.setString(4, update(i, 10_000 + (i % 1000), "hello " + i));
                        insert.addBatch();
                        if ((i / threads) % 100 == 99) {
                            insert.executeBatch();
                            connection.commit();
                        }
                    }
                    insert.executeBatch();
                    connection.commit();
                }
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
        pool.shutdown();
        return rows / ((System.nanoTime() - started) / 1e9);
    }

    static String update(long updateId, long chatId, String text) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":" + updateId + ",\"date\":1764000000,"
                + "\"chat\":{\"id\":" + chatId + ",\"type\":\"private\",\"first_name\":\"Bench\"},"
                + "\"from\":{\"id\":" + chatId + ",\"is_bot\":false,\"first_name\":\"Bench\"},\"text\":\"" + text + "\"}}";
    }

    /**
     * One webhook delivery, as Telegram makes it: a POST on a kept-alive HTTP/1.1 connection. Sent
     * with {@link WebhookConnection}, not the JDK's HttpClient: that client takes about 85 us of CPU
     * per request, which on this 2-core machine would be taken from the app being measured.
     */
    static int postUpdate(String base, String botId, long updateId, long chatId, String text) {
        byte[] body = update(updateId, chatId, text).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /telegram/webhook/" + botId + " HTTP/1.1\r\nHost: " + URI.create(base).getAuthority()
                + "\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: " + webhookSecret
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; attempt < 2; attempt++) {
            WebhookConnection connection = WebhookConnection.take(base);
            try {
                int status = connection.exchange(head, body);
                connection.release();
                return status;
            } catch (IOException e) {
                // A kept-alive connection the server closed meanwhile: once more on a new one.
                connection.close();
            }
        }
        return 0;
    }

    /** A kept-alive connection to the app; idle ones are pooled, so as many exist as requests in flight. */
    static final class WebhookConnection {
        static final java.util.concurrent.ConcurrentLinkedDeque<WebhookConnection> IDLE =
                new java.util.concurrent.ConcurrentLinkedDeque<>();
        final java.net.Socket socket;
        final java.io.InputStream in;
        final java.io.OutputStream out;
        boolean keepAlive;

        WebhookConnection(URI base) throws IOException {
            socket = new java.net.Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 4096);
            out = socket.getOutputStream();
        }

        static WebhookConnection take(String base) {
            WebhookConnection idle = IDLE.pollFirst();
            if (idle != null) {
                return idle;
            }
            try {
                return new WebhookConnection(URI.create(base));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Sends one request and reads its whole answer; returns the status code. */
        int exchange(byte[] head, byte[] body) throws IOException {
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new java.io.EOFException("closed before an answer");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = 0;
            keepAlive = true;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            in.skipNBytes(length);
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return line.toString();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.isEmpty() ? null : line.toString();
        }

        void release() {
            if (keepAlive) {
                IDLE.offerFirst(this);
            } else {
                close();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    static String setUp(String base, String fakeUrl) throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.test";
        post(base, "/api/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"benchmark password 123\"}");
        String login = post(base, "/api/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"benchmark password 123\"}");
        String token = field(login, "accessToken");
        String provider = post(base, "/api/providers", token, "{\"name\":\"bench\",\"type\":\"openai_compatible\","
                + "\"baseUrl\":\"" + fakeUrl + "/v1\",\"apiKey\":\"sk-bench\"}");
        String model = post(base, "/api/models", token, "{\"providerId\":\"" + field(provider, "id")
                + "\",\"modelName\":\"bench-model\"}");
        String bot = post(base, "/api/bots", token, "{\"name\":\"bench\",\"token\":\"" + TOKEN + "\",\"modelId\":\""
                + field(model, "id") + "\",\"mode\":\"webhook\"}");
        return field(bot, "id");
    }

    static String post(String base, String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    static Process startApp(String java, String jar, String jdbcUrl, int port, String fakeUrl, boolean workers)
            throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-bench-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(java));
        // APP_JVM_OPTIONS in the shell script: the JVM flags the app runs with (none: the JVM's defaults).
        command.addAll(Arrays.stream(System.getProperty("appJvmOptions", "").split(" ")).filter(o -> !o.isBlank()).toList());
        command.addAll(List.of("-jar", jar, "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--switchboard.master-key=YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=", "--switchboard.data-dir=" + System.getProperty("java.io.tmpdir") + "/switchboard-bench-data",
                "--switchboard.public-url=http://127.0.0.1:" + port, "--switchboard.telegram.api-url=" + fakeUrl,
                "--switchboard.processing.enabled=" + workers, "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Never leave the app running when the driver fails.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.body().contains("UP")) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app did not start; see " + log);
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** A Bot API that knows one bot and an OpenAI-compatible chat endpoint that answers at once. */
    static HttpServer startFakes() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.endsWith("/chat/completions")) {
                Matcher chat = Pattern.compile("dispatch (\\d+)").matcher(body);
                if (chat.find()) {
                    modelCall(Long.parseLong(chat.group(1))).complete(System.nanoTime());
                }
                respond(exchange, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1764000000,"
                        + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,"
                        + "\"completion_tokens\":1,\"total_tokens\":6}}");
                return;
            }
            String method = path.substring(path.lastIndexOf('/') + 1);
            switch (method) {
                case "getMe" -> respond(exchange, "{\"ok\":true,\"result\":{\"id\":999000111,\"is_bot\":true,"
                        + "\"first_name\":\"Bench\",\"username\":\"bench_bot\"}}");
                case "setWebhook" -> {
                    webhookSecret = parameter(body, "secret_token");
                    respond(exchange, "{\"ok\":true,\"result\":true}");
                }
                case "sendMessage" -> {
                    String chat = parameter(body, "chat_id");
                    respond(exchange, "{\"ok\":true,\"result\":{\"message_id\":" + messageIds.incrementAndGet()
                            + ",\"date\":1764000000,\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"ok\"}}");
                }
                default -> respond(exchange, "{\"ok\":true,\"result\":true}");
            }
        });
        server.start();
        return server;
    }

    /** A parameter of a Bot API call, sent as a form, multipart or JSON. */
    static String parameter(String body, String name) {
        Matcher json = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(body);
        if (json.find()) {
            return json.group(1);
        }
        Matcher multipart = Pattern.compile("name=\"" + name + "\"\\r?\\n(?:[^\\r\\n]*\\r?\\n)*?\\r?\\n([^\\r\\n]*)").matcher(body);
        if (multipart.find()) {
            return multipart.group(1);
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2 && parts[0].equals(name)) {
                return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
