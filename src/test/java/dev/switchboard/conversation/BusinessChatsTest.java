package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Telegram Business: a person's chats answered as them, through the fake Telegram. */
class BusinessChatsTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(850_000_000L);

    @Autowired
    OutboxService outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    private Api owner;
    private TestBot bot;
    private long person;
    private String connection;

    @BeforeEach
    void botAndConnection() {
        LLM.reset();
        owner = TestUsers.register(api()).api(api());
        bot = TestBots.create(owner, TELEGRAM, TestModels.create(owner, LLM.baseUrl()), "webhook", Map.of());
        person = USERS.incrementAndGet();
        connection = "biz-" + UUID.randomUUID();
        deliver(TelegramUpdates.businessConnection(connection, person, true));
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void aCustomersMessageIsAnsweredAsThePersonWithTheBusinessConnectionId() {
        long customer = USERS.incrementAndGet();

        deliver(TelegramUpdates.businessMessage(connection, customer, "do you ship to Norway?"));

        SentText reply = TELEGRAM.awaitSentMessages(customer, 1).getFirst();
        assertThat(reply.plainText()).isEqualTo("echo: do you ship to Norway?");
        assertThat(reply.businessConnectionId()).isEqualTo(connection);
        JsonNode chat = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0);
        assertThat(chat.get("type").asString()).isEqualTo("business");
        JsonNode connections = owner.get("/api/bots/" + bot.id() + "/business-connections").json();
        assertThat(connections).singleElement().satisfies(c -> {
            assertThat(c.get("id").asString()).isEqualTo(connection);
            assertThat(c.get("telegramUserId").asLong()).isEqualTo(person);
            assertThat(c.get("canReply").asBoolean()).isTrue();
            assertThat(c.get("enabled").asBoolean()).isTrue();
        });
        Api stranger = TestUsers.register(api()).api(api());
        assertThat(stranger.get("/api/bots/" + bot.id() + "/business-connections").status()).isEqualTo(404);
    }

    @Test
    void thePersonsOwnMessagesAreContextAndNeverTriggerAReply() {
        long customer = USERS.incrementAndGet();

        deliver(TelegramUpdates.ownBusinessMessage(connection, person, customer, "Hi! We open at nine."));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).isEmpty());
        assertThat(LLM.requests()).isEmpty();

        deliver(TelegramUpdates.businessMessage(connection, customer, "and on Sundays?"));
        TELEGRAM.awaitSentMessages(customer, 1);
        assertThat(roles(LLM.lastRequest())).containsSubsequence("assistant:Hi! We open at nine.", "user:and on Sundays?");
        // A customer message the person already answered in the same batch does not trigger one either.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).hasSize(1));
    }

    @Test
    void aDisabledConnectionStopsRepliesAtOnceAndCancelsTheWaitingOnes() {
        long customer = USERS.incrementAndGet();
        deliver(TelegramUpdates.businessMessage(connection, customer, "first"));
        TELEGRAM.awaitSentMessages(customer, 1);
        // A reply held back by Telegram's rate limit is waiting in the outbox when the person disconnects.
        TELEGRAM.inject(Fault.tooManyRequests(30).on("sendMessage").forChat(customer).times(1));
        UUID waiting = transactions.execute(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), customer, "late")
                .viaBusinessConnection(connection)).getFirst());
        // Born claimed, its attempt counted before it is sent: wait for the 429 itself.
        await().until(() -> status(waiting).get("last_error").asString("").contains("429"));

        deliver(TelegramUpdates.businessConnection(connection, person, false));

        assertThat(status(waiting).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(status(waiting).get("last_error").asString()).contains("disabled");
        int requests = LLM.requests().size();
        deliver(TelegramUpdates.businessMessage(connection, customer, "anyone there?"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).hasSize(1));
        assertThat(LLM.requests()).hasSize(requests);
        assertThat(owner.get("/api/bots/" + bot.id() + "/business-connections").json().get(0).get("enabled").asBoolean())
                .isFalse();
    }

    @Test
    void aReplyCancelledWhileItsSendWasInFlightKeepsTheReasonItWasCancelled() {
        long customer = USERS.incrementAndGet();
        deliver(TelegramUpdates.businessMessage(connection, customer, "first"));
        TELEGRAM.awaitSentMessages(customer, 1);
        TELEGRAM.inject(Fault.tooManyRequests(30).on("sendMessage").forChat(customer).after(Duration.ofSeconds(1)));
        UUID waiting = transactions.execute(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), customer, "late")
                .viaBusinessConnection(connection)).getFirst());
        TELEGRAM.awaitCallInProgress("sendMessage", customer);

        deliver(TelegramUpdates.businessConnection(connection, person, false));
        await().until(() -> TELEGRAM.calls("sendMessage").stream().filter(call -> call.chatId() == customer).count() == 2);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(status(waiting).get("status").asString()).isEqualTo("CANCELLED");
            assertThat(status(waiting).get("last_error").asString()).contains("disabled");
        });
    }

    @Test
    void aConnectionWithoutTheRightToReplyOnlyListensAndTheOldCanReplyFieldIsRead() {
        long customer = USERS.incrementAndGet();
        deliver(TelegramUpdates.legacyBusinessConnection(connection, person, false, true));

        deliver(TelegramUpdates.businessMessage(connection, customer, "hello?"));

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).isEmpty());
        assertThat(LLM.requests()).isEmpty();
        assertThat(messages(customer).findValuesAsString("text")).containsExactly("hello?");
        assertThat(owner.get("/api/bots/" + bot.id() + "/business-connections").json().get(0).get("canReply")
                .asBoolean()).isFalse();
    }

    @Test
    void aCustomerWhoLastWroteMoreThanADayAgoIsOutsideTheReplyWindow() {
        long customer = USERS.incrementAndGet();

        deliver(TelegramUpdates.sentAgo(TelegramUpdates.businessMessage(connection, customer, "still there?"),
                Duration.ofHours(25)));

        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(customer)).isEmpty());
        assertThat(LLM.requests()).isEmpty();
        assertThat(messages(customer).findValuesAsString("text")).containsExactly("still there?");
        // A reply written while the window was open is not sent once it has closed.
        UUID late = transactions.execute(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), customer, "sorry")
                .viaBusinessConnection(connection)).getFirst());
        await().until(() -> status(late).get("status").asString().equals("CANCELLED"));
        assertThat(status(late).get("last_error").asString()).contains("reply window");
    }

    @Test
    void editedAndDeletedBusinessMessagesUpdateTheHistoryAndTheModelsContext() {
        long customer = USERS.incrementAndGet();
        ObjectNode first = TelegramUpdates.businessMessage(connection, customer, "I want 3 apples");
        deliver(first);
        TELEGRAM.awaitSentMessages(customer, 1);
        long firstId = TelegramUpdates.messageId(first);

        String newText = "I want 5 apples, a melon and two pears";
        deliver(TelegramUpdates.editedBusinessMessage(connection, customer, firstId, newText));
        await().until(() -> messages(customer).findValuesAsString("text").contains(newText));
        JsonNode edited = find(messages(customer), newText);
        assertThat(edited.get("editedAt").isNull()).isFalse();
        // The stored token count is the new text's.
        assertThat(jdbc.sql("SELECT text_tokens FROM conversation_messages WHERE id = ?")
                .params(UUID.fromString(edited.get("id").asString())).query(Integer.class).single())
                .isEqualTo(ContextWindow.textTokens(newText)).isNotEqualTo(ContextWindow.textTokens("I want 3 apples"));

        deliver(TelegramUpdates.deletedBusinessMessages(connection, customer, firstId));
        await().until(() -> !find(messages(customer), newText).get("deletedAt").isNull());
        deliver(TelegramUpdates.businessMessage(connection, customer, "how much is that?"));
        TELEGRAM.awaitSentMessages(customer, 2);
        // The deleted question leaves the context (the bot's answer to it stays: it was not deleted).
        assertThat(roles(LLM.lastRequest())).noneMatch(line -> line.startsWith("user:") && line.contains("apples"))
                .contains("user:how much is that?");
    }

    @Test
    void aConnectionMadeBeforeSwitchboardSawItIsAskedOfTelegram() {
        long customer = USERS.incrementAndGet();
        long otherPerson = USERS.incrementAndGet();
        String earlier = "biz-earlier-" + UUID.randomUUID();
        TELEGRAM.addBusinessConnection(bot.token(), earlier, otherPerson, true, true);

        deliver(TelegramUpdates.businessMessage(earlier, customer, "hello from before"));

        SentText reply = TELEGRAM.awaitSentMessages(customer, 1).getFirst();
        assertThat(reply.businessConnectionId()).isEqualTo(earlier);
        assertThat(owner.get("/api/bots/" + bot.id() + "/business-connections").json().findValuesAsString("id"))
                .contains(earlier, connection);
        // A connection Telegram does not know either gets no answer.
        long stranger = USERS.incrementAndGet();
        deliver(TelegramUpdates.businessMessage("biz-unknown-" + UUID.randomUUID(), stranger, "hi?"));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(stranger)).isEmpty());
    }

    @Test
    void inReviewModeTheAnswerWaitsForTheOwnerAndGoesOutAsThePersonOnceApproved() {
        long customer = USERS.incrementAndGet();
        assertThat(owner.patch("/api/bots/" + bot.id(), Map.of("approval", "review")).status()).isEqualTo(200);

        deliver(TelegramUpdates.businessMessage(connection, customer, "can I return it?"));

        JsonNode draft = await().until(() -> owner.get("/api/drafts?status=pending_approval&botId=" + bot.id()).json(),
                list -> list.size() == 1).get(0);
        assertThat(TELEGRAM.sentMessages(customer)).isEmpty();
        assertThat(owner.post("/api/drafts/" + draft.get("id").asString() + "/approve",
                Map.of("text", "Yes, within 30 days.")).status()).isEqualTo(200);
        SentText sent = TELEGRAM.awaitSentMessages(customer, 1).getFirst();
        assertThat(sent.plainText()).isEqualTo("Yes, within 30 days.");
        assertThat(sent.businessConnectionId()).isEqualTo(connection);
    }

    @Test
    void aCustomersBusinessChatAndTheirOwnChatWithTheBotAreSeparateConversations() {
        long customer = USERS.incrementAndGet();

        deliver(TelegramUpdates.businessMessage(connection, customer, "as a customer"));
        deliver(TelegramUpdates.privateText(customer, "as a bot user"));

        List<SentText> sent = TELEGRAM.awaitSentMessages(customer, 2);
        assertThat(sent).filteredOn(m -> m.plainText().equals("echo: as a customer"))
                .singleElement().extracting(SentText::businessConnectionId).isEqualTo(connection);
        assertThat(sent).filteredOn(m -> m.plainText().equals("echo: as a bot user"))
                .singleElement().extracting(SentText::businessConnectionId).isNull();
        JsonNode chats = owner.get("/api/bots/" + bot.id() + "/chats").json();
        assertThat(chats.findValuesAsString("type")).containsExactlyInAnyOrder("business", "private");
        assertThat(LLM.requests()).filteredOn(r -> r.lastUserText().equals("as a bot user")).singleElement()
                .satisfies(r -> assertThat(roles(r)).noneMatch(line -> line.contains("as a customer")));
        assertThat(LLM.requests()).filteredOn(r -> r.lastUserText().equals("as a customer")).singleElement()
                .satisfies(r -> assertThat(roles(r)).noneMatch(line -> line.contains("as a bot user")));
    }

    private JsonNode status(UUID outboxId) {
        return Api.JSON.valueToTree(jdbc.sql("SELECT status, attempts, last_error FROM telegram_outbox WHERE id = ?")
                .param(outboxId).query().singleRow());
    }

    private JsonNode messages(long customer) {
        for (JsonNode chat : owner.get("/api/bots/" + bot.id() + "/chats").json()) {
            if (chat.get("telegramChatId").asLong() == customer) {
                return owner.get("/api/chats/" + chat.get("id").asString() + "/messages").json();
            }
        }
        return Api.JSON.createArrayNode();
    }

    private static JsonNode find(JsonNode messages, String text) {
        for (JsonNode message : messages) {
            if (message.get("text").asString().equals(text)) {
                return message;
            }
        }
        throw new AssertionError("no message " + text + " in " + messages);
    }

    private static List<String> roles(FakeLlmRequest request) {
        return request.messages().stream().map(m -> m.role() + ":" + m.text()).toList();
    }

    private void deliver(ObjectNode update) {
        assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).isEqualTo(200);
    }
}
