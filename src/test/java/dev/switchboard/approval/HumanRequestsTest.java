package dev.switchboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Requests for a human decision through HTTP and the fake Telegram: answered in the web app (the
 * API), with /confirm, /cancel or a text in the chat, or timing out to their default; each resolved
 * once, audited, and announced with {@link RequestResolved}.
 */
class HumanRequestsTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(880_000_000L);

    @Autowired
    RecordedResolutions resolutions;

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
    void aRequestAnsweredThroughTheApiIsResolvedOnceAndAudited() {
        Api.Response created = owner.post("/api/requests", Map.of("type", "approval", "title", "Refund order 42",
                "message", "Refund 30 EUR to the customer?", "reference", "workflow-run-7"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode request = created.json();
        assertThat(request.get("status").asString()).isEqualTo("pending");
        assertThat(request.get("options")).extracting(JsonNode::asString).containsExactly("approve", "reject");
        assertThat(owner.get("/api/requests?status=pending").json()).extracting(r -> r.get("id").asString())
                .contains(id(request));

        assertThat(owner.post("/api/requests/" + id(request) + "/answer", Map.of("option", "maybe")).status()).isEqualTo(400);
        assertThat(owner.post("/api/requests/" + id(request) + "/answer", Map.of("text", "sure")).status()).isEqualTo(400);
        Api stranger = TestUsers.register(api()).api(api());
        assertThat(stranger.post("/api/requests/" + id(request) + "/answer", Map.of("option", "approve")).status())
                .isEqualTo(404);
        assertThat(stranger.get("/api/requests/" + id(request)).status()).isEqualTo(404);
        Api.Response answered = owner.post("/api/requests/" + id(request) + "/answer", Map.of("option", "approve"));

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().get("status").asString()).isEqualTo("approved");
        assertThat(answered.json().get("response").asString()).isEqualTo("approve");
        assertThat(owner.post("/api/requests/" + id(request) + "/answer", Map.of("option", "reject")).status())
                .isEqualTo(409);
        JsonNode read = owner.get("/api/requests/" + id(request)).json();
        assertThat(read.get("answeredBy").asString()).isEqualTo(ownerUser.id().toString());
        assertThat(read.get("answeredVia").asString()).isEqualTo("web");
        assertThat(read.get("decisions")).hasSize(1);
        assertThat(read.get("decisions").get(0).get("decision").asString()).isEqualTo("approved");
        assertThat(read.get("decisions").get(0).get("source").asString()).isEqualTo("web");
        assertThat(resolutions.seen).filteredOn(r -> r.requestId().toString().equals(id(request)))
                .singleElement().satisfies(r -> {
                    assertThat(r.reference()).isEqualTo("workflow-run-7");
                    assertThat(r.status()).isEqualTo("approved");
                    assertThat(r.source()).isEqualTo(DecisionSource.WEB);
                });
    }

    @Test
    void anErrorRecoveryIsAnsweredWithOneOfItsOptions() {
        JsonNode request = owner.post("/api/requests", Map.of("type", "error_recovery", "title", "Payment API down",
                "message", "What now?", "options", List.of("retry", "skip", "abort"))).json();

        JsonNode answered = owner.post("/api/requests/" + id(request) + "/answer", Map.of("option", "skip")).json();

        assertThat(answered.get("status").asString()).isEqualTo("answered");
        assertThat(answered.get("response").asString()).isEqualTo("skip");
        assertThat(owner.get("/api/requests?status=answered").json()).extracting(r -> r.get("id").asString())
                .contains(id(request));
    }

    @Test
    void badRequestsAreRefusedAndStoreNothing() {
        int before = owner.get("/api/requests").json().size();
        assertThat(owner.post("/api/requests", Map.of("type", "vote", "title", "t", "message", "m")).status()).isEqualTo(400);
        assertThat(owner.post("/api/requests", Map.of("type", "approval", "title", "", "message", "m")).status()).isEqualTo(400);
        assertThat(owner.post("/api/requests", Map.of("type", "error_recovery", "title", "t", "message", "m")).status())
                .as("error recovery needs options").isEqualTo(400);
        assertThat(owner.post("/api/requests", Map.of("type", "approval", "title", "t", "message", "m",
                "defaultOption", "perhaps")).status()).isEqualTo(400);
        assertThat(owner.post("/api/requests", Map.of("type", "approval", "title", "t", "message", "m",
                "options", List.of("a", "a"))).status()).isEqualTo(400);
        assertThat(owner.post("/api/requests", Map.of("type", "approval", "title", "t", "message", "m",
                "botId", UUID.randomUUID().toString(), "chatId", 5)).status()).isEqualTo(404);
        assertThat(owner.post("/api/requests", Map.of("type", "approval", "title", "t", "message", "m",
                "chatId", 5)).status()).isEqualTo(400);
        assertThat(owner.get("/api/requests?status=whenever").status()).isEqualTo(400);
        assertThat(owner.get("/api/requests").json()).hasSize(before);
    }

    @Test
    void aRequestAskedInAChatIsConfirmedThereWithConfirm() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        JsonNode request = ask(bot, user, "approval", "Book the table for 8?", Map.of());

        assertThat(TELEGRAM.awaitSentMessages(user, 1).getFirst().text()).contains("Book the table for 8?", "/confirm");
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateCommand(user, "confirm", ""));

        JsonNode resolved = await().until(() -> owner.get("/api/requests/" + id(request)).json(),
                r -> !r.get("status").asString().equals("pending"));
        assertThat(resolved.get("status").asString()).isEqualTo("approved");
        assertThat(resolved.get("answeredByTelegramUserId").asLong()).isEqualTo(user);
        assertThat(resolved.get("answeredVia").asString()).isEqualTo("telegram");
        assertThat(resolved.get("decisions").get(0).get("actorTelegramId").asLong()).isEqualTo(user);
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).isEqualTo("Confirmed: Book the table for 8?");
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().contains("/confirm"))).isEmpty();
    }

    @Test
    void cancelRejectsTheChatsOldestPendingRequestAndANothingToConfirmIsSaid() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        JsonNode request = ask(bot, user, "approval", "Delete the account?", Map.of());
        TELEGRAM.awaitSentMessages(user, 1);

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateCommand(user, "cancel", ""));
        await().until(() -> owner.get("/api/requests/" + id(request)).json().get("status").asString(), "rejected"::equals);
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateCommand(user, "confirm", ""));

        List<String> said = TELEGRAM.awaitSentMessages(user, 3).stream().map(m -> m.text()).toList();
        assertThat(said.subList(1, 3)).containsExactly("Cancelled: Delete the account?", "There is nothing to confirm.");
    }

    @Test
    void aClarificationIsAnsweredByTheNextTextInTheChatNotByTheModel() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        JsonNode request = ask(bot, user, "clarification", "Which colour do you want?", Map.of());
        TELEGRAM.awaitSentMessages(user, 1);

        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "dark blue"));

        JsonNode resolved = await().until(() -> owner.get("/api/requests/" + id(request)).json(),
                r -> !r.get("status").asString().equals("pending"));
        assertThat(resolved.get("status").asString()).isEqualTo("answered");
        assertThat(resolved.get("response").asString()).isEqualTo("dark blue");
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).isEqualTo("Thank you, noted.");
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "and now a question"));
        assertThat(TELEGRAM.awaitSentMessages(user, 3).get(2).text()).isEqualTo("echo: and now a question");
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("dark blue"))).isEmpty();
    }

    @Test
    void aRequestNobodyAnswersTimesOutToItsDefault() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        long user = USERS.incrementAndGet();
        JsonNode request = ask(bot, user, "approval", "Send the newsletter?",
                Map.of("timeoutSeconds", 1, "defaultOption", "reject"));
        assertThat(request.get("timeoutAt").isNull()).isFalse();

        JsonNode resolved = await().atMost(Duration.ofSeconds(20))
                .until(() -> owner.get("/api/requests/" + id(request)).json(),
                        r -> !r.get("status").asString().equals("pending"));

        assertThat(resolved.get("status").asString()).isEqualTo("timed_out");
        assertThat(resolved.get("response").asString()).isEqualTo("reject");
        assertThat(resolved.get("answeredVia").asString()).isEqualTo("system");
        assertThat(resolved.get("decisions").get(0).get("decision").asString()).isEqualTo("timed_out");
        assertThat(owner.post("/api/requests/" + id(request) + "/answer", Map.of("option", "approve")).status())
                .isEqualTo(409);
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).contains("going with: reject");
        assertThat(resolutions.seen).filteredOn(r -> r.requestId().toString().equals(id(request)))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("timed_out"));
    }

    private JsonNode ask(TestBot bot, long chat, String type, String title, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("type", type, "title", title, "message",
                "Please decide.", "botId", bot.id().toString(), "chatId", chat));
        body.putAll(extra);
        Api.Response created = owner.post("/api/requests", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String id(JsonNode node) {
        return node.get("id").asString();
    }
}
