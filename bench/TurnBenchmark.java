import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full-turn benchmark (issue 4): CHATS concurrent chats (spread over BOTS bots, so Telegram's
 * per-bot limit is not what is measured) each send a message, wait for the reply, think for
 * THINK_MS (a second by default) and send the next. The fake model answers after MODEL_MS. Reported: turns per second and
 * the platform overhead per turn (reply sent minus model time) p50/p99, for Switchboard and, in the
 * same run, for a bare "receive, call model, send" loop; and the app's RSS at rest and at peak.
 * Run with bench/turns.sh.
 */
public class TurnBenchmark {

    static final int CHATS = Integer.getInteger("chats", 500);
    static final int BOTS = Integer.getInteger("bots", 20);
    static final int MODEL_MS = Integer.getInteger("modelMs", 500);
    /** How long a chat waits after a reply before its next message: with CHATS, sets the offered load. */
    static final int THINK_MS = Integer.getInteger("thinkMs", 1000);
    static final int SECONDS = Integer.getInteger("seconds", 30);
    /** Each user message padded with prose to this many characters (0: a few words), so history costs what long chats cost. */
    static final int TEXT_CHARS = Integer.getInteger("textChars", 0);
    /** The bench model's context window in tokens: how much of a chat's history each turn reads and counts. */
    static final int CONTEXT_WINDOW = Integer.getInteger("contextWindow", 16000);
    static final String PROSE = "We talked about the delivery of the new chairs, which should arrive on Thursday"
            + " morning unless the warehouse in Leipzig is late again; the invoice still lists the old address. ";
    /** Minimum warm-up; it goes on until the app's JIT settles (see JitSettling), up to MAX_WARMUP. */
    static final int WARMUP = Integer.getInteger("warmup", 10);
    static final int MAX_WARMUP = Integer.getInteger("maxWarmup", 240);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Per chat: when the current turn's message was sent, and the model's start and end. */
    record Turn(long sentNanos, long modelStart, long modelEnd) {
    }

    static final Map<String, String> secrets = new ConcurrentHashMap<>();
    static final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    static final Map<Long, long[]> modelTimes = new ConcurrentHashMap<>();
    static final Map<Long, CountDownLatch> waiting = new ConcurrentHashMap<>();
    static final AtomicLong messageIds = new AtomicLong();
    static final AtomicLong updateIds = new AtomicLong(1);
    static volatile boolean measuring;
    static final AtomicLong turnsMeasured = new AtomicLong();
    /** The overhead's two parts: message sent to model call started, and model done to reply sent. */
    static final List<Long> beforeModel = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> afterModel = Collections.synchronizedList(new ArrayList<>());
    /** The part before the model call, split: message sent to webhook acknowledged, and acknowledged to model call. */
    static final Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
    /** Measured turns left out of that split: their webhook's answer reached the driver only after the model call began. */
    static final AtomicLong answeredLate = new AtomicLong();
    static final List<Long> acks = Collections.synchronizedList(new ArrayList<>());
    /** When each measured turn's reply arrived (nanoTime) and its overhead (ns): its quantiles, and where the slow ones fall. */
    static final List<long[]> timeline = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> ackToModel = Collections.synchronizedList(new ArrayList<>());
    /** The app's safepoint log: every stop-the-world pause (GC's and the JVM's others), with wall-clock times. */
    static final Path SAFEPOINT_LOG = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-bench-safepoints.log");

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        String jdbcUrl = args[1];
        String java = args[2];
        HttpServer fakes = startFakes();
        String fakeUrl = "http://127.0.0.1:" + fakes.getAddress().getPort();

        // Baseline: the bare loop, same load, same fakes.
        HttpServer bare = startBareLoop(fakeUrl);
        String bareBase = "http://127.0.0.1:" + bare.getAddress().getPort();
        List<String> bareTargets = new ArrayList<>();
        for (int b = 0; b < BOTS; b++) {
            bareTargets.add(bareBase + "/hook/" + token(b));
        }
        double[] baseline = run(bareTargets, b -> null, 0, null);
        bare.stop(0);
        // A fresh fake for the app: the baseline left hundreds of idle connections on the old one.
        fakes.stop(0);
        fakes = startFakes();
        fakeUrl = "http://127.0.0.1:" + fakes.getAddress().getPort();

        int port = 18282;
        CommitProbe.prepare(jdbcUrl);
        Process app = startApp(java, jar, jdbcUrl, port, fakeUrl);
        String base = "http://127.0.0.1:" + port;
        List<String> targets = setUp(base, fakeUrl);
        Thread.sleep(3000);
        long restRss = rss(app.pid());
        long[] peak = {restRss};
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], rss(app.pid()));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        double[] switchboard = run(targets, b -> secrets.get(token(b)), app.pid(), jdbcUrl);
        sampler.interrupt();
        app.destroy();
        app.waitFor();
        fakes.stop(0);

        System.out.printf("%n%d chats over %d bots, model answers after %d ms, each chat waits %d ms after a reply,"
                + " %d s measured after a warm-up of %d s or more, until the JIT settled (at most %d s)%n",
                CHATS, BOTS, MODEL_MS, THINK_MS, SECONDS, WARMUP, MAX_WARMUP);
        System.out.printf("bare loop (baseline): %.0f turns/s, overhead p50 %.1f ms, p99 %.1f ms%n",
                baseline[0], baseline[1], baseline[2]);
        System.out.printf("switchboard:          %.0f turns/s, overhead p50 %.1f ms, p99 %.1f ms"
                        + " (%.2fx the baseline's turns/s; overhead p50 +%.1f ms, p99 +%.1f ms over it)%n",
                switchboard[0], switchboard[1], switchboard[2], switchboard[0] / baseline[0],
                switchboard[1] - baseline[1], switchboard[2] - baseline[2]);
        System.out.printf("switchboard CPU: %.2f ms per turn (app process, all threads, user + system)%n", switchboard[3]);
        System.out.printf("switchboard RSS: %d MiB at rest, %d MiB at peak%n", restRss / 1024, peak[0] / 1024);
    }

    static String token(int bot) {
        return (990_000_000L + bot) + ":AAbench-turns-token-not-real-012345";
    }

    /**
     * Runs the closed loop against the targets (one per bot); returns turns/s, overhead p50, p99 in ms.
     * With a database, a {@link CommitProbe} on it runs through the measured window.
     */
    static double[] run(List<String> targets, java.util.function.IntFunction<String> secretOfBot, long pid,
            String jdbcUrl) throws Exception {
        beforeModel.clear();
        afterModel.clear();
        acks.clear();
        ackToModel.clear();
        answeredLate.set(0);
        timeline.clear();
        turnsMeasured.set(0);
        measuring = false;
        long start = System.nanoTime();
        AtomicBoolean stopped = new AtomicBoolean();
        List<Thread> chats = new ArrayList<>();
        for (int c = 0; c < CHATS; c++) {
            int bot = c % BOTS;
            long chat = 70_000_000L + c;
            chats.add(Thread.ofVirtual().start(() -> {
                int turn = 0;
                while (!stopped.get()) {
                    CountDownLatch replied = new CountDownLatch(1);
                    waiting.put(chat, replied);
                    long sent = System.nanoTime();
                    sentAt.put(chat, sent);
                    modelTimes.remove(chat);
                    post(targets.get(bot), secretOfBot.apply(bot), chat, text("chat " + chat + " turn " + turn++));
                    ackedAt.put(chat, System.nanoTime());
                    try {
                        if (!replied.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                            continue;
                        }
                        Thread.sleep(THINK_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Thread.sleep(WARMUP * 1000L);
        long served = pid == 0 ? ProcessHandle.current().pid() : pid;
        JitSettling.awaitSettled(served, start, MAX_WARMUP, JitSettling.WAIT);
        measuring = true;
        long measureStart = System.nanoTime();
        long measureStartWall = System.currentTimeMillis();
        long cpuStart = pid == 0 ? 0 : ProcessCpu.ofProcess(pid);
        long compilerStart = ProcessCpu.ofCompilers(served);
        long driverStart = ProcessCpu.ofProcess(ProcessHandle.current().pid());
        long postgresStart = ProcessCpu.ofPostgres();
        CommitProbe probe = jdbcUrl == null ? null : CommitProbe.start(jdbcUrl, SECONDS);
        Thread.sleep(SECONDS * 1000L);
        measuring = false;
        long measureEndWall = System.currentTimeMillis();
        long[] probed = probe == null ? null : probe.finish();
        stopped.set(true);
        long cpu = pid == 0 ? 0 : ProcessCpu.ofProcess(pid) - cpuStart;
        double window = SECONDS * 1e9;
        System.out.printf("  CPU used during the measured %d s (cores): %s driver and fakes %.2f, PostgreSQL %.2f;"
                        + " of the %s, JIT compilers %.2f%n",
                SECONDS, pid == 0 ? "" : String.format("app %.2f,", cpu / window),
                (ProcessCpu.ofProcess(ProcessHandle.current().pid()) - driverStart) / window, (ProcessCpu.ofPostgres() - postgresStart) / window,
                pid == 0 ? "driver" : "app", (ProcessCpu.ofCompilers(served) - compilerStart) / window);
        if (probed != null) {
            List<String> stalls = probe.stalls(20_000_000L, 20); // before the sort below: in time order
            Arrays.sort(probed);
            System.out.printf("  PostgreSQL alone meanwhile (a one-row INSERT committed every 10 ms on a connection of its own):"
                    + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", probed[probed.length / 2] / 1e6,
                    probed[(int) Math.ceil(0.99 * probed.length) - 1] / 1e6, probed[probed.length - 1] / 1e6);
            System.out.println("  its stalls over 20 ms (first commit due, UTC; slowest ms): "
                    + (stalls.isEmpty() ? "none" : String.join(", ", stalls)));
        }
        if (pid != 0) {
            printPauses(measureStartWall, measureEndWall);
        }
        double elapsed = (System.nanoTime() - measureStart) / 1e9;
        for (Thread chat : chats) {
            chat.join();
        }
        List<Long> sorted;
        synchronized (timeline) {
            sorted = timeline.stream().map(turn -> turn[1]).sorted().toList();
        }
        List<Long> before = sorted(beforeModel);
        List<Long> after = sorted(afterModel);
        System.out.printf("  overhead before the model call p50 %.1f ms, p99 %.1f ms; after it p50 %.1f ms, p99 %.1f ms%n",
                percentile(before, 0.50), percentile(before, 0.99), percentile(after, 0.50), percentile(after, 0.99));
        printSlowTurnsInTime(percentile(sorted, 0.99));
        List<Long> acked = sorted(acks);
        List<Long> toModel = sorted(ackToModel);
        if (pid != 0) {
            // The bare loop answers its webhook after the reply: it has no such split.
            System.out.printf("  before the model call: webhook acknowledged p50 %.1f ms, p99 %.1f ms; then model called p50 %.1f ms,"
                            + " p99 %.1f ms (%d of %d turns left out: the answer reached the driver after the model call began)%n",
                    percentile(acked, 0.50), percentile(acked, 0.99), percentile(toModel, 0.50), percentile(toModel, 0.99),
                    answeredLate.get(), turnsMeasured.get());
        }
        return new double[] {turnsMeasured.get() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                cpu / 1e6 / Math.max(1, turnsMeasured.get())};
    }

    /**
     * Whether the turns slower than the p99 come in a few stalls (all turns of a moment slow at once:
     * a pause of the app, of PostgreSQL or of the disk) or spread over the run (a queue's steady tail):
     * how many 100 ms windows they fall into, and the share in the 10 windows holding most of them.
     */
    static void printSlowTurnsInTime(double p99Millis) {
        java.util.Map<Long, Integer> slowPerWindow = new java.util.HashMap<>();
        int slow = 0;
        synchronized (timeline) {
            for (long[] turn : timeline) {
                if (turn[1] / 1e6 > p99Millis) {
                    slowPerWindow.merge(turn[0] / 100_000_000L, 1, Integer::sum);
                    slow++;
                }
            }
        }
        int inTop = slowPerWindow.values().stream().sorted(Collections.reverseOrder()).limit(10)
                .mapToInt(Integer::intValue).sum();
        System.out.printf("  turns slower than the p99: %d in %d windows of 100 ms (of %d measured); the 10 worst windows"
                + " hold %.0f%% of them%n", slow, slowPerWindow.size(), SECONDS * 10, slow == 0 ? 0.0 : 100.0 * inTop / slow);
        // Wall-clock times of the worst windows, to set beside the GC log, PostgreSQL's log or a disk probe.
        long wallMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        System.out.println("  the worst windows (UTC, slow turns): " + slowPerWindow.entrySet().stream()
                .sorted(java.util.Map.Entry.<Long, Integer>comparingByValue().reversed()).limit(5)
                .map(w -> CommitProbe.UTC_TIME.format(java.time.Instant.ofEpochMilli(
                        (w.getKey() * 100_000_000L + wallMinusNano) / 1_000_000L)).substring(0, 10) + " " + w.getValue())
                .collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * The app's stop-the-world pauses that ended in the measured window, from its safepoint log: a
     * GC's and the JVM's others. Beside the worst windows, they tell a pause of the app from one of
     * PostgreSQL or the disk.
     */
    static void printPauses(long fromMillis, long toMillis) throws IOException {
        Pattern line = Pattern.compile("^\\[([^\\]]+)\\] Safepoint \"([^\"]+)\".* Total: (\\d+) ns");
        var format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        int pauses = 0;
        long totalNanos = 0;
        long longestNanos = 0;
        String longest = "none";
        List<String> over5 = new ArrayList<>();
        for (String entry : Files.readAllLines(SAFEPOINT_LOG)) {
            Matcher matcher = line.matcher(entry);
            if (!matcher.find()) {
                continue;
            }
            long at = java.time.OffsetDateTime.parse(matcher.group(1), format).toInstant().toEpochMilli();
            if (at < fromMillis || at > toMillis) {
                continue;
            }
            long nanos = Long.parseLong(matcher.group(3));
            String when = matcher.group(1).substring(11, 23);
            pauses++;
            totalNanos += nanos;
            if (nanos > 5_000_000L) {
                over5.add(String.format("%s %.1f", when, nanos / 1e6));
            }
            if (nanos > longestNanos) {
                longestNanos = nanos;
                longest = String.format("%.1f ms (%s, ended %s UTC)", nanos / 1e6, matcher.group(2), when);
            }
        }
        System.out.printf("  the app's stop-the-world pauses meanwhile (GC and other safepoints): %d, %.0f ms in all;"
                + " the longest %s%n", pauses, totalNanos / 1e6, longest);
        System.out.println("  pauses over 5 ms (ended UTC, ms): " + (over5.isEmpty() ? "none" : String.join(", ", over5)));
    }

    /** A user message: its words (never cut: the fake model finds the chat in them), padded with prose to TEXT_CHARS. */
    static String text(String words) {
        if (words.length() >= TEXT_CHARS) {
            return words;
        }
        StringBuilder text = new StringBuilder(words);
        while (text.length() < TEXT_CHARS) {
            text.append(' ').append(PROSE);
        }
        return text.substring(0, TEXT_CHARS);
    }

    /** A sorted copy of samples still being added to. */
    static List<Long> sorted(List<Long> samples) {
        List<Long> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        Collections.sort(copy);
        return copy;
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static void post(String url, String secret, long chat, String text) {
        String update = "{\"update_id\":" + updateIds.getAndIncrement() + ",\"message\":{\"message_id\":"
                + messageIds.incrementAndGet() + ",\"date\":1764000000,\"chat\":{\"id\":" + chat
                + ",\"type\":\"private\",\"first_name\":\"Bench\"},\"from\":{\"id\":" + chat
                + ",\"is_bot\":false,\"first_name\":\"Bench\"},\"text\":\"" + text + "\"}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(update));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        try {
            HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // counted as a turn that never completes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reply reached the fake Telegram: the turn is done. */
    static void replied(long chat) {
        long now = System.nanoTime();
        Long sent = sentAt.get(chat);
        long[] model = modelTimes.get(chat);
        CountDownLatch latch = waiting.remove(chat);
        if (latch == null) {
            return;
        }
        if (measuring && sent != null && model != null) {
            timeline.add(new long[] {now, (now - sent) - (model[1] - model[0])});
            beforeModel.add(model[0] - sent);
            Long acked = ackedAt.get(chat);
            // An answer older than the message is the previous turn's: this one's is still to come.
            if (acked != null && acked >= sent && acked <= model[0]) {
                acks.add(acked - sent);
                ackToModel.add(model[0] - acked);
            } else {
                answeredLate.incrementAndGet();
            }
            afterModel.add(now - model[1]);
            turnsMeasured.incrementAndGet();
        }
        latch.countDown();
    }

    static List<String> setUp(String base, String fakeUrl) throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.test";
        post(base, "/api/auth/register", null, "{\"email\":\"" + email + "\",\"password\":\"benchmark password 123\"}");
        String token = field(post(base, "/api/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"benchmark password 123\"}"), "accessToken");
        String provider = post(base, "/api/providers", token, "{\"name\":\"bench\",\"type\":\"openai_compatible\","
                + "\"baseUrl\":\"" + fakeUrl + "/v1\",\"apiKey\":\"sk-bench\"}");
        String model = field(post(base, "/api/models", token, "{\"providerId\":\"" + field(provider, "id")
                + "\",\"modelName\":\"bench-model\",\"contextWindow\":" + CONTEXT_WINDOW + "}"), "id");
        List<String> targets = new ArrayList<>();
        for (int b = 0; b < BOTS; b++) {
            String bot = post(base, "/api/bots", token, "{\"name\":\"bench " + b + "\",\"token\":\"" + token(b)
                    + "\",\"modelId\":\"" + model + "\",\"mode\":\"webhook\"}");
            targets.add(base + "/telegram/webhook/" + field(bot, "id"));
        }
        return targets;
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

    static Process startApp(String java, String jar, String jdbcUrl, int port, String fakeUrl) throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "switchboard-bench-turns.log");
        List<String> command = new ArrayList<>(List.of(java));
        Files.deleteIfExists(SAFEPOINT_LOG);
        command.add("-Xlog:safepoint:file=" + SAFEPOINT_LOG + ":utctime");
        // APP_JVM_OPTIONS in the shell script: the JVM flags the app runs with (none: the JVM's defaults).
        command.addAll(Arrays.stream(System.getProperty("appJvmOptions", "").split(" ")).filter(o -> !o.isBlank()).toList());
        command.addAll(List.of("-jar", jar, "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--switchboard.master-key=YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=", "--switchboard.data-dir=" + System.getProperty("java.io.tmpdir") + "/switchboard-bench-data",
                "--switchboard.public-url=http://127.0.0.1:" + port, "--switchboard.telegram.api-url=" + fakeUrl,
                "--switchboard.processing.concurrency=" + (CHATS + 100), "--logging.level.root=WARN"));
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

    /** Resident set of a process in KiB. */
    static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The bare loop: webhook in, one model call, one sendMessage, 200. */
    static HttpServer startBareLoop(String fakeUrl) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 2048);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/hook/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher chat = Pattern.compile("\"chat\":\\{\"id\":(\\d+)").matcher(body);
            Matcher text = Pattern.compile("\"text\":\"([^\"]*)\"").matcher(body);
            chat.find();
            text.find();
            try {
                String completion = HTTP.send(HttpRequest.newBuilder(URI.create(fakeUrl + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"bench-model\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"" + text.group(1) + "\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                HTTP.send(HttpRequest.newBuilder(URI.create(fakeUrl + "/bot" + token + "/sendMessage"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"chat_id\":" + chat.group(1) + ",\"text\":\"ok\"}"))
                        .build(), HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Bot API for the benchmark's bots and an OpenAI-compatible model that answers after MODEL_MS. */
    static HttpServer startFakes() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try {
                fake(exchange);
            } catch (RuntimeException | IOException e) {
                e.printStackTrace();
                throw e;
            }
        });
        server.start();
        return server;
    }

    static void fake(HttpExchange exchange) throws IOException {
        {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.endsWith("/chat/completions")) {
                model(exchange, body);
                return;
            }
            String token = path.substring(4, path.lastIndexOf('/'));
            String method = path.substring(path.lastIndexOf('/') + 1);
            String botId = token.substring(0, token.indexOf(':'));
            switch (method) {
                case "getMe" -> respond(exchange, "{\"ok\":true,\"result\":{\"id\":" + botId + ",\"is_bot\":true,"
                        + "\"first_name\":\"Bench\",\"username\":\"bench" + botId + "_bot\"}}");
                case "setWebhook" -> {
                    String secret = parameter(body, "secret_token");
                    if (secret == null) {
                        System.err.println("setWebhook without a secret: " + body);
                        secret = "";
                    }
                    secrets.put(token, secret);
                    respond(exchange, "{\"ok\":true,\"result\":true}");
                }
                case "sendMessage" -> {
                    String chat = parameter(body, "chat_id");
                    respond(exchange, "{\"ok\":true,\"result\":{\"message_id\":" + messageIds.incrementAndGet()
                            + ",\"date\":1764000000,\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"ok\"}}");
                    replied(Long.parseLong(chat));
                }
                default -> respond(exchange, "{\"ok\":true,\"result\":true}");
            }
        }
    }

    static void model(HttpExchange exchange, String body) throws IOException {
        long start = System.nanoTime();
        Matcher chat = Pattern.compile("chat (\\d+) turn").matcher(body);
        Long chatId = null;
        while (chat.find()) {
            chatId = Long.parseLong(chat.group(1));
        }
        try {
            Thread.sleep(MODEL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean stream = body.contains("\"stream\":true") || body.contains("\"stream\" : true");
        String usage = "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"total_tokens\":22}";
        byte[] bytes;
        if (stream) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            bytes = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"bench-model\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"bench-model\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"bench-model\","
                    + "\"choices\":[]," + usage + "}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            bytes = ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1764000000,\"model\":\"bench-model\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                    + "\"finish_reason\":\"stop\"}]," + usage + "}").getBytes(StandardCharsets.UTF_8);
        }
        if (chatId != null) {
            modelTimes.put(chatId, new long[] {start, System.nanoTime()});
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

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
