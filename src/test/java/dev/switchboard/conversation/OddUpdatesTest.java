package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Updates of a shape Telegram does not promise (fields missing, of another type, out of range) are
 * acknowledged and never hold up the chat: the chat's next ordinary message is answered at once,
 * and so is everyone else's.
 */
class OddUpdatesTest extends IntegrationTest {

    private static final AtomicLong USERS = new AtomicLong(860_000_000L);

    @Test
    void oddUpdatesAreAcknowledgedAndTheChatsNextMessageIsAnswered() {
        LLM.reset();
        Api owner = TestUsers.register(api()).api(api());
        UUID modelId = TestModels.create(owner, LLM.baseUrl());
        TestBot bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());

        Map<String, Consumer<ObjectNode>> odd = new LinkedHashMap<>();
        odd.put("text is a number", message -> message.put("text", 5));
        odd.put("text is an object", message -> message.putObject("text").put("a", 1));
        odd.put("text is empty", message -> message.put("text", ""));
        odd.put("text is 5,000 characters", message -> message.put("text", "long ".repeat(1000)));
        odd.put("no sender", message -> message.remove("from"));
        odd.put("sender id is a string", message -> message.putObject("from").put("id", "seven"));
        odd.put("unknown chat type", message -> ((ObjectNode) message.get("chat")).put("type", "secret"));
        odd.put("no text, a sticker", message -> {
            message.remove("text");
            message.putObject("sticker").put("file_id", "x").put("emoji", "👍");
        });
        odd.put("entity past the text", message -> message.putArray("entities").addObject()
                .put("type", "bot_command").put("offset", 50).put("length", 10));
        odd.put("entities not a list", message -> message.put("entities", "x"));
        odd.put("negative entity", message -> message.putArray("entities").addObject()
                .put("type", "mention").put("offset", -3).put("length", -1));
        odd.put("message id is a string", message -> message.put("message_id", "one"));
        odd.put("date is a string", message -> message.put("date", "yesterday"));
        odd.put("reply to a message with no sender", message -> message.putObject("reply_to_message")
                .put("message_id", 1).put("text", "earlier"));
        odd.put("reply to is a number", message -> message.put("reply_to_message", 12));

        for (Map.Entry<String, Consumer<ObjectNode>> variant : odd.entrySet()) {
            long user = USERS.incrementAndGet();
            ObjectNode update = TelegramUpdates.privateText(user, "odd");
            variant.getValue().accept((ObjectNode) update.get("message"));

            assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).as(variant.getKey()).isEqualTo(200);
            assertThat(TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(user, "after")))
                    .as(variant.getKey()).isEqualTo(200);

            await(variant.getKey()).until(() -> TELEGRAM.sentMessages(user).stream()
                    .anyMatch(sent -> sent.text().equals("echo: after")));
        }

        // Updates whose chat cannot be told: acknowledged, and nobody else waits for them.
        ObjectNode hugeChat = TelegramUpdates.privateText(USERS.incrementAndGet(), "huge");
        ((ObjectNode) hugeChat.get("message").get("chat")).put("id", BigInteger.TWO.pow(70));
        ObjectNode nullMessage = TelegramUpdates.privateText(USERS.incrementAndGet(), "null");
        nullMessage.putNull("message");
        ObjectNode stringMessage = TelegramUpdates.privateText(USERS.incrementAndGet(), "string");
        stringMessage.put("message", "hello");
        ObjectNode bareCallback = TelegramUpdates.privateText(USERS.incrementAndGet(), "callback");
        bareCallback.remove("message");
        bareCallback.putObject("callback_query").put("id", "cb-odd");
        for (ObjectNode update : new ObjectNode[] {hugeChat, nullMessage, stringMessage, bareCallback}) {
            assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).as(update.toString()).isEqualTo(200);
        }
        long next = USERS.incrementAndGet();
        assertThat(TELEGRAM.deliverToWebhook(bot.token(), TelegramUpdates.privateText(next, "still here")))
                .isEqualTo(200);
        assertThat(TELEGRAM.awaitSentMessages(next, 1).getFirst().text()).isEqualTo("echo: still here");
        // None was retried or given up on: an update that cannot be read fails the same way every time.
        for (String status : new String[] {"FAILED", "TERMINAL"}) {
            assertThat(owner.get("/api/processing?botId=" + bot.id() + "&status=" + status).json()).as(status).isEmpty();
        }
    }
}
