package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole message path through HTTP and the fakes: Telegram update in (webhook or polling), turn
 * with the fake model, reply out through the outbox.
 */
class MessagePathTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(800_000_000L);

    private Api owner;
    private UUID modelId;

    @BeforeEach
    void owner() {
        LLM.reset();
        owner = TestUsers.register(api()).api(api());
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void aWebhookMessageIsAnsweredByTheModelAndTheChatIsStored() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("systemPrompt", "You are terse."));
        long user = USERS.incrementAndGet();

        assertThat(TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "hello there"))).isEqualTo(200);

        SentText reply = TELEGRAM.awaitSentMessages(user, 1).getFirst();
        assertThat(reply.text()).isEqualTo("echo: hello there");
        FakeLlmRequest request = requestFor("hello there");
        assertThat(request.messages().getFirst()).isEqualTo(new FakeLlmRequest.Message("system", "You are terse."));
        JsonNode chats = owner.get("/api/bots/" + bot.id() + "/chats").json();
        assertThat(chats).hasSize(1);
        String chatId = chats.get(0).get("id").asString();
        JsonNode messages = await().until(() -> owner.get("/api/chats/" + chatId + "/messages").json(),
                list -> list.size() == 2 && list.get(1).has("telegramMessageId"));
        assertThat(messages.get(0).get("text").asString()).isEqualTo("hello there");
        assertThat(messages.get(1).get("text").asString()).isEqualTo("echo: hello there");
        assertThat(messages.get(1).get("telegramMessageId").asLong()).isEqualTo(reply.messageId());
        JsonNode call = owner.get("/api/usage/calls?botId=" + bot.id()).json().get("calls").get(0);
        assertThat(messages.get(1).get("cost").decimalValue()).isEqualByComparingTo(call.get("cost").decimalValue())
                .isPositive();
        assertThat(messages.get(1).get("inputTokens").asInt()).isEqualTo(call.get("inputTokens").asInt());
    }

    @Test
    void aPolledMessageIsAnswered() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "polling", Map.of());
        long user = USERS.incrementAndGet();

        TELEGRAM.enqueueUpdate(bot.token(), TelegramUpdates.privateText(user, "polled hello"));

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("echo: polled hello");
        await().until(() -> TELEGRAM.pendingUpdates(bot.token()) == 0);
    }

    /**
     * No PostgreSQL text can hold a NUL: refused, such an update would fail on every delivery and
     * hold up the bot's later ones. It is answered with U+FFFD in the NUL's place, on both paths.
     */
    @Test
    void aMessageWithANulCharacterIsAnsweredWithAReplacementCharacter() {
        TestBot hooked = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();

        assertThat(TELEGRAM.deliverToWebhook(hooked.token(), TelegramUpdates.privateText(user, "nul\u0000here")))
                .isEqualTo(200);

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("echo: nul\uFFFDhere");
        String chatId = owner.get("/api/bots/" + hooked.id() + "/chats").json().get(0).get("id").asString();
        assertThat(owner.get("/api/chats/" + chatId + "/messages").json().get(0).get("text").asString())
                .isEqualTo("nul\uFFFDhere");

        TestBot polled = TestBots.create(owner, TELEGRAM, modelId, "polling", Map.of());
        long other = USERS.incrementAndGet();
        TELEGRAM.enqueueUpdate(polled.token(), TelegramUpdates.privateText(other, "polled\u0000nul"));

        assertThat(TELEGRAM.awaitSentMessages(other, 1).getFirst().text()).isEqualTo("echo: polled\uFFFDnul");
        await().until(() -> TELEGRAM.pendingUpdates(polled.token()) == 0);
    }

    /** A model's answer with a NUL in it is stored and sent with U+FFFD there, not retried until TERMINAL. */
    @Test
    void aModelAnswerWithANulCharacterIsSentWithAReplacementCharacter() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        LLM.defaultReply(request -> FakeReply.text("model\u0000nul"));

        assertThat(TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "say it"))).isEqualTo(200);

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("model\uFFFDnul");
        String chatId = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("id").asString();
        assertThat(await().until(() -> owner.get("/api/chats/" + chatId + "/messages").json(), list -> list.size() == 2)
                .get(1).get("text").asString()).isEqualTo("model\uFFFDnul");
    }

    @Test
    void theSameUpdateDeliveredTenTimesAtOnceGetsOneReply() throws Exception {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        ObjectNode update = TelegramUpdates.withUpdateId(TelegramUpdates.privateText(user, "only once"), 424242);

        List<Integer> statuses = concurrently(10, () -> TELEGRAM.deliverToWebhook(bot.token(), update));

        assertThat(statuses).containsOnly(200);
        TELEGRAM.awaitSentMessages(user, 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).hasSize(1));
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("only once"))).hasSize(1);
        assertThat(owner.get("/api/processing?botId=" + bot.id()).json()).hasSize(1);
    }

    @Test
    void aWrongOrMissingSecretIs401AndStoresNothing() throws Exception {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        String body = TelegramUpdates.withUpdateId(TelegramUpdates.privateText(USERS.incrementAndGet(), "intruder"), 1)
                .toString();

        assertThat(postWebhook(bot.id(), "wrong-secret", body)).isEqualTo(401);
        assertThat(postWebhook(bot.id(), null, body)).isEqualTo(401);
        assertThat(postWebhook(UUID.randomUUID(), "anything", body)).isEqualTo(401);

        assertThat(owner.get("/api/processing?botId=" + bot.id()).json()).isEmpty();
    }

    @Test
    void updateTypesWeDoNotHandleAreAcknowledgedAndRecordedAsIgnored() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        ObjectNode poll = Api.JSON.createObjectNode();
        poll.putObject("poll").put("id", "1").put("question", "?");

        assertThat(TELEGRAM.deliverToWebhook(bot.token(), poll)).isEqualTo(200);

        JsonNode items = owner.get("/api/processing?botId=" + bot.id()).json();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("status").asString()).isEqualTo("IGNORED");
    }

    @Test
    void aBurstDuringASlowReplyIsAnsweredTogetherAndInOrder() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        LLM.defaultReply(request -> request.lastUserText().equals("first")
                ? FakeReply.text("answer to first").delay(Duration.ofMillis(1500))
                : FakeReply.text("answer to " + userTexts(request)));

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "first"));
        await().until(() -> LLM.requests().stream().anyMatch(r -> r.lastUserText().equals("first")));
        for (String text : List.of("second", "third", "fourth")) {
            TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, text));
        }

        List<SentText> replies = TELEGRAM.awaitSentMessages(user, 2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).hasSize(2));
        assertThat(replies.get(0).text()).isEqualTo("answer to first");
        assertThat(replies.get(1).text()).isEqualTo("answer to [first, second, third, fourth]");
    }

    @Test
    void aModelThatAlwaysFailsEndsTerminalTellsTheUserOnceAndAManualRetryAnswers() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook",
                Map.of("errorMessage", "Sorry, try again later."));
        long user = USERS.incrementAndGet();
        LLM.defaultReply(request -> FakeReply.error(500, "the model is down"));

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "are you there?"));

        JsonNode terminal = await().atMost(Duration.ofSeconds(20)).until(
                () -> owner.get("/api/processing?status=TERMINAL&botId=" + bot.id()).json(), list -> list.size() == 1);
        assertThat(terminal.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(terminal.get(0).get("lastError").asString()).contains("500");
        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("Sorry, try again later.");

        LLM.reset();
        String id = terminal.get(0).get("id").asString();
        assertThat(owner.post("/api/processing/" + id + "/retry", Map.of()).status()).isEqualTo(200);

        List<SentText> sent = TELEGRAM.awaitSentMessages(user, 2);
        assertThat(sent.get(1).text()).isEqualTo("echo: are you there?");
        await().during(Duration.ofMillis(500)).untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).hasSize(2));
        assertThat(owner.get("/api/processing/" + id).json().get("status").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void theFallbackModelAnswersWhenThePrimaryKeepsFailingWithRetryableErrors() {
        UUID fallback = TestModels.create(owner, LLM.baseUrl(), "fallback-model");
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("fallbackModelId", fallback.toString()));
        long user = USERS.incrementAndGet();
        LLM.defaultReply(request -> request.model().equals("fallback-model")
                ? FakeReply.text("fallback says hi") : FakeReply.error(503, "overloaded"));

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "hi"));

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("fallback says hi");
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("hi")).map(FakeLlmRequest::model))
                .containsExactly("test-model", "test-model", "fallback-model");
    }

    @Test
    void anotherUsersChatsAndMessagesAreNotFound() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "private stuff"));
        TELEGRAM.awaitSentMessages(user, 1);
        String chatId = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("id").asString();
        Api other = TestUsers.register(api()).api(api());

        assertThat(other.get("/api/bots/" + bot.id() + "/chats").status()).isEqualTo(404);
        assertThat(other.get("/api/chats/" + chatId + "/messages").status()).isEqualTo(404);
    }

    private static String userTexts(FakeLlmRequest request) {
        return request.messages().stream().filter(m -> m.role().equals("user")).map(FakeLlmRequest.Message::text)
                .toList().toString();
    }

    private FakeLlmRequest requestFor(String text) {
        return await().until(() -> LLM.requests().stream().filter(r -> r.lastUserText().equals(text)).findFirst(),
                java.util.Optional::isPresent).get();
    }

    private int postWebhook(UUID botId, String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api().baseUrl() + "/telegram/webhook/" + botId))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(FakeTelegram.SECRET_HEADER, secret);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static <T> List<T> concurrently(int count, Callable<T> task) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(executor.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
