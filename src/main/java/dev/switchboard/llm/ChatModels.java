package dev.switchboard.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Builds LangChain4j chat models by hand (there are no Boot 4 starters) and keeps the most recently
 * used ones per endpoint, model and key. OpenAI, OpenAI-compatible servers and Ollama are spoken to
 * with LangChain4j's OpenAI client (Ollama at {@code <baseUrl>/v1}), Anthropic with its own.
 * LangChain4j's retries are off: the caller repeats calls, after {@link Failures} classified them.
 * All models share one HTTP client ({@link #providerClient}), whose pool keeps enough idle
 * connections for many chats calling a provider at once (OkHttp's default of five would make most
 * calls open a new connection).
 */
@Component
class ChatModels implements DisposableBean {

    /** Anthropic's API version header sent with every call. */
    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final int CACHED_MODELS = 256;
    /**
     * Idle connections kept for reuse: as many as calls in flight at a busy moment (each streams
     * for seconds), so the next calls find one open. With 64, a benchmark of 500 chats (about 130
     * calls at once) spent 3.5 % of the app's CPU opening connections, which with a real provider
     * would each be a TLS handshake too.
     */
    private static final int IDLE_CONNECTIONS = 256;

    /**
     * What a model instance is built for. {@link #toString()} leaves the key out.
     *
     * @param apiKey the provider's key, or null
     */
    record Endpoint(ProviderType type, String baseUrl, String apiKey, String modelName) {

        @Override
        public String toString() {
            return "Endpoint[" + type.wireName() + " " + baseUrl + " " + modelName + "]";
        }
    }

    private final LlmProperties properties;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final OkHttpClient http;
    private final Map<Endpoint, ChatModel> blocking = lru();
    private final Map<Endpoint, StreamingChatModel> streaming = lru();

    ChatModels(LlmProperties properties) {
        this.properties = properties;
        this.http = providerClient(properties.connectTimeout());
    }

    /**
     * The HTTP client every provider call goes through. Its retry on connection failure is on: a
     * server may close a pooled connection at any moment (after its keep-alive timeout, or at once
     * when it keeps fewer idle connections than we do), and OkHttp checks a connection before
     * reusing it for a POST only once it has been idle for 10 s. Without the retry, a call that
     * picked such a connection failed with "unexpected end of stream" before the provider saw it,
     * and its turn waited for a backoff: against a server keeping 200 idle connections, 1,301
     * turns of one benchmark run failed so. OkHttp retries only while no response has begun and
     * never after a read timeout, so a slow provider is not asked twice. (The Telegram client keeps
     * it off, as a repeated send could double a message; a repeated model call costs at most one
     * more answer, as the turn's own retry would.)
     */
    static OkHttpClient providerClient(Duration connectTimeout) {
        return new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(connectTimeout)
                .retryOnConnectionFailure(true)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .build();
    }

    ChatModel blocking(Endpoint endpoint) {
        return cached(blocking, endpoint, this::buildBlocking);
    }

    StreamingChatModel streaming(Endpoint endpoint) {
        return cached(streaming, endpoint, this::buildStreaming);
    }

    private ChatModel buildBlocking(Endpoint endpoint) {
        if (endpoint.type() == ProviderType.ANTHROPIC) {
            return AnthropicChatModel.builder()
                    .httpClientBuilder(httpClientBuilder())
                    .baseUrl(endpoint.baseUrl())
                    .apiKey(endpoint.apiKey())
                    .version(ANTHROPIC_VERSION)
                    .modelName(endpoint.modelName())
                    .maxTokens(properties.defaultMaxOutputTokens())
                    .timeout(properties.requestTimeout())
                    .maxRetries(0)
                    .build();
        }
        return OpenAiChatModel.builder()
                .httpClientBuilder(httpClientBuilder())
                .baseUrl(openAiBaseUrl(endpoint))
                .apiKey(endpoint.apiKey())
                .modelName(endpoint.modelName())
                .timeout(properties.requestTimeout())
                .maxRetries(0)
                .build();
    }

    private StreamingChatModel buildStreaming(Endpoint endpoint) {
        if (endpoint.type() == ProviderType.ANTHROPIC) {
            return AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(httpClientBuilder())
                    .baseUrl(endpoint.baseUrl())
                    .apiKey(endpoint.apiKey())
                    .version(ANTHROPIC_VERSION)
                    .modelName(endpoint.modelName())
                    .maxTokens(properties.defaultMaxOutputTokens())
                    .timeout(properties.requestTimeout())
                    .build();
        }
        return OpenAiStreamingChatModel.builder()
                .httpClientBuilder(httpClientBuilder())
                .baseUrl(openAiBaseUrl(endpoint))
                .apiKey(endpoint.apiKey())
                .modelName(endpoint.modelName())
                .timeout(properties.requestTimeout())
                .build();
    }

    /** Ollama's OpenAI-compatible API lives under {@code /v1} of its base URL. */
    private static String openAiBaseUrl(Endpoint endpoint) {
        String base = endpoint.baseUrl();
        if (endpoint.type() == ProviderType.OLLAMA && !base.endsWith("/v1")) {
            return base + "/v1";
        }
        return base;
    }

    private ProviderHttpClient.Builder httpClientBuilder() {
        return new ProviderHttpClient.Builder(http, executor);
    }

    private static <M> M cached(Map<Endpoint, M> cache, Endpoint endpoint, Function<Endpoint, M> build) {
        synchronized (cache) {
            return cache.computeIfAbsent(endpoint, build);
        }
    }

    private static <M> Map<Endpoint, M> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Endpoint, M> eldest) {
                return size() > CACHED_MODELS;
            }
        };
    }

    @Override
    public void destroy() {
        // Calls are only ever made blocking (never enqueued), so the dispatcher has no executor to shut down.
        http.dispatcher().cancelAll();
        http.connectionPool().evictAll();
        executor.shutdownNow();
    }
}
