package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The web playground: the same turn as Telegram, answered as server-sent events. */
class PlaygroundTest extends IntegrationTest {

    private Api owner;
    private UUID modelId;

    @BeforeEach
    void owner() {
        LLM.reset();
        owner = TestUsers.register(api()).api(api()).withHeader("Accept", "text/event-stream, application/problem+json");
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void theAnswerStreamsAsDeltasThenDoneAndIsStoredWithSourceWebWithItsUsage() {
        TestBot bot = bot(Map.of("systemPrompt", "Be brief."));
        LLM.reply(FakeReply.chunks("Hel", "lo ", "there").tokens(10, 3));

        Api.Response response = say(bot, "hi");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        List<Event> events = events(response);
        List<Event> deltas = events.stream().filter(e -> e.name().equals("delta")).toList();
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(deltas.stream().map(e -> e.data().get("text").asString()).reduce("", String::concat))
                .isEqualTo("Hello there");
        JsonNode done = events.getLast().data();
        assertThat(events.getLast().name()).isEqualTo("done");
        assertThat(done.get("text").asString()).isEqualTo("Hello there");
        assertThat(done.get("model").asString()).isEqualTo("test-model");
        assertThat(done.get("modelId").asString()).isEqualTo(modelId.toString());
        assertThat(done.get("inputTokens").asInt()).isEqualTo(10);
        assertThat(done.get("outputTokens").asInt()).isEqualTo(3);
        assertThat(done.get("cost").decimalValue()).isEqualByComparingTo("0.000016");
        assertThat(done.get("latencyMs").isIntegralNumber()).isTrue();
        assertThat(roles(LLM.lastRequest())).containsExactly("system:Be brief.", "user:hi");

        JsonNode history = owner.get("/api/bots/" + bot.id() + "/playground").json();
        assertThat(history.get("messages")).extracting(m -> m.get("role").asString() + ":" + m.get("source").asString()
                + ":" + m.get("text").asString()).containsExactly("USER:WEB:hi", "ASSISTANT:WEB:Hello there");
        assertThat(history.get("messages").get(1).get("id").asString()).isEqualTo(done.get("messageId").asString());
        JsonNode chat = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0);
        assertThat(chat.get("id").asString()).isEqualTo(history.get("chatId").asString());
        assertThat(chat.get("type").asString()).isEqualTo("web");
        JsonNode calls = owner.get("/api/usage/calls?botId=" + bot.id()).json().get("calls");
        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.get("chatId").asLong()).isEqualTo(chat.get("telegramChatId").asLong());
            assertThat(call.get("inputTokens").asInt()).isEqualTo(10);
            assertThat(call.get("streaming").asBoolean()).isTrue();
        });
        assertThat(chat.get("telegramChatId").asLong()).isGreaterThanOrEqualTo(1L << 52);
    }

    @Test
    void theWebChatRemembersAndResetStartsANewWindow() {
        TestBot bot = bot(Map.of());

        done(say(bot, "my name is Ada"));
        done(say(bot, "what is my name?"));
        assertThat(roles(LLM.lastRequest())).containsExactly("user:my name is Ada", "assistant:echo: my name is Ada",
                "user:what is my name?");

        JsonNode reset = done(say(bot, "/reset"));
        assertThat(reset.get("text").asString()).isEqualTo(ConversationTurns.RESET_DONE);
        assertThat(reset.path("model").isString()).isFalse();
        assertThat(LLM.requests()).hasSize(2);
        done(say(bot, "who am I?"));

        assertThat(roles(LLM.lastRequest())).containsExactly("user:who am I?");
        assertThat(owner.get("/api/bots/" + bot.id() + "/playground").json().get("messages"))
                .extracting(m -> m.get("text").asString()).contains("my name is Ada", "/reset", "who am I?");
    }

    @Test
    void helpAndModelCommandsAnswerWithoutTheModel() {
        TestBot bot = bot(Map.of("helpMessage", "Ask me about trains."));

        assertThat(done(say(bot, "/help")).get("text").asString()).isEqualTo("Ask me about trains.");
        assertThat(done(say(bot, "/model")).get("text").asString()).contains("1. test-model (current)");

        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void anotherUsersBotIsNotFoundAndNothingIsStored() {
        TestBot bot = bot(Map.of());
        Api stranger = TestUsers.register(api()).api(api()).withHeader("Accept", "text/event-stream");

        Api.Response response = stranger.post("/api/bots/" + bot.id() + "/playground", Map.of("text", "hi"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(stranger.get("/api/bots/" + bot.id() + "/playground").status()).isEqualTo(404);
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json()).isEmpty();
        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void blankOrTooLongTextIsRejectedBeforeAnythingIsStored() {
        TestBot bot = bot(Map.of());

        Api.Response blank = say(bot, "   ");
        Api.Response tooLong = say(bot, "x".repeat(Playground.MAX_TEXT + 1));
        Api.Response missing = owner.post("/api/bots/" + bot.id() + "/playground", Map.of());

        for (Api.Response response : List.of(blank, tooLong, missing)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly("text");
        }
        assertThat(owner.get("/api/bots/" + bot.id() + "/playground").json().path("chatId").isString()).isFalse();
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json()).isEmpty();
    }

    @Test
    void aBotOverItsMonthlyBudgetAnswersWithTheBudgetMessageWithoutTheModel() {
        TestBot bot = bot(Map.of("monthlyBudget", 0.01, "budgetMessage", "Out of credit for now."));
        // test-model costs 1 and 2 per million tokens: this call costs 0.005 + 0.01.
        LLM.defaultReply(request -> FakeReply.text("a costly answer").tokens(5000, 5000));

        assertThat(done(say(bot, "first")).get("text").asString()).isEqualTo("a costly answer");
        JsonNode stopped = done(say(bot, "second"));

        assertThat(stopped.get("text").asString()).isEqualTo("Out of credit for now.");
        assertThat(stopped.path("model").isString()).isFalse();
        assertThat(LLM.requests()).hasSize(1);
        assertThat(owner.get("/api/bots/" + bot.id() + "/budget").json().get("reached").asBoolean()).isTrue();
    }

    @Test
    void aModelFailureEndsTheStreamWithAProblemAndStoresNothingButTheCall() {
        TestBot bot = bot(Map.of());
        LLM.fail(401, "Incorrect API key provided");

        List<Event> events = events(say(bot, "hi"));

        assertThat(events).extracting(Event::name).containsExactly("error");
        JsonNode problem = events.getFirst().data();
        assertThat(problem.get("status").asInt()).isEqualTo(502);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/model-failed");
        assertThat(problem.get("detail").asString()).contains("did not answer");
        assertThat(owner.get("/api/bots/" + bot.id() + "/playground").json().get("messages")).isEmpty();
        assertThat(owner.get("/api/usage/calls?botId=" + bot.id()).json().get("calls")).singleElement()
                .satisfies(call -> assertThat(call.get("outcome").asString()).isEqualTo("FATAL"));
        // the chat is free again
        assertThat(done(say(bot, "again")).get("text").asString()).isEqualTo("echo: again");
    }

    @Test
    void aMessageSentWhileTheBotIsStillAnsweringIsRefusedSoTheChatStaysInOrder() {
        TestBot bot = bot(Map.of());
        LLM.reply(FakeReply.chunks("slow ", "answer").chunkDelay(Duration.ofMillis(1500)));

        CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> say(bot, "first"));
        LLM.awaitRequests(1);
        Api.Response second = say(bot, "second");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(done(first.join()).get("text").asString()).isEqualTo("slow answer");
        assertThat(owner.get("/api/bots/" + bot.id() + "/playground").json().get("messages"))
                .extracting(m -> m.get("text").asString()).containsExactly("first", "slow answer");
    }

    @Test
    void todaysActivityCountsReceivedMessagesAndRepliesOfEveryChannel() {
        TestBot bot = bot(Map.of());
        done(say(bot, "one"));
        done(say(bot, "/help"));

        JsonNode activity = owner.get("/api/bots/" + bot.id() + "/activity").json();

        assertThat(activity.get("received").asLong()).isEqualTo(2);
        assertThat(activity.get("replies").asLong()).isEqualTo(2);
        assertThat(activity.get("day").asString()).hasSize(10);
        Api stranger = TestUsers.register(api()).api(api());
        assertThat(stranger.get("/api/bots/" + bot.id() + "/activity").status()).isEqualTo(404);
    }

    private TestBot bot(Map<String, Object> settings) {
        return TestBots.create(owner, TELEGRAM, modelId, "webhook", settings);
    }

    private Api.Response say(TestBot bot, String text) {
        return owner.post("/api/bots/" + bot.id() + "/playground", Map.of("text", text));
    }

    /** The {@code done} event's data, failing if the stream did not end with one. */
    private static JsonNode done(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Event> events = events(response);
        assertThat(events).as(response.body()).isNotEmpty();
        assertThat(events.getLast().name()).as(response.body()).isEqualTo("done");
        return events.getLast().data();
    }

    record Event(String name, JsonNode data) {
    }

    /** Parses a text/event-stream body (events separated by blank lines, {@code event:} and {@code data:} fields). */
    static List<Event> events(Api.Response response) {
        List<Event> events = new ArrayList<>();
        for (String block : response.body().split("\\r?\\n\\r?\\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\\r?\\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(name, Api.JSON.readTree(data.toString())));
            }
        }
        return events;
    }

    private static List<String> roles(dev.switchboard.testing.FakeLlmRequest request) {
        return request.messages().stream().map(m -> m.role() + ":" + m.text()).toList();
    }
}
