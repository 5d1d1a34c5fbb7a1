package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /v1/chat/completions} and {@code /v1/models}: an OpenAI client talking to a bot with an API key. */
class CompletionsApiTest extends IntegrationTest {

    private Api owner;
    private Api client;
    private UUID modelId;

    @BeforeEach
    void owner() {
        LLM.reset();
        owner = TestUsers.register(api()).api(api());
        String key = owner.post("/api/api-keys", Map.of("name", "workflow")).json().get("key").asString();
        client = api().as(key);
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void theBotAnswersTheCallersConversationAfterItsSystemPromptAndTheExchangeIsStoredWithSourceApi() {
        TestBot bot = bot(Map.of("systemPrompt", "Be brief."));
        LLM.reply(FakeReply.text("Hello there").tokens(10, 3));

        Api.Response response = client.post("/v1/chat/completions", Map.of("model", bot.username(),
                "temperature", 0.3, "max_tokens", 50, "top_p", 0.9, "seed", 7,
                "messages", List.of(message("system", "Answer in French."), message("user", "hi"),
                        message("assistant", "salut"),
                        Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "how are"),
                                Map.of("type", "text", "text", "you?"))))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode completion = response.json();
        assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
        assertThat(completion.get("id").asString()).startsWith("chatcmpl-");
        assertThat(completion.get("model").asString()).isEqualTo(bot.username());
        assertThat(completion.get("created").asLong()).isPositive();
        JsonNode choice = completion.get("choices").get(0);
        assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asString()).isEqualTo("Hello there");
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(completion.get("usage").get("prompt_tokens").asInt()).isEqualTo(10);
        assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(completion.get("usage").get("total_tokens").asInt()).isEqualTo(13);

        FakeLlmRequest asked = LLM.lastRequest();
        assertThat(roles(asked)).containsExactly("system:Be brief.", "system:Answer in French.", "user:hi",
                "assistant:salut", "user:how are\nyou?");
        assertThat(asked.temperature()).isEqualTo(0.3);
        assertThat(asked.maxTokens()).isEqualTo(50);

        JsonNode chat = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0);
        assertThat(chat.get("type").asString()).isEqualTo("api");
        assertThat(owner.get("/api/chats/" + chat.get("id").asString() + "/messages").json())
                .extracting(m -> m.get("role").asString() + ":" + m.get("source").asString() + ":" + m.get("text").asString())
                .containsExactly("USER:API:how are\nyou?", "ASSISTANT:API:Hello there");
        JsonNode calls = owner.get("/api/usage/calls?botId=" + bot.id()).json().get("calls");
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.get("chatId").asLong()).isEqualTo(chat.get("telegramChatId").asLong());
            assertThat(call.get("inputTokens").asInt()).isEqualTo(10);
        });
    }

    @Test
    void eachEndUserTheRequestsNameHasAnApiChatOfTheirOwn() {
        TestBot bot = bot(Map.of());

        for (String[] said : new String[][] {{"alice", "hi from alice"}, {"bob", "hi from bob"}, {" alice ", "alice again"},
                {null, "nobody in particular"}}) {
            Map<String, Object> body = new HashMap<>(Map.of("model", bot.username(),
                    "messages", List.of(message("user", said[1]))));
            if (said[0] != null) {
                body.put("user", said[0]);
            }
            assertThat(client.post("/v1/chat/completions", body).status()).isEqualTo(200);
        }

        Map<String, List<String>> transcripts = new HashMap<>();
        for (JsonNode chat : owner.get("/api/bots/" + bot.id() + "/chats").json()) {
            assertThat(chat.get("type").asString()).isEqualTo("api");
            transcripts.put(chat.get("title").asString(), owner.get("/api/chats/" + chat.get("id").asString() + "/messages")
                    .json().findValuesAsString("text"));
        }
        assertThat(transcripts).containsOnlyKeys("API: alice", "API: bob", "API");
        assertThat(transcripts.get("API: alice")).containsExactly("hi from alice", "echo: hi from alice", "alice again",
                "echo: alice again");
        assertThat(transcripts.get("API: bob")).containsExactly("hi from bob", "echo: hi from bob");
        assertThat(transcripts.get("API")).containsExactly("nobody in particular", "echo: nobody in particular");
    }

    @Test
    void aStreamedAnswerComesAsChunksThenTheUsageThenDone() {
        TestBot bot = bot(Map.of());
        LLM.reply(FakeReply.chunks("Hel", "lo ", "there").tokens(10, 3));

        Api.Response response = client.post("/v1/chat/completions", Map.of("model", "@" + bot.username().toUpperCase(),
                "stream", true, "stream_options", Map.of("include_usage", true),
                "messages", List.of(message("user", "hi"))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<String> data = data(response);
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(Api.JSON::readTree).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asString()).isEqualTo(bot.username());
            assertThat(chunk.get("id").asString()).isEqualTo(chunks.getFirst().get("id").asString());
        });
        assertThat(chunks.getFirst().get("choices").get(0).get("delta").get("role").asString()).isEqualTo("assistant");
        List<JsonNode> withChoice = chunks.stream().filter(c -> !c.get("choices").isEmpty()).toList();
        assertThat(withChoice.stream().map(c -> c.get("choices").get(0).get("delta").path("content").asString(""))
                .reduce("", String::concat)).isEqualTo("Hello there");
        assertThat(withChoice.stream().filter(c -> c.get("choices").get(0).get("delta").path("content").asString("")
                .length() > 0)).hasSizeGreaterThan(1);
        assertThat(withChoice.getLast().get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
        assertThat(withChoice.subList(0, withChoice.size() - 1))
                .allSatisfy(c -> assertThat(c.get("choices").get(0).get("finish_reason").isNull()).isTrue());
        JsonNode usage = chunks.getLast();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("total_tokens").asInt()).isEqualTo(13);
        assertThat(LLM.lastRequest().stream()).isTrue();
    }

    @Test
    void anAnswerStoppedByTheTokenLimitFinishesWithLength() {
        TestBot bot = bot(Map.of());
        LLM.reply(FakeReply.text("a long story cut").cutAtLimit(), FakeReply.chunks("a long ", "story cut").cutAtLimit());

        Api.Response blocking = client.post("/v1/chat/completions", Map.of("model", bot.username(), "max_tokens", 4,
                "messages", List.of(message("user", "tell me a long story"))));
        Api.Response streamed = client.post("/v1/chat/completions", Map.of("model", bot.username(), "max_tokens", 4,
                "stream", true, "messages", List.of(message("user", "again"))));

        assertThat(blocking.json().get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
        List<String> data = data(streamed);
        JsonNode last = Api.JSON.readTree(data.get(data.size() - 2));
        assertThat(last.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
    }

    @Test
    void modelsAreTheCallersBotsAndAnotherUsersBotIsNotFoundWithNothingStored() {
        TestBot mine = bot(Map.of());
        Api stranger = TestUsers.register(api()).api(api());
        TestBot theirs = TestBots.create(stranger, TELEGRAM, TestModels.create(stranger, LLM.baseUrl()), "webhook", Map.of());

        JsonNode models = client.get("/v1/models").json();
        assertThat(models.get("object").asString()).isEqualTo("list");
        assertThat(models.get("data")).singleElement().satisfies(model -> {
            assertThat(model.get("id").asString()).isEqualTo(mine.username());
            assertThat(model.get("object").asString()).isEqualTo("model");
            assertThat(model.get("created").asLong()).isPositive();
            assertThat(model.get("owned_by").asString()).isEqualTo("switchboard");
        });

        Api.Response response = client.post("/v1/chat/completions", Map.of("model", theirs.username(),
                "messages", List.of(message("user", "hi"))));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(theirs.username());
        // OpenAI's clients take their exception's message from the error member.
        assertThat(response.json().get("error").get("message").asString()).isEqualTo(response.json().get("detail").asString());
        assertThat(response.json().get("error").get("code").asInt()).isEqualTo(404);
        assertThat(stranger.get("/api/bots/" + theirs.id() + "/chats").json()).isEmpty();
        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void withoutAValidKeyTheApiAnswers401() {
        TestBot bot = bot(Map.of());
        Map<String, Object> body = Map.of("model", bot.username(), "messages", List.of(message("user", "hi")));

        for (Api caller : List.of(api(), api().as("sb_not-a-real-key"))) {
            for (Api.Response response : List.of(caller.post("/v1/chat/completions", body), caller.get("/v1/models"))) {
                assertThat(response.status()).isEqualTo(401);
                // Written by the security chain, before any controller, and still readable by OpenAI's clients.
                assertThat(response.json().get("error").get("message").asString())
                        .isEqualTo(response.json().get("detail").asString()).contains("Bearer");
                assertThat(response.json().get("error").get("type").asString()).isEqualTo("unauthorized");
                assertThat(response.json().get("error").get("code").asInt()).isEqualTo(401);
            }
        }
        // Outside /v1 the problem stays as it was.
        assertThat(api().get("/api/bots").json().has("error")).isFalse();
        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void anOversizeRequestIsA413WithOpenAisErrorMember() {
        TestBot bot = bot(Map.of());
        Map<String, Object> body = Map.of("model", bot.username(),
                "messages", List.of(message("user", "x".repeat(1_100_000))));

        Api.Response response = client.post("/v1/chat/completions", body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").get("type").asString()).isEqualTo("payload-too-large");
        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void badRequestsAreProblemsNamingTheFieldAndStoreNothing() {
        TestBot bot = bot(Map.of());
        List<Map<String, Object>> userHi = List.of(message("user", "hi"));
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("model", with(Map.of("messages", userHi)));
        cases.put("messages", with(Map.of("model", bot.username(), "messages", List.of())));
        cases.put("messages[1].role", with(Map.of("model", bot.username(),
                "messages", List.of(message("user", "hi"), message("tool", "42")))));
        cases.put("messages[0].content", with(Map.of("model", bot.username(), "messages", List.of(Map.of("role", "user",
                "content", List.of(Map.of("type", "image_url", "image_url", Map.of("url", "http://x/y.png"))))))));
        cases.put("messages[0].content ", with(Map.of("model", bot.username(),
                "messages", List.of(message("user", "nul\u0000here")))));
        cases.put("n", with(Map.of("model", bot.username(), "messages", userHi, "n", 2)));
        cases.put("n  ", with(Map.of("model", bot.username(), "messages", userHi,
                "n", new java.math.BigInteger("1000000000000000000000000000000"))));
        cases.put("temperature", with(Map.of("model", bot.username(), "messages", userHi, "temperature", 5)));
        cases.put("max_tokens", with(Map.of("model", bot.username(), "messages", userHi, "max_tokens", -1)));
        cases.put("user", with(Map.of("model", bot.username(), "messages", userHi, "user", 42)));
        cases.put("user ", with(Map.of("model", bot.username(), "messages", userHi, "user", "u".repeat(201))));
        cases.put("stream", with(Map.of("model", bot.username(), "messages", userHi, "stream", "yes")));
        cases.put("messages ", with(Map.of("model", bot.username(),
                "messages", List.of(message("user", "hi"), message("assistant", "prefill")))));

        for (var entry : cases.entrySet()) {
            Api.Response response = client.post("/v1/chat/completions", entry.getValue());
            assertThat(response.status()).as(entry.getKey() + ": " + response).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").findValuesAsString("field")).as(response.body())
                    .containsExactly(entry.getKey().strip());
            assertThat(response.json().get("error").get("message").asString()).contains(entry.getKey().strip());
        }
        Api.Response notAnObject = client.send("POST", "/v1/chat/completions", "application/json", "[1, 2]");
        Api.Response notJson = client.send("POST", "/v1/chat/completions", "application/json", "{\"model\":");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        assertThat(notJson.json().get("error").get("type").asString()).isEqualTo(notJson.json().get("type").asString()
                .replace("/problems/", ""));
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json()).isEmpty();
        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void theFallbackModelAnswersWhenTheBotsModelFailsWithARetryableError() {
        UUID fallback = TestModels.create(owner, LLM.baseUrl(), "fallback-model");
        TestBot bot = bot(Map.of("fallbackModelId", fallback.toString()));
        LLM.defaultReply(request -> request.model().equals("fallback-model")
                ? FakeReply.text("fallback says hi") : FakeReply.error(503, "overloaded"));

        JsonNode completion = complete(bot, "hi");

        assertThat(completion.get("choices").get(0).get("message").get("content").asString()).isEqualTo("fallback says hi");
        assertThat(LLM.requests()).extracting(FakeLlmRequest::model).contains("test-model").endsWith("fallback-model");
    }

    @Test
    void aModelFailureIsA502OrAnErrorEventAndStoresNothing() {
        TestBot bot = bot(Map.of());
        LLM.fail(401, "Incorrect API key provided");
        LLM.fail(401, "Incorrect API key provided");

        Api.Response blocking = client.post("/v1/chat/completions", Map.of("model", bot.username(),
                "messages", List.of(message("user", "hi"))));
        Api.Response streamed = client.post("/v1/chat/completions", Map.of("model", bot.username(), "stream", true,
                "messages", List.of(message("user", "hi"))));

        assertThat(blocking.status()).isEqualTo(502);
        assertThat(blocking.contentType()).startsWith("application/problem+json");
        assertThat(blocking.json().get("detail").asString()).contains("did not answer");
        assertThat(blocking.json().get("error").get("message").asString()).contains("did not answer");
        List<String> data = data(streamed);
        assertThat(data).doesNotContain("[DONE]");
        JsonNode error = Api.JSON.readTree(data.getLast());
        assertThat(error.get("status").asInt()).isEqualTo(502);
        assertThat(error.get("error").get("message").asString()).contains("did not answer");
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("messages").asLong()).isZero();
    }

    @Test
    void aBotOverItsBudgetAnswersWithTheBudgetMessageWithoutTheModel() {
        TestBot bot = bot(Map.of("monthlyBudget", 0.01, "budgetMessage", "Out of credit for now."));
        // test-model costs 1 and 2 per million tokens: this call costs 0.005 + 0.01.
        LLM.defaultReply(request -> FakeReply.text("a costly answer").tokens(5000, 5000));

        assertThat(content(complete(bot, "first"))).isEqualTo("a costly answer");
        JsonNode stopped = complete(bot, "second");
        Api.Response streamed = client.post("/v1/chat/completions", Map.of("model", bot.username(), "stream", true,
                "messages", List.of(message("user", "third"))));

        assertThat(content(stopped)).isEqualTo("Out of credit for now.");
        assertThat(stopped.get("usage").get("total_tokens").asInt()).isZero();
        assertThat(data(streamed).stream().filter(d -> d.startsWith("{")).map(Api.JSON::readTree)
                .map(c -> c.get("choices").get(0).get("delta").path("content").asString(""))
                .reduce("", String::concat)).isEqualTo("Out of credit for now.");
        assertThat(LLM.requests()).hasSize(1);
    }

    @Test
    void theOldestMessagesAreLeftOutWhenTheConversationDoesNotFitTheModelsWindow() {
        UUID small = TestModels.createWithWindow(owner, LLM.baseUrl(), "small-model", 400);
        TestBot bot = TestBots.create(owner, TELEGRAM, small, "webhook", Map.of("systemPrompt", "Be brief."));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(message(i % 2 == 0 ? "user" : "assistant", "message number " + i + " says a few words more"));
        }
        messages.add(message("user", "the question"));

        client.post("/v1/chat/completions", Map.of("model", bot.username(), "messages", messages));

        List<String> sent = roles(LLM.lastRequest());
        assertThat(sent.getFirst()).isEqualTo("system:Be brief.");
        assertThat(sent.getLast()).isEqualTo("user:the question");
        assertThat(sent).hasSizeBetween(3, 40);
        List<String> expectedTail = messages.subList(messages.size() - (sent.size() - 1), messages.size()).stream()
                .map(m -> m.get("role") + ":" + m.get("content")).toList();
        assertThat(sent.subList(1, sent.size())).isEqualTo(expectedTail);
    }

    @Test
    void requestsToOneBotAreAnsweredConcurrently() {
        TestBot bot = bot(Map.of());
        LLM.reply(FakeReply.chunks("slow ", "one").chunkDelay(Duration.ofMillis(1000)),
                FakeReply.chunks("slow ", "two").chunkDelay(Duration.ofMillis(1000)));

        CompletableFuture<JsonNode> first = CompletableFuture.supplyAsync(() -> complete(bot, "first"));
        LLM.awaitRequests(1);
        JsonNode second = complete(bot, "second");

        assertThat(List.of(content(first.join()), content(second))).containsExactlyInAnyOrder("slow one", "slow two");
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("messages").asLong()).isEqualTo(4);
    }

    private TestBot bot(Map<String, Object> settings) {
        return TestBots.create(owner, TELEGRAM, modelId, "webhook", settings);
    }

    private JsonNode complete(TestBot bot, String text) {
        Api.Response response = client.post("/v1/chat/completions", Map.of("model", bot.username(),
                "messages", List.of(message("user", text))));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String content(JsonNode completion) {
        return completion.get("choices").get(0).get("message").get("content").asString();
    }

    private static Map<String, Object> message(String role, String content) {
        return Map.of("role", role, "content", content);
    }

    private static Map<String, Object> with(Map<String, Object> body) {
        return new HashMap<>(body);
    }

    /** The {@code data:} of each event of a text/event-stream body. */
    private static List<String> data(Api.Response response) {
        List<String> data = new ArrayList<>();
        for (String block : response.body().split("\\r?\\n\\r?\\n")) {
            StringBuilder event = new StringBuilder();
            for (String line : block.split("\\r?\\n")) {
                if (line.startsWith("data:")) {
                    event.append(event.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (!event.isEmpty()) {
                data.add(event.toString());
            }
        }
        return data;
    }

    private static List<String> roles(FakeLlmRequest request) {
        return request.messages().stream().map(m -> m.role() + ":" + m.text()).toList();
    }
}
