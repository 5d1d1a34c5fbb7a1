package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Linking a Telegram account to a Switchboard user with a one-time token, unlinking, and owner alerts. */
class AccountLinkingTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(840_000_000L);

    @Autowired
    JdbcClient jdbc;

    private TestUser ownerUser;
    private Api owner;
    private UUID modelId;
    private TestBot bot;

    @BeforeEach
    void ownerAndBot() {
        LLM.reset();
        ownerUser = TestUsers.register(api());
        owner = ownerUser.api(api());
        modelId = TestModels.create(owner, LLM.baseUrl());
        bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void aStartTokenLinksTheTelegramUserOnceAndIsNotStored() {
        long me = USERS.incrementAndGet();
        long someoneElse = USERS.incrementAndGet();
        Api.Response created = owner.post("/api/telegram/link-tokens", Map.of("botId", bot.id()));
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asString();
        assertThat(created.json().get("url").asString()).isEqualTo("https://t.me/" + bot.username() + "?start=" + token);
        assertThat(token).hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9_-]+");
        assertThat(Instant.parse(created.json().get("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(14)), Instant.now().plus(Duration.ofMinutes(16)));

        deliver(TelegramUpdates.privateCommand(me, "start", token));
        assertThat(TELEGRAM.awaitSentMessages(me, 1).getFirst().text()).isEqualTo(TelegramService.LINKED
                .formatted(ownerUser.email()));
        deliver(TelegramUpdates.privateCommand(someoneElse, "start", token));
        assertThat(TELEGRAM.awaitSentMessages(someoneElse, 1).getFirst().text()).isEqualTo(TelegramService.LINK_REFUSED);

        JsonNode links = owner.get("/api/telegram/links").json();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("telegramUserId").asLong()).isEqualTo(me);
        assertThat(links.get(0).get("botUsername").asString()).isEqualTo(bot.username());
        assertThat(links.get(0).get("username").asString()).isEqualTo("user" + me);
        assertThat(jdbc.sql("SELECT token_hash FROM telegram_link_tokens WHERE bot_id = ?").param(bot.id())
                .query(byte[].class).single()).isEqualTo(BotService.sha256(token));
        String chat = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("id").asString();
        assertThat(owner.get("/api/chats/" + chat + "/messages").body()).doesNotContain(token);
    }

    @Test
    void anExpiredTokenIsRefused() {
        long me = USERS.incrementAndGet();
        String token = owner.post("/api/telegram/link-tokens", Map.of("botId", bot.id())).json().get("token").asString();
        jdbc.sql("UPDATE telegram_link_tokens SET expires_at = now() - interval '1 second' WHERE bot_id = ?")
                .param(bot.id()).update();

        deliver(TelegramUpdates.privateCommand(me, "start", token));

        assertThat(TELEGRAM.awaitSentMessages(me, 1).getFirst().text()).isEqualTo(TelegramService.LINK_REFUSED);
        assertThat(owner.get("/api/telegram/links").json()).isEmpty();
    }

    @Test
    void aUserLinksOnlyThroughTheirOwnBotsAndSeesAndUnlinksOnlyTheirOwnLinks() {
        TestUser otherUser = TestUsers.register(api());
        Api other = otherUser.api(api());
        TestBot othersBot = TestBots.create(other, TELEGRAM, TestModels.create(other, LLM.baseUrl()), "webhook", Map.of());
        long me = USERS.incrementAndGet();

        assertThat(other.post("/api/telegram/link-tokens", Map.of("botId", bot.id())).status()).isEqualTo(404);
        assertThat(owner.post("/api/telegram/link-tokens", Map.of()).status()).isEqualTo(400);
        assertThat(owner.post("/api/telegram/link-tokens", Map.of()).contentType()).startsWith("application/problem+json");
        // A token is for the bot it was made for: another bot refuses it.
        String token = owner.post("/api/telegram/link-tokens", Map.of("botId", bot.id())).json().get("token").asString();
        TELEGRAM.deliverToWebhook(othersBot.token(), TelegramUpdates.privateCommand(me, "start", token));
        assertThat(TELEGRAM.awaitSentMessages(me, 1).getFirst().text()).isEqualTo(TelegramService.LINK_REFUSED);
        deliver(TelegramUpdates.privateCommand(me, "start", token));
        TELEGRAM.awaitSentMessages(me, 2);
        String linkId = owner.get("/api/telegram/links").json().get(0).get("id").asString();

        assertThat(other.get("/api/telegram/links").json()).isEmpty();
        assertThat(other.delete("/api/telegram/links/" + linkId).status()).isEqualTo(404);
        assertThat(owner.get("/api/telegram/links").json()).hasSize(1);
        assertThat(owner.delete("/api/telegram/links/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void unlinkingWorksFromTheWebAndWithSlashUnlink() {
        long me = USERS.incrementAndGet();
        link(me);
        String linkId = owner.get("/api/telegram/links").json().get(0).get("id").asString();
        assertThat(owner.delete("/api/telegram/links/" + linkId).status()).isEqualTo(204);
        assertThat(owner.get("/api/telegram/links").json()).isEmpty();
        assertThat(owner.delete("/api/telegram/links/" + linkId).status()).isEqualTo(404);
        assertThat(TELEGRAM.awaitSentMessages(me, 2).get(1).text())
                .isEqualTo(TelegramService.UNLINKED_FROM_WEB.formatted(ownerUser.email()));

        int before = TELEGRAM.sentMessages(me).size();
        link(me);
        deliver(TelegramUpdates.privateCommand(me, "unlink", ""));
        assertThat(TELEGRAM.awaitSentMessages(me, before + 2).get(before + 1).text())
                .isEqualTo(TelegramService.UNLINKED.formatted(ownerUser.email()));
        assertThat(owner.get("/api/telegram/links").json()).isEmpty();
        deliver(TelegramUpdates.privateCommand(me, "unlink", ""));
        assertThat(TELEGRAM.awaitSentMessages(me, before + 3).get(before + 2).text()).isEqualTo(TelegramService.NOT_LINKED);
    }

    @Test
    void aChatThatFailsForGoodIsReportedInTheOwnersLinkedChatOnce() {
        long me = USERS.incrementAndGet();
        long customer = USERS.incrementAndGet();
        link(me);
        int before = TELEGRAM.sentMessages(me).size();
        LLM.defaultReply(request -> FakeReply.error(401, "invalid api key"));

        deliver(TelegramUpdates.privateText(customer, "hello?"));

        SentText alert = TELEGRAM.awaitSentMessages(me, before + 1).get(before);
        assertThat(alert.text()).contains("@" + bot.username(), "chat " + customer, "401");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(me)).hasSize(before + 1));
    }

    @Test
    void aSpentBudgetIsReportedInTheOwnersLinkedChatOncePerMonth() {
        long me = USERS.incrementAndGet();
        long customer = USERS.incrementAndGet();
        link(me);
        int before = TELEGRAM.sentMessages(me).size();
        assertThat(owner.patch("/api/bots/" + bot.id(), Map.of("monthlyBudget", 0)).status()).isEqualTo(200);

        deliver(TelegramUpdates.privateText(customer, "one"));
        TELEGRAM.awaitSentMessages(customer, 1);
        deliver(TelegramUpdates.privateText(customer, "two"));
        TELEGRAM.awaitSentMessages(customer, 2);

        SentText alert = TELEGRAM.awaitSentMessages(me, before + 1).get(before);
        assertThat(alert.text()).contains("@" + bot.username(), "monthly budget");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(TELEGRAM.sentMessages(me)).hasSize(before + 1));
    }

    private void link(long telegramUser) {
        int before = TELEGRAM.sentMessages(telegramUser).size();
        String token = owner.post("/api/telegram/link-tokens", Map.of("botId", bot.id())).json().get("token").asString();
        deliver(TelegramUpdates.privateCommand(telegramUser, "start", token));
        assertThat(TELEGRAM.awaitSentMessages(telegramUser, before + 1).get(before).text()).startsWith("Linked to");
    }

    private void deliver(ObjectNode update) {
        assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).isEqualTo(200);
    }
}
