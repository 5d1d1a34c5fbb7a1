package dev.switchboard.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.switchboard.identity.UserId;
import dev.switchboard.llm.LlmException.Kind;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.shared.StorableText;
import dev.switchboard.vault.CredentialId;
import dev.switchboard.vault.VaultService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The LLM module's front door: finds models of a user's catalog and calls them, blocking or
 * streaming. Every call, successful or not, is recorded (tokens as the provider counted them, cost
 * from the catalog prices, latency, time to first token, outcome), and every failure is an
 * {@link LlmException} classified as retryable or fatal. Nothing here retries: the caller (the
 * processing worker) decides whether and when to repeat a call.
 */
@Service
public class LlmService {

    private static final Logger log = LoggerFactory.getLogger(LlmService.class);
    private static final String TEST_PROMPT = "Reply with the single word OK.";
    private static final int TEST_MAX_OUTPUT_TOKENS = 5;

    private final ProviderRepository providers;
    private final ModelRepository models;
    private final CallRepository calls;
    private final VaultService vault;
    private final ChatModels chatModels;
    private final LlmProperties properties;
    private final Clock clock;
    private final RecentCatalog recent;

    LlmService(ProviderRepository providers, ModelRepository models, CallRepository calls, VaultService vault,
            ChatModels chatModels, LlmProperties properties, Clock clock, RecentCatalog recent) {
        this.providers = providers;
        this.models = models;
        this.calls = calls;
        this.vault = vault;
        this.chatModels = chatModels;
        this.properties = properties;
        this.clock = clock;
        this.recent = recent;
    }

    /**
     * A model of the owner's catalog; empty if it does not exist or belongs to someone else. Read
     * through a short cache (see {@link RecentCatalog}), as the calls themselves are.
     */
    public Optional<ModelView> findModel(UserId owner, ModelId id) {
        return catalogEntry(owner.value(), id.value()).map(entry -> view(entry.model(), entry.provider()));
    }

    private Optional<RecentCatalog.Entry> catalogEntry(UUID ownerId, UUID modelId) {
        return recent.model(ownerId, modelId, () -> models.find(ownerId, modelId)
                .flatMap(model -> providers.find(ownerId, model.providerId())
                        .map(provider -> new RecentCatalog.Entry(model, provider))));
    }

    /** The owner's whole catalog, oldest first. */
    public List<ModelView> models(UserId owner) {
        var byId = providers.findByOwner(owner.value()).stream()
                .collect(Collectors.toMap(Provider::id, provider -> provider));
        return models.findByOwner(owner.value()).stream()
                .filter(model -> byId.containsKey(model.providerId()))
                .map(model -> view(model, byId.get(model.providerId())))
                .toList();
    }

    /**
     * Calls the model and waits for the whole answer.
     *
     * @throws LlmException classified; FATAL also when the model is not in the owner's catalog
     */
    public ChatResult chat(ChatRequest request) {
        return call(target(request), request.messages(), request.temperature(), request.maxOutputTokens(),
                request.tags(), null);
    }

    /**
     * Calls the model and streams its answer: {@code onPartialText} receives each piece of text in
     * order as it arrives (on a thread of the HTTP client), and the whole result is returned at the
     * end. A stream that stalls for {@code switchboard.llm.request-timeout} fails as retryable. If
     * {@code onPartialText} throws, the call ends with that exception (recorded as FATAL).
     *
     * @throws LlmException classified, as for {@link #chat}
     */
    public ChatResult stream(ChatRequest request, Consumer<String> onPartialText) {
        Objects.requireNonNull(onPartialText, "onPartialText");
        return call(target(request), request.messages(), request.temperature(), request.maxOutputTokens(),
                request.tags(), onPartialText);
    }

    /** What the owner's calls that ended in {@code [from, to)} add up to. */
    public UsageTotals usage(UserId owner, Instant from, Instant to) {
        return calls.totals(owner.value(), from, to);
    }

    /** What the calls made for one bot in {@code [from, to)} cost (for budgets). */
    public BigDecimal botCost(UserId owner, UUID botId, Instant from, Instant to) {
        return calls.botCost(owner.value(), botId, from, to);
    }

    /** The owner's calls that ended in {@code [from, to)}, newest first. */
    public List<LlmCall> calls(UserId owner, Instant from, Instant to) {
        return calls.find(owner.value(), from, to);
    }

    /**
     * Makes one tiny call through a provider to check its URL, key and model.
     *
     * @param modelName the provider's model to call; null for the provider's first catalog model
     * @throws NotFoundException if the provider is not the owner's
     * @throws InvalidException if no model name is given and the provider has no models
     */
    ProviderCheck test(UserId owner, ProviderId providerId, String modelName) {
        Provider provider = providers.find(owner.value(), providerId.value())
                .orElseThrow(() -> new NotFoundException("Provider", providerId));
        Target target;
        if (modelName != null && !modelName.isBlank()) {
            target = models.findByProvider(owner.value(), provider.id()).stream()
                    .filter(model -> model.modelName().equals(modelName.strip()))
                    .findFirst()
                    .map(model -> Target.of(provider, model))
                    .orElseGet(() -> Target.adHoc(provider, modelName.strip()));
        } else {
            target = models.findByProvider(owner.value(), provider.id()).stream().findFirst()
                    .map(model -> Target.of(provider, model))
                    .orElseThrow(() -> new InvalidException("The provider has no models yet",
                            Map.of("modelName", "give a model name, or add a model to the provider first")));
        }
        try {
            ChatResult result = call(target, List.of(LlmMessage.user(TEST_PROMPT)), null, TEST_MAX_OUTPUT_TOKENS,
                    CallTags.none(), null);
            return ProviderCheck.ok(target.modelName(), result.latency());
        } catch (LlmException e) {
            return ProviderCheck.failed(target.modelName(), e);
        }
    }

    /**
     * The answer of a provider test.
     *
     * @param ok whether the provider answered
     * @param model the model name that was called
     * @param latencyMs how long the answer took (when ok)
     * @param errorKind RETRYABLE or FATAL (when not ok)
     * @param status the provider's HTTP status (when it answered with an error)
     * @param message what went wrong, never containing the API key (when not ok)
     */
    record ProviderCheck(boolean ok, String model, Long latencyMs, String errorKind, Integer status, String message) {

        static ProviderCheck ok(String model, Duration latency) {
            return new ProviderCheck(true, model, latency.toMillis(), null, null, null);
        }

        static ProviderCheck failed(String model, LlmException e) {
            return new ProviderCheck(false, model, null, e.kind().name(), e.status(), e.getMessage());
        }
    }

    // ---- calling ------------------------------------------------------------------------------

    /** What is called: a provider's model, with the catalog's defaults and prices (zero for ad-hoc tests). */
    private record Target(UUID ownerId, ModelId modelId, Provider provider, String modelName,
            Double defaultTemperature, BigDecimal inputPrice, BigDecimal outputPrice) {

        static Target of(Provider provider, Model model) {
            return new Target(provider.ownerId(), new ModelId(model.id()), provider, model.modelName(),
                    model.defaultTemperature(), model.inputPricePerMillion(), model.outputPricePerMillion());
        }

        static Target adHoc(Provider provider, String modelName) {
            return new Target(provider.ownerId(), null, provider, modelName, null, BigDecimal.ZERO, BigDecimal.ZERO);
        }
    }

    private Target target(ChatRequest request) {
        return catalogEntry(request.owner().value(), request.model().value())
                .map(entry -> Target.of(entry.provider(), entry.model()))
                .orElseThrow(() -> new LlmException(Kind.FATAL, null,
                        "Model " + request.model() + " is not in the owner's catalog", null, null));
    }

    private ChatResult call(Target target, List<LlmMessage> messages, Double temperature, Integer maxOutputTokens,
            CallTags tags, Consumer<String> onPartialText) {
        boolean streaming = onPartialText != null;
        long started = System.nanoTime();
        String apiKey = null;
        Failures failures = new Failures(clock, null);
        AtomicLong firstTokenNanos = new AtomicLong(-1);
        try {
            if (target.provider().hasApiKey()) {
                apiKey = recent.apiKey(target.provider().apiKeyCredential(), id -> vault.reveal(new CredentialId(id)));
                failures = new Failures(clock, apiKey);
            }
            if (target.provider().type() == ProviderType.ANTHROPIC && apiKey == null) {
                throw new LlmException(Kind.FATAL, null, "The Anthropic provider has no API key", null, null);
            }
            var endpoint = new ChatModels.Endpoint(target.provider().type(), target.provider().baseUrl(), apiKey,
                    target.modelName());
            var request = dev.langchain4j.model.chat.request.ChatRequest.builder()
                    .messages(messages.stream().map(LlmService::toLangChain4j).toList())
                    .parameters(ChatRequestParameters.builder()
                            .temperature(temperature != null ? temperature : target.defaultTemperature())
                            .maxOutputTokens(maxOutputTokens)
                            .build())
                    .build();
            ChatResponse response = streaming
                    ? streamAndWait(endpoint, request, onPartialText, started, firstTokenNanos)
                    : chatModels.blocking(endpoint).chat(request);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            Duration firstToken = streaming
                    ? (firstTokenNanos.get() < 0 ? latency : Duration.ofNanos(firstTokenNanos.get()))
                    : latency;
            TokenUsage usage = response.tokenUsage();
            int input = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
            int output = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            BigDecimal cost = Money.cost(input, output, target.inputPrice(), target.outputPrice());
            // PostgreSQL text holds neither a NUL nor half a surrogate pair: kept, one failed the
            // turn's completion on every retry, each retry a paid call. U+FFFD marks where it was.
            String text = response.aiMessage() == null || response.aiMessage().text() == null
                    ? "" : StorableText.scrubbed(response.aiMessage().text());
            record(target, tags, streaming, input, output, cost, latency, firstToken, LlmCall.Outcome.OK, null, null);
            return new ChatResult(text, input, output, cost, latency, firstToken, target.modelId(),
                    response.finishReason() == FinishReason.LENGTH);
        } catch (PartialTextConsumerException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            record(target, tags, streaming, 0, 0, BigDecimal.ZERO, latency, firstToken(firstTokenNanos),
                    LlmCall.Outcome.FATAL, null, "the caller stopped the stream: " + e.getCause().getClass().getName());
            throw e.getCause();
        } catch (RuntimeException e) {
            LlmException failure = failures.classify(e);
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            record(target, tags, streaming, 0, 0, BigDecimal.ZERO, latency, firstToken(firstTokenNanos),
                    failure.kind() == Kind.RETRYABLE ? LlmCall.Outcome.RETRYABLE : LlmCall.Outcome.FATAL,
                    failure.status(), failure.getMessage());
            log.debug("{} call of {} failed ({}): {}", target.provider().type().wireName(), target.modelName(),
                    failure.kind(), failure.getMessage());
            throw failure;
        }
    }

    private static Duration firstToken(AtomicLong firstTokenNanos) {
        return firstTokenNanos.get() < 0 ? null : Duration.ofNanos(firstTokenNanos.get());
    }

    private ChatResponse streamAndWait(ChatModels.Endpoint endpoint, dev.langchain4j.model.chat.request.ChatRequest request,
            Consumer<String> onPartialText, long started, AtomicLong firstTokenNanos) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicLong lastActivity = new AtomicLong(System.nanoTime());
        AtomicBoolean abandoned = new AtomicBoolean();
        ProviderHttpClient.StreamReading reading = new ProviderHttpClient.StreamReading();
        ProviderHttpClient.StreamReading.CURRENT.set(reading);
        try {
            chatModels.streaming(endpoint).chat(request, handler(done, onPartialText, started, firstTokenNanos,
                    lastActivity, abandoned));
        } finally {
            ProviderHttpClient.StreamReading.CURRENT.remove();
        }
        long idleLimit = properties.requestTimeout().toNanos();
        while (true) {
            long idleLeft = idleLimit - (System.nanoTime() - lastActivity.get());
            try {
                if (idleLeft <= 0) {
                    throw new TimeoutException();
                }
                return done.get(idleLeft, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastActivity.get() >= idleLimit) {
                    abandoned.set(true);
                    reading.stop();
                    throw new LlmException(Kind.RETRYABLE, null, "the provider's stream stalled for "
                            + properties.requestTimeout().toSeconds() + " s", null, null);
                }
            } catch (ExecutionException e) {
                reading.stop();
                if (e.getCause() instanceof PartialTextConsumerException consumer) {
                    throw consumer;
                }
                throw e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned.set(true);
                reading.stop();
                throw new LlmException(Kind.RETRYABLE, null, "interrupted while waiting for the provider", null, null);
            }
        }
    }

    private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> done,
            Consumer<String> onPartialText, long started, AtomicLong firstTokenNanos, AtomicLong lastActivity,
            AtomicBoolean abandoned) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                if (abandoned.get() || done.isDone() || partial == null || partial.isEmpty()) {
                    return;
                }
                long now = System.nanoTime();
                firstTokenNanos.compareAndSet(-1, now - started);
                lastActivity.set(now);
                try {
                    onPartialText.accept(partial);
                } catch (RuntimeException e) {
                    done.completeExceptionally(new PartialTextConsumerException(e));
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    private void record(Target target, CallTags tags, boolean streaming, int input, int output, BigDecimal cost,
            Duration latency, Duration firstToken, LlmCall.Outcome outcome, Integer status, String error) {
        try {
            calls.insert(target.ownerId(), new LlmCall(UUID.randomUUID(), target.modelId(),
                    target.provider().type().wireName(), target.modelName(), tags, streaming, input, output, cost,
                    latency, firstToken, outcome, status, error, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Could not record a {} call of {}", target.provider().type().wireName(), target.modelName(), e);
        }
    }

    private static ChatMessage toLangChain4j(LlmMessage message) {
        return switch (message.role()) {
            case SYSTEM -> SystemMessage.from(message.text());
            case USER -> UserMessage.from(message.text());
            case ASSISTANT -> AiMessage.from(message.text());
        };
    }

    static ModelView view(Model model, Provider provider) {
        return new ModelView(new ModelId(model.id()), new ProviderId(provider.id()), provider.type().wireName(),
                model.modelName(), model.contextWindow(), model.defaultTemperature(),
                Money.normalized(model.inputPricePerMillion()), Money.normalized(model.outputPricePerMillion()));
    }

    /** Carries an exception thrown by the caller's partial-text consumer out of the stream. */
    private static final class PartialTextConsumerException extends RuntimeException {

        PartialTextConsumerException(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
