package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BotsApiTest extends IntegrationTest {

    private Api owner;
    private UUID modelId;

    @BeforeEach
    void owner() {
        owner = TestUsers.register(api()).api(api());
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @Test
    void aWebhookBotIsCheckedWithGetMeAndRegisteredWithASecretAndItsTokenNeverComesBack() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of("systemPrompt", "Be brief."));

        assertThat(bot.json().get("username").asString()).isEqualTo(bot.username());
        assertThat(bot.json().get("telegramBotId").asLong()).isEqualTo(bot.telegramId());
        assertThat(bot.json().get("mode").asString()).isEqualTo("webhook");
        assertThat(bot.json().get("approval").asString()).isEqualTo("auto");
        assertThat(bot.json().get("enabled").asBoolean()).isTrue();
        var webhook = TELEGRAM.webhook(bot.token()).orElseThrow();
        assertThat(webhook.url().toString()).isEqualTo(api().baseUrl() + "/telegram/webhook/" + bot.id());
        assertThat(webhook.secretToken()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(webhook.allowedUpdates()).contains("message", "callback_query", "business_message");
        assertThat(webhook.maxConnections()).isBetween(1, 100);

        Api.Response list = owner.get("/api/bots");
        Api.Response one = owner.get("/api/bots/" + bot.id());
        assertThat(one.json().get("systemPrompt").asString()).isEqualTo("Be brief.");
        for (String body : List.of(bot.json().toString(), list.body(), one.body())) {
            assertThat(body).doesNotContain(bot.token()).doesNotContain(webhook.secretToken());
        }
        assertThat(list.json().findValuesAsString("id")).contains(bot.id().toString());
    }

    @Test
    void aTokenTelegramRejectsIsA400AndNothingIsStored() {
        Map<String, Object> body = Map.of("name", "x", "token", "123456:AAnot-a-token-the-fake-knows-xx",
                "modelId", modelId.toString(), "mode", "webhook");

        Api.Response response = owner.post("/api/bots", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("token").doesNotContain("AAnot-a-token");
        assertThat(owner.get("/api/bots").json().size()).isZero();
    }

    @Test
    void invalidFieldsAre400WithFieldErrorsAndNothingIsStored() {
        TestBot registered = TestBots.register(TELEGRAM);
        Map<String, Object> body = new HashMap<>(Map.of("name", "x", "token", registered.token(),
                "mode", "carrier-pigeon", "temperature", 7));

        Api.Response response = owner.post("/api/bots", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("mode", "modelId", "temperature");
        assertThat(TELEGRAM.calls("getMe").stream().filter(c -> c.botId() == registered.telegramId())).isEmpty();
        assertThat(owner.get("/api/bots").json().size()).isZero();
    }

    @Test
    void aModelOfAnotherUserIsRefused() {
        Api other = TestUsers.register(api()).api(api());
        UUID othersModel = TestModels.create(other, LLM.baseUrl());
        TestBot registered = TestBots.register(TELEGRAM);

        Api.Response response = owner.post("/api/bots", Map.of("name", "x", "token", registered.token(),
                "modelId", othersModel.toString(), "mode", "polling"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("modelId");
    }

    @Test
    void theSameTelegramBotCannotBeRegisteredTwice() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());

        Api.Response again = owner.post("/api/bots", Map.of("name", "again", "token", bot.token(),
                "modelId", modelId.toString(), "mode", "webhook"));

        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void anotherUsersBotIsNotFoundAndNotListed() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        Api other = TestUsers.register(api()).api(api());

        assertThat(other.get("/api/bots/" + bot.id()).status()).isEqualTo(404);
        assertThat(other.patch("/api/bots/" + bot.id(), Map.of("name", "mine")).status()).isEqualTo(404);
        assertThat(other.post("/api/bots/" + bot.id() + "/disable", Map.of()).status()).isEqualTo(404);
        assertThat(other.delete("/api/bots/" + bot.id()).status()).isEqualTo(404);
        assertThat(other.get("/api/bots").json().size()).isZero();
        assertThat(owner.get("/api/bots/" + bot.id()).json().get("name").asString()).startsWith("Test bot");
    }

    @Test
    void patchChangesOnlyWhatIsGivenAndNullClearsOptionalSettings() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook",
                Map.of("systemPrompt", "Be brief.", "helpMessage", "Ask me anything."));
        Map<String, Object> changes = new HashMap<>();
        changes.put("systemPrompt", null);
        changes.put("allowedTelegramUserIds", List.of(42, 43));
        changes.put("approval", "review");

        JsonNode changed = owner.patch("/api/bots/" + bot.id(), changes).json();

        assertThat(changed.has("systemPrompt")).isFalse();
        assertThat(changed.get("helpMessage").asString()).isEqualTo("Ask me anything.");
        assertThat(changed.get("approval").asString()).isEqualTo("review");
        assertThat(changed.get("allowedTelegramUserIds").toString()).isEqualTo("[42,43]");
    }

    @Test
    void disablingRemovesTheWebhookAndEnablingSetsANewOne() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        String firstSecret = TELEGRAM.webhook(bot.token()).orElseThrow().secretToken();

        JsonNode disabled = owner.post("/api/bots/" + bot.id() + "/disable", Map.of()).json();
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(TELEGRAM.webhook(bot.token())).isEmpty();

        JsonNode enabled = owner.post("/api/bots/" + bot.id() + "/enable", Map.of()).json();
        assertThat(enabled.get("enabled").asBoolean()).isTrue();
        assertThat(TELEGRAM.webhook(bot.token()).orElseThrow().secretToken()).isNotEqualTo(firstSecret);
    }

    @Test
    void deletingABotRemovesItsWebhook() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());

        assertThat(owner.delete("/api/bots/" + bot.id()).status()).isEqualTo(204);

        assertThat(TELEGRAM.webhook(bot.token())).isEmpty();
        assertThat(owner.get("/api/bots/" + bot.id()).status()).isEqualTo(404);
    }

    @Test
    void switchingToPollingRemovesTheWebhookAndOneInstancePolls() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());

        JsonNode changed = owner.patch("/api/bots/" + bot.id(), Map.of("mode", "polling")).json();

        assertThat(changed.get("mode").asString()).isEqualTo("polling");
        assertThat(TELEGRAM.webhook(bot.token())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.calls("getUpdates").stream()
                .anyMatch(call -> call.botId() == bot.telegramId()));
        assertThat(TELEGRAM.waitingPollers(bot.token())).isLessThanOrEqualTo(1);
    }

    @Test
    void aPollingBotWhoseTokenTelegramRevokesIsDisabledWithTheReason() {
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "polling", Map.of());
        TELEGRAM.inject(Fault.unauthorized().on("getUpdates").forBot(bot.telegramId()).always());

        JsonNode disabled = await().atMost(Duration.ofSeconds(10))
                .until(() -> owner.get("/api/bots/" + bot.id()).json(), json -> !json.get("enabled").asBoolean());

        assertThat(disabled.get("disabledReason").asString()).contains("rejected the bot token");
    }
}
