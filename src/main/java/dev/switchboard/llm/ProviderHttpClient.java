package dev.switchboard.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP client LangChain4j's models use here: OkHttp's blocking calls, on virtual threads, which
 * cost far less CPU per call than the JDK client's asynchronous machinery. Unlike LangChain4j's own
 * clients, error answers keep their headers ({@link ProviderHttpException}), so a 429's
 * {@code retry-after} reaches the caller. A stream's body is read on a virtual thread, so the
 * caller's thread is free while the answer arrives. Only JSON bodies are sent: chat calls need no
 * multipart forms.
 */
final class ProviderHttpClient implements HttpClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final Executor executor;

    private ProviderHttpClient(OkHttpClient http, Executor executor) {
        this.http = http;
        this.executor = executor;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        try (Response response = http.newCall(toOkHttp(request)).execute()) {
            String body = response.body().string();
            Map<String, List<String>> headers = response.headers().toMultimap();
            if (!response.isSuccessful()) {
                throw new ProviderHttpException(response.code(), body, headers);
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.code())
                    .headers(headers)
                    .body(body)
                    .build();
        } catch (SocketTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Call call = http.newCall(toOkHttp(request));
        StreamReading reading = StreamReading.CURRENT.get();
        ServerSentEventListener target = reading == null ? listener : reading.attach(call, listener);
        executor.execute(() -> read(call, parser, target));
    }

    private static void read(Call call, ServerSentEventParser parser, ServerSentEventListener listener) {
        try (Response response = call.execute()) {
            if (!response.isSuccessful()) {
                listener.onError(new ProviderHttpException(response.code(), response.body().string(),
                        response.headers().toMultimap()));
                return;
            }
            listener.onOpen(SuccessfulHttpResponse.builder()
                    .statusCode(response.code())
                    .headers(response.headers().toMultimap())
                    .build());
            parser.parse(response.body().byteStream(), listener);
            listener.onClose();
        } catch (SocketTimeoutException e) {
            listener.onError(new TimeoutException(e));
        } catch (IOException | RuntimeException e) {
            listener.onError(e);
        }
    }

    /**
     * Lets the caller of a streaming call stop it, e.g. when the stream stalls: set {@link #CURRENT}
     * on the calling thread around {@code StreamingChatModel.chat(...)} (LangChain4j calls
     * {@link #execute(HttpRequest, ServerSentEventParser, ServerSentEventListener)} on that thread),
     * then {@link #stop()} cancels the HTTP call, whether it still waits for the answer or reads its
     * body, and its listener hears nothing more.
     */
    static final class StreamReading {

        static final ThreadLocal<StreamReading> CURRENT = new ThreadLocal<>();

        private Call call;
        private volatile boolean stopped;

        /**
         * Registers the stream's call (cancelled at once if the caller already stopped) and returns
         * the listener to report to: once stopped, it drops everything, including the failure that
         * cancelling causes, because the caller has already given up on the stream.
         */
        synchronized ServerSentEventListener attach(Call stream, ServerSentEventListener listener) {
            call = stream;
            if (stopped) {
                stream.cancel();
            }
            return new UnlessStopped(listener);
        }

        /** Stops the stream: cancels its call, which ends the reading thread's wait at once. */
        synchronized void stop() {
            stopped = true;
            if (call != null) {
                call.cancel();
            }
        }

        private final class UnlessStopped implements ServerSentEventListener {

            private final ServerSentEventListener listener;

            UnlessStopped(ServerSentEventListener listener) {
                this.listener = listener;
            }

            @Override
            public void onOpen(SuccessfulHttpResponse response) {
                if (!stopped) {
                    listener.onOpen(response);
                }
            }

            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                if (!stopped) {
                    listener.onEvent(event, context);
                }
            }

            @Override
            public void onEvent(ServerSentEvent event) {
                if (!stopped) {
                    listener.onEvent(event);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (!stopped) {
                    listener.onError(error);
                }
            }

            @Override
            public void onClose() {
                if (!stopped) {
                    listener.onClose();
                }
            }
        }
    }

    private static Request toOkHttp(HttpRequest request) {
        Request.Builder builder = new Request.Builder().url(request.url());
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.addHeader(name, value));
            }
        });
        String body = request.body();
        // Bytes, not a String: OkHttp would append "; charset=utf-8" to the content type.
        return builder.method(request.method().name(), body == null ? null
                : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), contentType(request))).build();
    }

    /** The content type LangChain4j set on the request, else JSON. */
    private static MediaType contentType(HttpRequest request) {
        return request.headers().entrySet().stream()
                .filter(header -> "Content-Type".equalsIgnoreCase(header.getKey()) && header.getValue() != null)
                .flatMap(header -> header.getValue().stream())
                .map(MediaType::parse)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(JSON);
    }

    /**
     * What LangChain4j's model builders are given. The connect timeout is the shared client's
     * ({@code switchboard.llm.connect-timeout}); the read timeout the model builder sets applies to
     * the built client's calls, which share the shared client's connections.
     */
    static final class Builder implements HttpClientBuilder {

        private final OkHttpClient http;
        private final Executor executor;
        private Duration connectTimeout;
        private Duration readTimeout;

        Builder(OkHttpClient http, Executor executor) {
            this.http = http;
            this.executor = executor;
            this.connectTimeout = Duration.ofMillis(http.connectTimeoutMillis());
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
            OkHttpClient client = readTimeout == null ? http : http.newBuilder().readTimeout(readTimeout).build();
            return new ProviderHttpClient(client, executor);
        }
    }
}
