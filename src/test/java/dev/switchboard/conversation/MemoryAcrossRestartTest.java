package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.AppInstance;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chat's memory is in the database: a restarted instance remembers the conversation. */
class MemoryAcrossRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedInstanceRemembersTheConversation() {
        try (FakeTelegram telegram = FakeTelegram.start(); FakeOpenAi llm = FakeOpenAi.start()) {
            Map<String, String> settings = new HashMap<>(AppInstance.onFreshDatabase(dataDir.toString()));
            settings.put("switchboard.master-key", IntegrationTest.TEST_MASTER_KEY);
            settings.put("switchboard.telegram.api-url", telegram.apiUrl().toString());
            long user = 820_000_001L;
            TestBot bot;
            try (AppInstance first = AppInstance.start(settings)) {
                Api owner = TestUsers.register(first.api(), "memory@example.test", TestUsers.PASSWORD).api(first.api());
                bot = TestBots.create(owner, telegram, TestModels.create(owner, llm.baseUrl()), "polling", Map.of());
                telegram.enqueueUpdate(bot.token(), TelegramUpdates.privateText(user, "my name is Ada"));
                telegram.awaitSentMessages(user, 1);
            }

            try (AppInstance second = AppInstance.start(settings)) {
                telegram.enqueueUpdate(bot.token(), TelegramUpdates.privateText(user, "what is my name?"));
                telegram.awaitSentMessages(user, 2);
            }

            FakeLlmRequest last = llm.lastRequest();
            assertThat(last.messages()).extracting(m -> m.role() + ":" + m.text()).containsExactly(
                    "user:my name is Ada", "assistant:echo: my name is Ada", "user:what is my name?");
        }
    }
}
