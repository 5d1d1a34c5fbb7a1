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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract tests cannot see from outside the module: a stopped stream frees its reading
 * thread at once and reports nothing, and a read timeout surfaces as LangChain4j's timeout.
 */
class ProviderHttpClientTest {

    static final Duration PATIENT = Duration.ofMinutes(1);

    final FakeOpenAi fake = FakeOpenAi.start();
    final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

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
