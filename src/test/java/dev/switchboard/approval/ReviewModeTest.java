package dev.switchboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Review mode through HTTP and the fakes: a Telegram message becomes a draft, nothing reaches the
 * chat until the owner approves (as suggested or edited), and then exactly once; rejected and
 * superseded drafts are never sent; per-chat modes, including off.
 */
class ReviewModeTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(870_000_000L);

    private TestUser ownerUser;
    private Api owner;
    private UUID modelId;

    @BeforeEach
    void owner() {
        ownerUser = TestUsers.register(api());
        owner = ownerUser.api(api());
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @Test
    void aReviewedReplyIsSentOnlyAfterApprovalAndEntersTheHistoryThen() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "what are your hours?"));

        JsonNode draft = awaitPendingDraft(bot);
        assertThat(draft.get("suggestedText").asString()).isEqualTo("echo: what are your hours?");
        assertThat(draft.get("question").asString()).isEqualTo("what are your hours?");
        assertThat(draft.get("telegramChatId").asLong()).isEqualTo(user);
        assertThat(TELEGRAM.sentMessages(user)).isEmpty();
        assertThat(TELEGRAM.calls("sendMessageDraft").stream().filter(c -> Long.valueOf(user).equals(c.chatId())))
                .as("a draft is not streamed into the chat").isEmpty();
        String chatId = draft.get("chatId").asString();
        assertThat(texts(owner.get("/api/chats/" + chatId + "/messages").json())).containsExactly("what are your hours?");

        Api.Response approved = owner.post("/api/drafts/" + id(draft) + "/approve", Map.of());

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("echo: what are your hours?");
        JsonNode sent = await().until(() -> owner.get("/api/drafts/" + id(draft)).json(),
                d -> d.get("status").asString().equals("SENT"));
        assertThat(sent.get("telegramMessageId").asLong()).isEqualTo(TELEGRAM.sentMessages(user).getFirst().messageId());
        assertThat(sent.get("edited").asBoolean()).isFalse();
        JsonNode history = owner.get("/api/chats/" + chatId + "/messages").json();
        assertThat(texts(history)).containsExactly("what are your hours?", "echo: what are your hours?");
        assertThat(history.get(1).get("role").asString()).isEqualTo("ASSISTANT");
        JsonNode decision = sent.get("decisions").get(0);
        assertThat(decision.get("decision").asString()).isEqualTo("approved");
        assertThat(decision.get("source").asString()).isEqualTo("web");
        assertThat(decision.get("actorId").asString()).isEqualTo(ownerUser.id().toString());
        assertThat(decision.get("suggestedText").asString()).isEqualTo("echo: what are your hours?");
        assertThat(decision.get("sentText").asString()).isEqualTo("echo: what are your hours?");
        assertThat(owner.post("/api/drafts/" + id(draft) + "/approve", Map.of()).status())
                .as("a sent draft is not approved again").isEqualTo(409);
    }

    @Test
    void anEditedApprovalSendsTheOwnersTextAndAuditsBoth() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "price?"));
        JsonNode draft = awaitPendingDraft(bot);

        JsonNode approved = owner.post("/api/drafts/" + id(draft) + "/approve", Map.of("text", "It costs 10 EUR.")).json();

        assertThat(approved.get("finalText").asString()).isEqualTo("It costs 10 EUR.");
        assertThat(approved.get("edited").asBoolean()).isTrue();
        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("It costs 10 EUR.");
        JsonNode sent = await().until(() -> owner.get("/api/drafts/" + id(draft)).json(),
                d -> d.get("status").asString().equals("SENT"));
        JsonNode decision = sent.get("decisions").get(0);
        assertThat(decision.get("decision").asString()).isEqualTo("edited");
        assertThat(decision.get("suggestedText").asString()).isEqualTo("echo: price?");
        assertThat(decision.get("sentText").asString()).isEqualTo("It costs 10 EUR.");
        JsonNode audit = owner.get("/api/approvals/audit").json();
        assertThat(audit.get(0).get("subjectId").asString()).isEqualTo(id(draft));
    }

    @Test
    void anApprovedDraftTheUserCannotReceiveFailsWithTheError() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "bye"));
        JsonNode draft = awaitPendingDraft(bot);
        TELEGRAM.inject(Fault.botBlocked().on("sendMessage").forChat(user));

        owner.post("/api/drafts/" + id(draft) + "/approve", Map.of());

        JsonNode failed = await().until(() -> owner.get("/api/drafts/" + id(draft)).json(),
                d -> d.get("status").asString().equals("FAILED"));
        assertThat(failed.get("error").asString()).contains("blocked");
        assertThat(failed.has("sentAt")).isFalse();
        assertThat(texts(owner.get("/api/chats/" + draft.get("chatId").asString() + "/messages").json()))
                .as("an unsent reply is not history").containsExactly("bye");
        assertThat(owner.post("/api/drafts/" + id(draft) + "/approve", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aRejectedDraftIsNeverSentAndCannotBeApprovedAfterwards() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "tell me a secret"));
        JsonNode draft = awaitPendingDraft(bot);

        Api.Response rejected = owner.post("/api/drafts/" + id(draft) + "/reject", null);

        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        Api.Response late = owner.post("/api/drafts/" + id(draft) + "/approve", Map.of());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(owner.post("/api/drafts/" + id(draft) + "/reject", null).status()).isEqualTo(409);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).isEmpty());
        JsonNode decisions = owner.get("/api/drafts/" + id(draft)).json().get("decisions");
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).get("decision").asString()).isEqualTo("rejected");
        assertThat(decisions.get(0).has("sentText")).isFalse();
    }

    @Test
    void aNewMessageSupersedesTheWaitingDraftAndTheFreshDraftSeesIt() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "first question"));
        JsonNode first = awaitPendingDraft(bot);

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "actually, second question"));

        JsonNode second = await().until(() -> pending(bot),
                list -> list.size() == 1 && !id(list.get(0)).equals(id(first))).get(0);
        assertThat(second.get("suggestedText").asString()).isEqualTo("echo: actually, second question");
        assertThat(owner.get("/api/drafts/" + id(first)).json().get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(owner.post("/api/drafts/" + id(first) + "/approve", Map.of()).status()).isEqualTo(409);
        FakeLlmRequest request = LLM.requests().stream()
                .filter(r -> r.lastUserText().equals("actually, second question")).findFirst().orElseThrow();
        assertThat(request.messages()).contains(new FakeLlmRequest.Message("user", "first question"));
        assertThat(request.messages()).as("an unsent draft is not part of the history")
                .doesNotContain(new FakeLlmRequest.Message("assistant", "echo: first question"));
        JsonNode superseded = owner.get("/api/drafts?status=superseded&botId=" + bot.id()).json();
        assertThat(superseded).hasSize(1);
        assertThat(owner.get("/api/drafts/" + id(first)).json().get("decisions").get(0).get("source").asString())
                .isEqualTo("system");

        owner.post("/api/drafts/" + id(second) + "/approve", Map.of());
        assertThat(TELEGRAM.awaitSentMessages(user, 1)).extracting(m -> m.text())
                .containsExactly("echo: actually, second question");
    }

    @Test
    void fiftyConcurrentApprovalsOfOneDraftSendItOnce() throws Exception {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "race me"));
        JsonNode draft = awaitPendingDraft(bot);

        List<Integer> statuses = concurrently(50,
                () -> owner.post("/api/drafts/" + id(draft) + "/approve", Map.of()).status());

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
        TELEGRAM.awaitSentMessages(user, 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).hasSize(1));
        await().until(() -> owner.get("/api/drafts/" + id(draft)).json().get("status").asString(), "SENT"::equals);
        assertThat(owner.get("/api/drafts/" + id(draft)).json().get("decisions")).hasSize(1);
    }

    @Test
    void anotherUsersDraftIsNotFound() {
        TestBot bot = reviewBot();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(USERS.incrementAndGet(), "mine"));
        JsonNode draft = awaitPendingDraft(bot);
        Api stranger = TestUsers.register(api()).api(api());

        assertThat(stranger.get("/api/drafts/" + id(draft)).status()).isEqualTo(404);
        assertThat(stranger.post("/api/drafts/" + id(draft) + "/approve", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.post("/api/drafts/" + id(draft) + "/reject", null).status()).isEqualTo(404);
        assertThat(stranger.get("/api/drafts").json()).isEmpty();
        assertThat(owner.get("/api/drafts/" + id(draft)).json().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(owner.get("/api/drafts/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(owner.get("/api/drafts?status=nonsense").status()).isEqualTo(400);
    }

    @Test
    void offModeRecordsMessagesButNeverAnswers() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("approval", "off"));
        assertThat(bot.json().get("approval").asString()).isEqualTo("off");
        long user = USERS.incrementAndGet();

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "anyone there?"));
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateCommand(user, "help", ""));

        JsonNode chats = await().until(() -> owner.get("/api/bots/" + bot.id() + "/chats").json(),
                list -> list.size() == 1 && list.get(0).get("messages").asInt() == 2);
        assertThat(texts(owner.get("/api/chats/" + chats.get(0).get("id").asString() + "/messages").json()))
                .containsExactly("anyone there?", "/help");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(user)).isEmpty());
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("anyone there?"))).isEmpty();
        assertThat(owner.get("/api/drafts?botId=" + bot.id()).json()).isEmpty();
    }

    @Test
    void aChatsOwnModeWinsOverTheBotsUntilItInheritsAgain() {
        TestBot bot = reviewBot();
        long user = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "one"));
        JsonNode first = awaitPendingDraft(bot);
        String chatId = first.get("chatId").asString();

        assertThat(owner.put("/api/chats/" + chatId + "/approval", Map.of("mode", "auto")).status()).isEqualTo(204);
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("approval").asString()).isEqualTo("auto");
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "two"));

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).isEqualTo("echo: two");
        await().until(() -> owner.get("/api/drafts/" + id(first)).json().get("status").asString(), "SUPERSEDED"::equals);
        assertThat(pending(bot)).isEmpty();

        assertThat(owner.put("/api/chats/" + chatId + "/approval", Map.of("mode", "inherit")).status()).isEqualTo(204);
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).has("approval")).isFalse();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "three"));
        assertThat(awaitPendingDraft(bot).get("suggestedText").asString()).isEqualTo("echo: three");
        assertThat(TELEGRAM.sentMessages(user)).hasSize(1);

        assertThat(owner.put("/api/chats/" + chatId + "/approval", Map.of("mode", "sometimes")).status()).isEqualTo(400);
        Api stranger = TestUsers.register(api()).api(api());
        assertThat(stranger.put("/api/chats/" + chatId + "/approval", Map.of("mode", "auto")).status()).isEqualTo(404);
        assertThat(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).has("approval")).isFalse();
    }

    private TestBot reviewBot() {
        return TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("approval", "review"));
    }

    private JsonNode pending(TestBot bot) {
        return owner.get("/api/drafts?status=pending_approval&botId=" + bot.id()).json();
    }

    private JsonNode awaitPendingDraft(TestBot bot) {
        return await().until(() -> pending(bot), list -> list.size() == 1).get(0);
    }

    private static String id(JsonNode node) {
        return node.get("id").asString();
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(m -> texts.add(m.get("text").asString()));
        return texts;
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
