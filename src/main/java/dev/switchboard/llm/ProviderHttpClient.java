package dev.switchboard.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The HTTP client LangChain4j's models use here: the JDK client (HTTP/1.1, shared by all models),
 * like LangChain4j's own {@code JdkHttpClient}, except that error answers keep their headers
 * ({@link ProviderHttpException}), so a 429's {@code retry-after} reaches the caller. A stream's
 * body is read on a virtual thread. Only JSON bodies are sent: chat calls need no multipart forms.
 */
final class ProviderHttpClient implements HttpClient {

    private final java.net.http.HttpClient jdk;
    private final Executor executor;
    private final Duration readTimeout;

    private ProviderHttpClient(java.net.http.HttpClient jdk, Executor executor, Duration readTimeout) {
        this.jdk = jdk;
        this.executor = executor;
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try {
            HttpResponse<String> response = jdk.send(toJdk(request), HttpResponse.BodyHandlers.ofString());
            if (!successful(response.statusCode())) {
                throw new ProviderHttpException(response.statusCode(), response.body(), response.headers().map());
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the provider", e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        StreamReading reading = StreamReading.CURRENT.get();
        jdk.sendAsync(toJdk(request), HttpResponse.BodyHandlers.ofInputStream())
                .whenCompleteAsync((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        listener.onError(cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause);
                        return;
                    }
                    try (InputStream body = response.body()) {
                        if (reading != null && !reading.attach(body)) {
                            return;
                        }
                        if (!successful(response.statusCode())) {
                            listener.onError(new ProviderHttpException(response.statusCode(),
                                    new String(body.readAllBytes(), StandardCharsets.UTF_8), response.headers().map()));
                            return;
                        }
                        listener.onOpen(SuccessfulHttpResponse.builder()
                                .statusCode(response.statusCode())
                                .headers(response.headers().map())
                                .build());
                        parser.parse(body, listener);
                        listener.onClose();
                    } catch (IOException | RuntimeException e) {
                        if (reading == null || !reading.stopped()) {
                            listener.onError(e);
                        }
                    }
                }, executor);
    }

    /**
     * Lets the caller of a streaming call stop reading its body, e.g. when the stream stalls: set
     * {@link #CURRENT} on the calling thread around {@code StreamingChatModel.chat(...)} (LangChain4j
     * calls {@link #execute(HttpRequest, ServerSentEventParser, ServerSentEventListener)} on that
     * thread), then {@link #stop()} closes the body and interrupts the thread reading it.
     */
    static final class StreamReading {

        static final ThreadLocal<StreamReading> CURRENT = new ThreadLocal<>();

        private InputStream body;
        private Thread reader;
        private boolean stopped;

        /** Registers the body being read on this thread; false if the caller already stopped. */
        synchronized boolean attach(InputStream stream) {
            if (stopped) {
                return false;
            }
            body = stream;
            reader = Thread.currentThread();
            return true;
        }

        synchronized boolean stopped() {
            return stopped;
        }

        /** Stops reading: closes the body and interrupts its reader. */
        synchronized void stop() {
            stopped = true;
            if (body != null) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // closing is all we wanted
                }
            }
            if (reader != null) {
                reader.interrupt();
            }
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * What LangChain4j's model builders are given. The connect timeout is the shared client's
     * ({@code switchboard.llm.connect-timeout}); the read timeout the model builder sets is kept.
     */
    static final class Builder implements HttpClientBuilder {

        private final java.net.http.HttpClient jdk;
        private final Executor executor;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(java.net.http.HttpClient jdk, Executor executor) {
            this.jdk = jdk;
            this.executor = executor;
            this.connectTimeout = jdk.connectTimeout().orElse(null);
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(jdk, executor, readTimeout);
        }
    }
}
