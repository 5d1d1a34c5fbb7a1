package dev.switchboard.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Telegram bots for integration tests: each gets a unique token and Telegram id in the
 * {@link FakeTelegram} and is created through the real API.
 *
 * <pre>{@code
 * TestBot bot = TestBots.create(owner.api(api()), TELEGRAM, modelId, "webhook", Map.of());
 * TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(42, "hi"));
 * }</pre>
 */
public final class TestBots {

    private static final AtomicLong TELEGRAM_IDS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);

    private TestBots() {
    }

    /**
     * A bot as the API returned it.
     *
     * @param id Switchboard's id
     * @param telegramId the bot's Telegram user id
     * @param username its Telegram username
     * @param token its token (known to the fake)
     * @param json the creation answer
     */
    public record TestBot(UUID id, long telegramId, String username, String token, JsonNode json) {
    }

    /** A token the fake knows, for a bot with a new Telegram id; the bot is not created in Switchboard. */
    public static TestBot register(FakeTelegram telegram) {
        long telegramId = TELEGRAM_IDS.incrementAndGet();
        String username = "test" + telegramId + "_bot";
        String token = telegramId + ":AAtest-token-" + UUID.randomUUID().toString().replace("-", "");
        telegram.addBot(token, telegramId, username);
        return new TestBot(null, telegramId, username, token, null);
    }

    /**
     * Registers a bot in the fake and creates it through {@code POST /api/bots}; fails the test if
     * that does not answer 201.
     *
     * @param extra more fields of the request, overriding the defaults
     */
    public static TestBot create(Api owner, FakeTelegram telegram, UUID modelId, String mode, Map<String, Object> extra) {
        TestBot registered = register(telegram);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Test bot " + registered.telegramId());
        body.put("token", registered.token());
        body.put("modelId", modelId.toString());
        body.put("mode", mode);
        body.putAll(extra);
        Api.Response created = owner.post("/api/bots", body);
        if (created.status() != 201) {
            throw new IllegalStateException("Creating a bot failed: " + created);
        }
        return new TestBot(UUID.fromString(created.json().get("id").asString()), registered.telegramId(),
                registered.username(), registered.token(), created.json());
    }
}
