package dev.switchboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Review from the owner's Telegram: a draft reaches the owner's linked chat with Approve, Edit and
 * Reject; a press decides (audited as Telegram), Edit takes the owner's next message as the text,
 * and decisions taken anywhere replace the buttons with the outcome. Only the linked owner decides.
 */
class TelegramApprovalTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(890_000_000L);

    private TestUser ownerUser;
    private Api owner;
    private TestBot bot;
    private long ownerTelegram;

    @BeforeEach
    void linkedOwnerWithAReviewBot() {
        ownerUser = TestUsers.register(api());
        owner = ownerUser.api(api());
        UUID modelId = TestModels.create(owner, LLM.baseUrl());
        bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("approval", "review"));
        ownerTelegram = USERS.incrementAndGet();
        String token = owner.post("/api/telegram/link-tokens", Map.of("botId", bot.id())).json().get("token").asString();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateCommand(ownerTelegram, "start", token));
        TELEGRAM.awaitSentMessages(ownerTelegram, 1);
    }

    @Test
    void theOwnerApprovesADraftWithAButtonInTelegram() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(customer, "are you open on sunday?"));

        SentText note = TELEGRAM.awaitSentMessages(ownerTelegram, 2).get(1);
        String draftId = pendingDraftId();
        assertThat(note.text()).contains("chat " + customer, "are you open on sunday?",
                "Suggested reply:\necho: are you open on sunday?");
        assertThat(note.buttons()).containsExactly(List.of("✅ Approve=draft:approve:" + draftId,
                "✏️ Edit=draft:edit:" + draftId, "❌ Reject=draft:reject:" + draftId));
        assertThat(TELEGRAM.sentMessages(customer)).isEmpty();

        press("cq-approve-" + customer, ownerTelegram, note, "draft:approve:" + draftId);

        assertThat(TELEGRAM.awaitCallbackAnswer("cq-approve-" + customer).text()).isEqualTo("Approved: sending it now.");
        assertThat(TELEGRAM.awaitSentMessages(customer, 1).getFirst().text()).isEqualTo("echo: are you open on sunday?");
        JsonNode sent = await().until(() -> owner.get("/api/drafts/" + draftId).json(),
                d -> d.get("status").asString().equals("SENT"));
        JsonNode decision = sent.get("decisions").get(0);
        assertThat(decision.get("decision").asString()).isEqualTo("approved");
        assertThat(decision.get("source").asString()).isEqualTo("telegram");
        assertThat(decision.get("actorId").asString()).isEqualTo(ownerUser.id().toString());
        assertThat(decision.get("actorTelegramId").asLong()).isEqualTo(ownerTelegram);
        assertThat(sent.get("decidedVia").asString()).isEqualTo("telegram");
        await().untilAsserted(() -> {
            assertThat(TELEGRAM.messageButtons(ownerTelegram, note.messageId())).isEmpty();
            assertThat(TELEGRAM.messageText(ownerTelegram, note.messageId()).orElse(""))
                    .endsWith("✅ Approved in Telegram.");
        });

        press("cq-again-" + customer, ownerTelegram, note, "draft:approve:" + draftId);
        assertThat(TELEGRAM.awaitCallbackAnswer("cq-again-" + customer).text()).isEqualTo("Already approved.");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).hasSize(1));
    }

    @Test
    void editAsksForTheOwnersTextAndSendsThatInstead() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(customer, "what are your hours?"));
        SentText note = TELEGRAM.awaitSentMessages(ownerTelegram, 2).get(1);
        String draftId = pendingDraftId();

        press("cq-edit-" + customer, ownerTelegram, note, "draft:edit:" + draftId);
        assertThat(TELEGRAM.awaitCallbackAnswer("cq-edit-" + customer).text()).isEqualTo("Send the new text as your next message.");
        assertThat(TELEGRAM.awaitSentMessages(ownerTelegram, 3).get(2).text()).startsWith("✏️ Send me the new text");
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(ownerTelegram, "We are open 9 to 5."));

        assertThat(TELEGRAM.awaitSentMessages(customer, 1).getFirst().text()).isEqualTo("We are open 9 to 5.");
        assertThat(TELEGRAM.awaitSentMessages(ownerTelegram, 4).get(3).text())
                .isEqualTo("✅ Sent your text to chat " + customer + ".");
        JsonNode decided = await().until(() -> owner.get("/api/drafts/" + draftId).json(),
                d -> d.get("status").asString().equals("SENT"));
        assertThat(decided.get("finalText").asString()).isEqualTo("We are open 9 to 5.");
        JsonNode decision = decided.get("decisions").get(0);
        assertThat(decision.get("decision").asString()).isEqualTo("edited");
        assertThat(decision.get("source").asString()).isEqualTo("telegram");
        assertThat(decision.get("suggestedText").asString()).isEqualTo("echo: what are your hours?");
        assertThat(decision.get("sentText").asString()).isEqualTo("We are open 9 to 5.");
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("We are open 9 to 5."))).isEmpty();
        assertThat(owner.get("/api/drafts?botId=" + bot.id()).json()).hasSize(1);
    }

    @Test
    void onlyTheLinkedOwnerDecidesAndAWebDecisionUpdatesTheButtons() {
        long customer = USERS.incrementAndGet();
        long stranger = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(customer, "refund me"));
        SentText note = TELEGRAM.awaitSentMessages(ownerTelegram, 2).get(1);
        String draftId = pendingDraftId();

        press("cq-stranger-" + stranger, stranger, note, "draft:approve:" + draftId);

        FakeTelegram.CallbackAnswer refused = TELEGRAM.awaitCallbackAnswer("cq-stranger-" + stranger);
        assertThat(refused.showAlert()).isTrue();
        assertThat(refused.text()).isEqualTo("Only the bot's owner can decide on this draft.");
        assertThat(owner.get("/api/drafts/" + draftId).json().get("status").asString()).isEqualTo("PENDING_APPROVAL");

        assertThat(owner.post("/api/drafts/" + draftId + "/reject", null).status()).isEqualTo(200);
        await().untilAsserted(() -> {
            assertThat(TELEGRAM.messageButtons(ownerTelegram, note.messageId())).isEmpty();
            assertThat(TELEGRAM.messageText(ownerTelegram, note.messageId()).orElse(""))
                    .endsWith("❌ Rejected in the web app.");
        });
        assertThat(TELEGRAM.sentMessages(customer)).isEmpty();
    }

    @Test
    void theRejectButtonRejects() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(customer, "tell me a joke"));
        SentText note = TELEGRAM.awaitSentMessages(ownerTelegram, 2).get(1);
        String draftId = pendingDraftId();

        press("cq-reject-" + customer, ownerTelegram, note, "draft:reject:" + draftId);

        assertThat(TELEGRAM.awaitCallbackAnswer("cq-reject-" + customer).text()).isEqualTo("Rejected: nothing is sent.");
        JsonNode rejected = await().until(() -> owner.get("/api/drafts/" + draftId).json(),
                d -> d.get("status").asString().equals("REJECTED"));
        assertThat(rejected.get("decisions").get(0).get("source").asString()).isEqualTo("telegram");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).isEmpty());
    }

    @Test
    void aRequestIsAnsweredWithItsButtonInTheOwnersTelegram() {
        JsonNode request = owner.post("/api/requests", Map.of("type", "error_recovery", "title", "Payment API down",
                "message", "What should the workflow do?", "options", List.of("retry", "skip", "abort"))).json();
        String requestId = request.get("id").asString();

        SentText note = TELEGRAM.awaitSentMessages(ownerTelegram, 2).get(1);
        assertThat(note.text()).contains("Payment API down", "What should the workflow do?");
        assertThat(note.buttons()).containsExactly(List.of("retry=request:" + requestId + ":0",
                "skip=request:" + requestId + ":1", "abort=request:" + requestId + ":2"));
        long stranger = USERS.incrementAndGet();
        press("cq-req-stranger-" + stranger, stranger, note, "request:" + requestId + ":2");
        assertThat(TELEGRAM.awaitCallbackAnswer("cq-req-stranger-" + stranger).showAlert()).isTrue();

        press("cq-req-" + requestId, ownerTelegram, note, "request:" + requestId + ":1");

        assertThat(TELEGRAM.awaitCallbackAnswer("cq-req-" + requestId).text()).isEqualTo("Answered: skip");
        JsonNode answered = await().until(() -> owner.get("/api/requests/" + requestId).json(),
                r -> !r.get("status").asString().equals("pending"));
        assertThat(answered.get("status").asString()).isEqualTo("answered");
        assertThat(answered.get("response").asString()).isEqualTo("skip");
        assertThat(answered.get("answeredVia").asString()).isEqualTo("telegram");
        assertThat(answered.get("answeredBy").asString()).isEqualTo(ownerUser.id().toString());
        await().untilAsserted(() -> assertThat(TELEGRAM.messageButtons(ownerTelegram, note.messageId())).isEmpty());
        assertThat(owner.post("/api/requests/" + requestId + "/answer", Map.of("option", "retry")).status()).isEqualTo(409);
    }

    private void press(String queryId, long from, SentText note, String data) {
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.callbackQuery(queryId, from, ownerTelegram, note.messageId(), data));
    }

    private String pendingDraftId() {
        return await().until(() -> owner.get("/api/drafts?status=PENDING_APPROVAL&botId=" + bot.id()).json(),
                list -> list.size() == 1).get(0).get("id").asString();
    }
}
