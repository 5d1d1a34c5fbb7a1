package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.identity.UserId;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeLlmServer;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What every provider type must do, against its protocol-level fake: answer blocking and
 * streaming calls, report usage that is recorded with the exact tokens and cost, classify 429
 * (with {@code retry-after}), 5xx, 401 and timeouts, and serve the provider test endpoint. One
 * subclass per provider type says how to reach its fake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LlmProviderContractTest extends IntegrationTest {

    static final String MODEL_NAME = "fake-model-1";
    static final BigDecimal INPUT_PRICE = new BigDecimal("2.5");
    static final BigDecimal OUTPUT_PRICE = new BigDecimal("10");
    static final Instant EVER = Instant.EPOCH;
    static final Instant NEVER = Instant.parse("2100-01-01T00:00:00Z");

    @Autowired
    LlmService llm;

    FakeLlmServer fake;
    Api owner;
    UserId ownerId;
    String providerId;
    ModelId modelId;

    /** Starts the fake this provider type speaks to. */
    abstract FakeLlmServer startFake();

    /** The provider type under test, as the API names it. */
    abstract String providerType();

    /** The base URL the provider is created with. */
    abstract String baseUrl(FakeLlmServer fake);

    /** The API key the provider is created with, or null for none. */
    String apiKey() {
        return "sk-contract-" + providerType() + "-not-real";
    }

    /** Asserts the request carried the provider's API key the way this wire format sends it. */
    abstract void assertCarriesApiKey(FakeLlmRequest request, String apiKey);

    @BeforeAll
    void startTheFake() {
        fake = startFake();
    }

    @AfterAll
    void stopTheFake() {
        fake.close();
    }

    @BeforeEach
    void providerAndModel() {
        fake.reset();
        fake.expectApiKey(apiKey());
        var user = TestUsers.register(api());
        owner = user.api(api());
        ownerId = new UserId(user.id());
        Map<String, Object> provider = new HashMap<>(Map.of("name", providerType() + " under contract",
                "type", providerType(), "baseUrl", baseUrl(fake)));
        if (apiKey() != null) {
            provider.put("apiKey", apiKey());
        }
        var created = owner.post("/api/providers", provider);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        providerId = created.json().get("id").asString();
        var model = owner.post("/api/models", Map.of("providerId", providerId, "modelName", MODEL_NAME,
                "contextWindow", 16000, "inputPricePerMillion", INPUT_PRICE, "outputPricePerMillion", OUTPUT_PRICE));
        assertThat(model.status()).as(model.toString()).isEqualTo(201);
        modelId = ModelId.of(model.json().get("id").asString());
    }

    ChatRequest request(String userText) {
        return new ChatRequest(ownerId, modelId, List.of(LlmMessage.system("You are terse."), LlmMessage.user(userText)),
                null, null, CallTags.none());
    }

    static BigDecimal expectedCost(int input, int output) {
        return INPUT_PRICE.multiply(BigDecimal.valueOf(input)).add(OUTPUT_PRICE.multiply(BigDecimal.valueOf(output)))
                .divide(BigDecimal.valueOf(1_000_000));
    }

    List<LlmCall> recordedCalls() {
        return llm.calls(ownerId, EVER, NEVER);
    }

    @Test
    void chatAnswersWithTheTextAndTheProvidersUsage() {
        fake.reply(FakeReply.text("Hello there, friend").tokens(12, 3));
        UUID botId = UUID.randomUUID();

        ChatResult result = llm.chat(new ChatRequest(ownerId, modelId,
                List.of(LlmMessage.system("You are terse."), LlmMessage.user("Hi!"), LlmMessage.assistant("Hello."),
                        LlmMessage.user("How are you?")),
                0.25, 64, new CallTags(botId, 4242L, 77L)));

        assertThat(result.text()).isEqualTo("Hello there, friend");
        assertThat(result.inputTokens()).isEqualTo(12);
        assertThat(result.outputTokens()).isEqualTo(3);
        assertThat(result.cost()).isEqualByComparingTo(expectedCost(12, 3));
        assertThat(result.model()).isEqualTo(modelId);
        assertThat(result.timeToFirstToken()).isEqualTo(result.latency());
        assertThat(result.cutShort()).isFalse();

        FakeLlmRequest sent = fake.lastRequest();
        assertThat(sent.model()).isEqualTo(MODEL_NAME);
        assertThat(sent.temperature()).isEqualTo(0.25);
        assertThat(sent.maxTokens()).isEqualTo(64);
        assertThat(sent.stream()).isFalse();
        assertThat(sent.messages()).extracting(FakeLlmRequest.Message::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(sent.messages()).extracting(FakeLlmRequest.Message::text)
                .containsExactly("You are terse.", "Hi!", "Hello.", "How are you?");
        assertCarriesApiKey(sent, apiKey());

        assertThat(recordedCalls()).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.OK);
            assertThat(call.model()).isEqualTo(modelId);
            assertThat(call.providerType()).isEqualTo(providerType());
            assertThat(call.modelName()).isEqualTo(MODEL_NAME);
            assertThat(call.tags()).isEqualTo(new CallTags(botId, 4242L, 77L));
            assertThat(call.streaming()).isFalse();
            assertThat(call.inputTokens()).isEqualTo(12);
            assertThat(call.outputTokens()).isEqualTo(3);
            assertThat(call.cost()).isEqualByComparingTo(expectedCost(12, 3));
            assertThat(call.latency()).isEqualTo(Duration.ofMillis(result.latency().toMillis()));
            assertThat(call.timeToFirstToken()).isEqualTo(call.latency());
            assertThat(call.error()).isNull();
        });
        assertThat(llm.usage(ownerId, EVER, NEVER))
                .isEqualTo(new UsageTotals(1, 0, 12, 3, Money.normalized(expectedCost(12, 3))));
    }

    @Test
    void theModelsDefaultTemperatureIsSentWhenTheRequestGivesNone() {
        assertThat(owner.patch("/api/models/" + modelId, Map.of("defaultTemperature", 0.7)).status()).isEqualTo(200);

        llm.chat(request("hello"));

        assertThat(fake.lastRequest().temperature()).isEqualTo(0.7);
    }

    @Test
    void theDefaultReplyEchoesTheLastUserMessageWithWordsAsTokens() {
        ChatResult result = llm.chat(request("one two three"));

        assertThat(result.text()).isEqualTo("echo: one two three");
        assertThat(result.inputTokens()).isEqualTo(FakeReply.words("You are terse.") + 3);
        assertThat(result.outputTokens()).isEqualTo(4);
    }

    @Test
    void streamDeliversEachPieceInOrderAndTheWholeResultAtTheEnd() {
        fake.reply(FakeReply.chunks("Hel", "lo", ", str", "eaming ", "world").tokens(20, 5)
                .chunkDelay(Duration.ofMillis(30)));
        List<String> partials = new CopyOnWriteArrayList<>();

        ChatResult result = llm.stream(request("stream please"), partials::add);

        assertThat(partials).containsExactly("Hel", "lo", ", str", "eaming ", "world");
        assertThat(String.join("", partials)).isEqualTo(result.text()).isEqualTo("Hello, streaming world");
        assertThat(result.inputTokens()).isEqualTo(20);
        assertThat(result.outputTokens()).isEqualTo(5);
        assertThat(result.cost()).isEqualByComparingTo(expectedCost(20, 5));
        assertThat(result.timeToFirstToken()).isPositive().isLessThanOrEqualTo(result.latency());
        assertThat(fake.lastRequest().stream()).isTrue();
        assertCarriesApiKey(fake.lastRequest(), apiKey());

        assertThat(recordedCalls()).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.OK);
            assertThat(call.streaming()).isTrue();
            assertThat(call.inputTokens()).isEqualTo(20);
            assertThat(call.outputTokens()).isEqualTo(5);
            assertThat(call.cost()).isEqualByComparingTo(expectedCost(20, 5));
            assertThat(call.timeToFirstToken()).isLessThanOrEqualTo(call.latency());
        });
    }

    @Test
    void anAnswerStoppedByTheOutputLimitIsMarkedCutShortWhetherStreamedOrNot() {
        fake.reply(FakeReply.text("a story that stops in the").cutAtLimit(),
                FakeReply.chunks("a story ", "that stops").cutAtLimit());

        ChatResult blocking = llm.chat(request("a long story, please"));
        ChatResult streamed = llm.stream(request("another one"), piece -> { });

        assertThat(blocking.cutShort()).isTrue();
        assertThat(blocking.text()).isEqualTo("a story that stops in the");
        assertThat(streamed.cutShort()).isTrue();
        assertThat(streamed.text()).isEqualTo("a story that stops");
    }

    @Test
    void rateLimitIsRetryableWithTheProvidersRetryAfter() {
        fake.fail(429, "Rate limit reached for requests", Map.of("retry-after", "7"));
        fake.fail(429, "Rate limit reached for requests", Map.of("retry-after", "3"));

        LlmException blocking = catchThrowableOfType(LlmException.class, () -> llm.chat(request("hi")));
        LlmException streaming = catchThrowableOfType(LlmException.class, () -> llm.stream(request("hi"), text -> { }));

        assertThat(blocking.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(blocking.status()).isEqualTo(429);
        assertThat(blocking.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(blocking.getMessage()).contains("Rate limit reached for requests");
        assertThat(streaming.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(streaming.status()).isEqualTo(429);
        assertThat(streaming.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(recordedCalls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.RETRYABLE);
            assertThat(call.status()).isEqualTo(429);
            assertThat(call.error()).contains("Rate limit reached");
            assertThat(call.inputTokens()).isZero();
        });
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void serverErrorIsRetryableAndNotRetriedByLangChain4j() {
        fake.fail(500, "The server had an error while processing your request");
        fake.fail(503, "Service unavailable");

        LlmException blocking = catchThrowableOfType(LlmException.class, () -> llm.chat(request("hi")));
        LlmException streaming = catchThrowableOfType(LlmException.class, () -> llm.stream(request("hi"), text -> { }));

        assertThat(blocking.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(blocking.status()).isEqualTo(500);
        assertThat(blocking.retryAfter()).isEmpty();
        assertThat(streaming.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(streaming.status()).isEqualTo(503);
        assertThat(fake.requests()).as("one request per call: no retries inside LangChain4j").hasSize(2);
    }

    @Test
    void aRefusedApiKeyIsFatalAndTheKeyIsNeverInTheError() {
        fake.expectApiKey("a-different-key");

        LlmException blocking = catchThrowableOfType(LlmException.class, () -> llm.chat(request("hi")));
        LlmException streaming = catchThrowableOfType(LlmException.class, () -> llm.stream(request("hi"), text -> { }));

        for (LlmException failure : List.of(blocking, streaming)) {
            assertThat(failure.kind()).isEqualTo(LlmException.Kind.FATAL);
            assertThat(failure.status()).isEqualTo(401);
            assertThat(failure.retryAfter()).isEmpty();
            if (apiKey() != null) {
                assertThat(stackTraceOf(failure)).doesNotContain(apiKey());
            }
        }
        assertThat(recordedCalls()).hasSize(2).allSatisfy(call -> assertThat(call.outcome())
                .isEqualTo(LlmCall.Outcome.FATAL));
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsRetryable() {
        fake.reply(FakeReply.text("too late").delay(Duration.ofSeconds(5)));

        LlmException failure = catchThrowableOfType(LlmException.class, () -> llm.chat(request("hi")));

        assertThat(failure.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(failure.status()).isNull();
        assertThat(recordedCalls()).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.RETRYABLE);
            assertThat(call.latency()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aStreamThatStallsIsRetryable() {
        fake.reply(FakeReply.chunks("first", " and never more").chunkDelay(Duration.ofSeconds(5)));
        List<String> partials = new CopyOnWriteArrayList<>();

        LlmException failure = catchThrowableOfType(LlmException.class, () -> llm.stream(request("hi"), partials::add));

        assertThat(failure.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(partials).containsExactly("first");
    }

    @Test
    void aCallerThatThrowsFromItsPartialTextConsumerEndsTheStream() {
        fake.reply(FakeReply.chunks("one", " two", " three").chunkDelay(Duration.ofMillis(20)));
        IllegalStateException stop = new IllegalStateException("the chat was deleted");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> llm.stream(request("hi"), text -> {
            throw stop;
        }));

        assertThat(thrown).isSameAs(stop);
        assertThat(recordedCalls()).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.FATAL);
            assertThat(call.error()).contains("IllegalStateException");
        });
    }

    @Test
    void manyConcurrentCallsEachGetTheirOwnAnswerAndRecord() throws Exception {
        int calls = 16;
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<ChatResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String text = "message number " + i;
                boolean streaming = i % 2 == 0;
                results.add(executor.submit(() -> streaming ? llm.stream(request(text), partial -> { })
                        : llm.chat(request(text))));
            }
            for (int i = 0; i < calls; i++) {
                assertThat(results.get(i).get().text()).isEqualTo("echo: message number " + i);
            }
        }
        assertThat(fake.requests()).hasSize(calls);
        assertThat(recordedCalls()).hasSize(calls).allSatisfy(call -> {
            assertThat(call.outcome()).isEqualTo(LlmCall.Outcome.OK);
            assertThat(call.outputTokens()).isEqualTo(4);
        });
    }

    @Test
    void theTestEndpointCallsTheFirstModelAndReportsTheLatency() {
        Api.Response answer = owner.post("/api/providers/" + providerId + "/test", null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("latencyMs").asLong()).isNotNegative();
        assertThat(fake.lastRequest().model()).isEqualTo(MODEL_NAME);
        assertThat(recordedCalls()).singleElement().satisfies(call -> assertThat(call.model()).isEqualTo(modelId));
    }

    @Test
    void theTestEndpointCanCallAModelNotInTheCatalog() {
        Api.Response answer = owner.post("/api/providers/" + providerId + "/test", Map.of("modelName", "other-model"));

        assertThat(answer.json().get("ok").asBoolean()).isTrue();
        assertThat(fake.lastRequest().model()).isEqualTo("other-model");
    }

    @Test
    void theTestEndpointReportsAClassifiedFailure() {
        fake.fail(429, "Slow down", Map.of("retry-after", "2"));

        JsonNode limited = owner.post("/api/providers/" + providerId + "/test", Map.of()).json();

        assertThat(limited.get("ok").asBoolean()).isFalse();
        assertThat(limited.get("errorKind").asString()).isEqualTo("RETRYABLE");
        assertThat(limited.get("status").asInt()).isEqualTo(429);
        assertThat(limited.get("message").asString()).contains("Slow down");

        fake.expectApiKey("a-different-key");
        Api.Response refused = owner.post("/api/providers/" + providerId + "/test", Map.of());

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("errorKind").asString()).isEqualTo("FATAL");
        assertThat(refused.json().get("status").asInt()).isEqualTo(401);
        if (apiKey() != null) {
            assertThat(refused.body()).doesNotContain(apiKey());
        }
    }

    static String stackTraceOf(Throwable failure) {
        var text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
