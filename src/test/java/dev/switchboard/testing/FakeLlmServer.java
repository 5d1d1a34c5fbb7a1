package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link FakeOpenAi} and {@link FakeAnthropic} share: a real HTTP server on a loopback port
 * (one virtual thread per request, so many concurrent calls are fine), a queue of scripted
 * {@link FakeReply replies} used in order, a default reply when the queue is empty (an echo of the
 * last user message, tokens counted as words), an optional API key every request must carry, and
 * a record of every request.
 *
 * <pre>{@code
 * try (var openai = FakeOpenAi.start()) {
 *     openai.reply(FakeReply.text("hello").tokens(12, 3));
 *     openai.fail(429, "Rate limit reached", Map.of("retry-after", "7"));
 *     // ... point a provider at openai.baseUrl(), call it twice ...
 *     assertThat(openai.lastRequest().authorization()).isEqualTo("Bearer sk-test");
 * }
 * }</pre>
 */
public abstract class FakeLlmServer implements AutoCloseable {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Deque<FakeReply> replies = new ArrayDeque<>();
    private final List<FakeLlmRequest> requests = new CopyOnWriteArrayList<>();
    protected final Clock clock = Clock.systemUTC();
    private volatile Function<FakeLlmRequest, FakeReply> defaultReply = FakeLlmServer::echo;
    private volatile String expectedApiKey;

    protected FakeLlmServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            } catch (IOException e) {
                // the client gave up (e.g. it timed out); nothing left to answer
            }
        });
        server.start();
    }

    /** The default reply: "echo: " and the last user message. */
    public static FakeReply echo(FakeLlmRequest request) {
        return FakeReply.text("echo: " + request.lastUserText());
    }

    /** The server's root, e.g. {@code http://127.0.0.1:41234}. */
    public String serverUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** The base URL a provider of this kind is configured with (the root plus {@code /v1}). */
    public String baseUrl() {
        return serverUrl() + "/v1";
    }

    /** Queues replies, used in order by the next requests. */
    public synchronized FakeLlmServer reply(FakeReply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    /** Queues an error in the provider's shape. */
    public FakeLlmServer fail(int status, String message) {
        return reply(FakeReply.error(status, message));
    }

    /** Queues an error in the provider's shape with response headers (e.g. {@code retry-after}). */
    public FakeLlmServer fail(int status, String message, Map<String, String> headers) {
        FakeReply reply = FakeReply.error(status, message);
        for (var header : headers.entrySet()) {
            reply = reply.header(header.getKey(), header.getValue());
        }
        return reply(reply);
    }

    /** What to answer when no reply is queued (default {@link #echo}). */
    public FakeLlmServer defaultReply(Function<FakeLlmRequest, FakeReply> reply) {
        this.defaultReply = reply;
        return this;
    }

    /** Requires this API key on every request (401 in the provider's shape otherwise); null accepts any. */
    public FakeLlmServer expectApiKey(String apiKey) {
        this.expectedApiKey = apiKey;
        return this;
    }

    /** Every request so far, in arrival order. */
    public List<FakeLlmRequest> requests() {
        return List.copyOf(requests);
    }

    /** The latest request; fails if there was none. */
    public FakeLlmRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError(getClass().getSimpleName() + " received no request");
        }
        return requests.getLast();
    }

    /** Waits (up to 10 s) until at least {@code count} requests arrived; returns them all. */
    public List<FakeLlmRequest> awaitRequests(int count) {
        return await().atMost(Duration.ofSeconds(10)).until(this::requests, list -> list.size() >= count);
    }

    /** Forgets queued replies, requests, the expected key and the default reply. */
    public synchronized void reset() {
        replies.clear();
        requests.clear();
        expectedApiKey = null;
        defaultReply = FakeLlmServer::echo;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- for the provider fakes ---------------------------------------------------------------

    /** Serves one exchange. */
    protected abstract void handle(HttpExchange exchange) throws IOException;

    /** Records a request and picks its reply. */
    protected FakeReply accept(FakeLlmRequest request) {
        requests.add(request);
        FakeReply queued;
        synchronized (this) {
            queued = replies.pollFirst();
        }
        return queued != null ? queued : defaultReply.apply(request);
    }

    /** The API key the fake requires, or null. */
    protected String expectedApiKey() {
        return expectedApiKey;
    }

    /** Lower-cased header names with their first value. */
    protected static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        return headers;
    }

    protected static void sleep(Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a whole JSON (or raw) answer with the reply's extra headers. */
    protected static void write(HttpExchange exchange, int status, String body, String contentType,
            Map<String, String> extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Starts a server-sent event stream (200, chunked). */
    protected static OutputStream startEvents(HttpExchange exchange, Map<String, String> extraHeaders)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        extraHeaders.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes one event ({@code event:} line only when {@code event} is not null) and flushes it. */
    protected static void event(OutputStream out, String event, String data) throws IOException {
        String text = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
