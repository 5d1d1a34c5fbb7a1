package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract tests cannot see from outside the module: a stopped stream frees its reading
 * thread at once and reports nothing, a read timeout surfaces as LangChain4j's timeout (and is not
 * retried), and a pooled connection the provider closed is replaced rather than failing the call.
 * The client is the one the app uses ({@link ChatModels#providerClient}).
 */
class ProviderHttpClientTest {

    static final Duration PATIENT = Duration.ofMinutes(1);

    final FakeOpenAi fake = FakeOpenAi.start();
    final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    final OkHttpClient http = ChatModels.providerClient(Duration.ofSeconds(10));

    @AfterEach
    void close() {
        readers.shutdownNow();
        http.dispatcher().cancelAll();
        http.connectionPool().evictAll();
        fake.close();
    }

    HttpClient client(Duration readTimeout) {
        return new ProviderHttpClient.Builder(http, readers).readTimeout(readTimeout).build();
    }

    HttpRequest chat(boolean stream) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url(fake.baseUrl() + "/chat/completions")
                .addHeader("Content-Type", "application/json")
                .body("{\"model\":\"m\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .build();
    }

    /** Starts a stream the way LlmService does, with a StreamReading set on the calling thread. */
    ProviderHttpClient.StreamReading stream(HttpClient client, Recorder recorder) {
        var reading = new ProviderHttpClient.StreamReading();
        ProviderHttpClient.StreamReading.CURRENT.set(reading);
        try {
            client.execute(chat(true), new DefaultServerSentEventParser(), recorder);
        } finally {
            ProviderHttpClient.StreamReading.CURRENT.remove();
        }
        return reading;
    }

    boolean readersEndWithin(Duration wait) throws InterruptedException {
        readers.shutdown();
        return readers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void stoppingAStalledStreamEndsItsReaderAtOnceWithoutReportingAnError() throws Exception {
        fake.reply(FakeReply.chunks("first", " never sent").chunkDelay(PATIENT));
        var recorder = new Recorder();
        var reading = stream(client(PATIENT), recorder);
        await().until(() -> recorder.data.stream().anyMatch(data -> data.contains("first")));

        reading.stop();

        assertThat(readersEndWithin(Duration.ofSeconds(5))).as("the reading thread ended").isTrue();
        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.closed).isFalse();
    }

    @Test
    void stoppingAStreamWhoseAnswerHasNotBegunEndsItsReaderToo() throws Exception {
        fake.reply(FakeReply.text("too late").delay(PATIENT));
        var recorder = new Recorder();
        var reading = stream(client(PATIENT), recorder);
        fake.awaitRequests(1);

        reading.stop();

        assertThat(readersEndWithin(Duration.ofSeconds(5))).as("the reading thread ended").isTrue();
        assertThat(recorder.errors).isEmpty();
        assertThat(recorder.opened).isFalse();
    }

    @Test
    void aProviderSilentForLongerThanTheReadTimeoutIsATimeoutBlockingOrStreaming() {
        fake.reply(FakeReply.text("too late").delay(Duration.ofSeconds(2)),
                FakeReply.text("too late").delay(Duration.ofSeconds(2)));
        HttpClient client = client(Duration.ofMillis(200));
        var recorder = new Recorder();

        Throwable blocking = catchThrowable(() -> client.execute(chat(false)));
        client.execute(chat(true), new DefaultServerSentEventParser(), recorder);

        assertThat(blocking).isInstanceOf(TimeoutException.class);
        await().until(() -> !recorder.errors.isEmpty());
        assertThat(recorder.errors).singleElement().isInstanceOf(TimeoutException.class);
        assertThat(fake.requests()).as("a timed-out call is not asked again").hasSize(2);
    }

    /**
     * A server that keeps fewer idle connections than we do (the JDK's own HTTP server keeps 200),
     * or whose keep-alive ran out, closes a connection our pool still holds. OkHttp reuses it
     * unchecked when it has been idle under 10 s; the call must still reach the provider.
     */
    @Test
    void aPooledConnectionTheProviderClosedIsReplacedRatherThanFailingTheCall() throws Exception {
        try (var provider = new ClosingAfterEachAnswer()) {
            HttpClient client = client(PATIENT);
            HttpRequest request = HttpRequest.builder()
                    .method(HttpMethod.POST)
                    .url(provider.url())
                    .addHeader("Content-Type", "application/json")
                    .body("{}")
                    .build();

            assertThat(client.execute(request).body()).isEqualTo("{\"answer\":1}");
            provider.awaitClosed(1);
            assertThat(http.connectionPool().idleConnectionCount()).as("the closed connection is still pooled")
                    .isEqualTo(1);

            assertThat(client.execute(request).body()).isEqualTo("{\"answer\":2}");
            assertThat(provider.answered()).isEqualTo(2);
        }
    }

    /**
     * An HTTP/1.1 server on a plain socket that answers each connection's first request with
     * keep-alive and then closes the connection, as a server dropping an idle connection does.
     */
    static final class ClosingAfterEachAnswer implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger answered = new AtomicInteger();
        private final Semaphore closed = new Semaphore(0);
        private final Thread acceptor = Thread.ofVirtual().start(this::serve);

        ClosingAfterEachAnswer() throws IOException {
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/chat/completions";
        }

        int answered() {
            return answered.get();
        }

        void awaitClosed(int connections) throws InterruptedException {
            assertThat(closed.tryAcquire(connections, 10, TimeUnit.SECONDS)).as("the server closed the connection")
                    .isTrue();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    for (long skipped = 0; skipped < length; ) {
                        skipped += in.skip(length - skipped);
                    }
                    String body = "{\"answer\":" + answered.incrementAndGet() + "}";
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Connection: keep-alive\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // closed while accepting, or a client that went away: the next accept decides
                } finally {
                    closed.release();
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(Duration.ofSeconds(5));
        }
    }

    static final class Recorder implements ServerSentEventListener {

        final List<String> data = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        volatile boolean opened;
        volatile boolean closed;

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            opened = true;
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            data.add(event.data());
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose() {
            closed = true;
        }
    }
}
