package dev.switchboard.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Review in Telegram Business chats: a reply as the person waits as a draft and goes out with the
 * business connection once approved; a business chat has its own mode, apart from the same
 * customer's chat with the bot.
 */
class BusinessReviewTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(895_000_000L);

    private Api owner;
    private TestBot bot;
    private String connection;
    private long person;

    @BeforeEach
    void reviewBotWithAConnection() {
        owner = TestUsers.register(api()).api(api());
        bot = TestBots.create(owner, TELEGRAM, TestModels.create(owner, LLM.baseUrl()), "webhook",
                Map.of("approval", "review"));
        connection = "biz-" + UUID.randomUUID();
        person = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessConnection(connection, person, true));
    }

    @Test
    void aBusinessReplyWaitsForApprovalAndIsSentAsThePerson() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessMessage(connection, customer, "is it in stock?"));

        JsonNode draft = await().until(() -> owner.get("/api/drafts?status=PENDING_APPROVAL&botId=" + bot.id()).json(),
                list -> list.size() == 1).get(0);
        assertThat(draft.get("suggestedText").asString()).isEqualTo("echo: is it in stock?");
        assertThat(TELEGRAM.sentMessages(customer)).isEmpty();

        owner.post("/api/drafts/" + draft.get("id").asString() + "/approve", Map.of());

        SentText sent = TELEGRAM.awaitSentMessages(customer, 1).getFirst();
        assertThat(sent.plainText()).isEqualTo("echo: is it in stock?");
        assertThat(sent.businessConnectionId()).isEqualTo(connection);
        await().until(() -> owner.get("/api/drafts/" + draft.get("id").asString()).json().get("status").asString(),
                "SENT"::equals);
    }

    @Test
    void anApprovedReplyWhoseConnectionIsDisabledBeforeItGoesOutFails() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessMessage(connection, customer, "still there?"));
        String draftId = await().until(() -> owner.get("/api/drafts?status=PENDING_APPROVAL&botId=" + bot.id()).json(),
                list -> list.size() == 1).get(0).get("id").asString();
        // Telegram holds the bot back, so the approved reply waits in the outbox.
        TELEGRAM.inject(Fault.tooManyRequests(30).on("sendMessage").forChat(customer));

        owner.post("/api/drafts/" + draftId + "/approve", Map.of());
        await().until(() -> TELEGRAM.calls("sendMessage").stream().anyMatch(call -> call.chatId() == customer));
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessConnection(connection, person, false));

        JsonNode draft = await().until(() -> owner.get("/api/drafts/" + draftId).json(),
                found -> found.get("status").asString().equals("FAILED"));
        assertThat(draft.toString()).contains("Not sent");
        assertThat(TELEGRAM.sentMessages(customer)).isEmpty();
    }

    @Test
    void aBusinessChatHasItsOwnModeApartFromTheCustomersChatWithTheBot() {
        long customer = USERS.incrementAndGet();
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessMessage(connection, customer, "first"));
        JsonNode first = await().until(() -> owner.get("/api/drafts?status=PENDING_APPROVAL&botId=" + bot.id()).json(),
                list -> list.size() == 1).get(0);
        String businessChat = first.get("chatId").asString();

        assertThat(owner.put("/api/chats/" + businessChat + "/approval", Map.of("mode", "off")).status()).isEqualTo(204);
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.businessMessage(connection, customer, "second"));
        TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(customer, "hello bot"));

        JsonNode direct = await().until(() -> owner.get("/api/drafts?status=PENDING_APPROVAL&botId=" + bot.id()).json(),
                list -> list.size() == 1 && list.get(0).get("suggestedText").asString().equals("echo: hello bot")).get(0);
        assertThat(direct.get("chatId").asString()).isNotEqualTo(businessChat);
        assertThat(owner.get("/api/drafts/" + first.get("id").asString()).json().get("status").asString())
                .as("the person's chat moved on").isEqualTo("SUPERSEDED");
        JsonNode chats = owner.get("/api/bots/" + bot.id() + "/chats").json();
        for (JsonNode chat : chats) {
            boolean business = chat.get("id").asString().equals(businessChat);
            assertThat(chat.has("approval")).isEqualTo(business);
            assertThat(chat.has("businessConnectionId")).isFalse();
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).isEmpty());
        assertThat(LLM.requests().stream().filter(r -> r.lastUserText().equals("second"))).isEmpty();
    }
}
