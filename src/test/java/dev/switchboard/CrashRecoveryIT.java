package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.JarProcess;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 1 against the real jar: updates accepted by an instance that is then killed with SIGKILL
 * between intake and reply (some chats already answered, the others in the middle of their turn)
 * are each answered exactly once after a restart on the same database.
 *
 * <p>The kill is timed for when no send is in flight: the one window the README documents (Telegram
 * accepted a send, our commit had not happened) is real, and a kill inside it resends that reply.
 */
class CrashRecoveryIT {

    private static final int CHATS = 40;
    private static final int ANSWERED_FIRST = 10;

    @TempDir
    Path dataDir;

    @Test
    void killingTheProcessMidFlightLosesAndDoublesNothing() throws Exception {
        int port = freePort();
        Map<String, String> settings = Map.of(
                "spring.datasource.url", TestDatabase.createDatabase(TestDatabase.freshName("switchboard_crash")),
                "spring.datasource.username", TestDatabase.user(),
                "switchboard.data-dir", dataDir.toString(),
                "switchboard.master-key", IntegrationTest.TEST_MASTER_KEY,
                "switchboard.public-url", "http://127.0.0.1:" + port,
                "switchboard.processing.lease-duration", "3s",
                "switchboard.processing.poll-interval", "100ms",
                "switchboard.telegram.outbox.lease", "5s",
                "logging.structured.format.console", "");
        Path log = Files.createTempFile("switchboard-crash", ".log");
        try (FakeTelegram telegram = FakeTelegram.start(); FakeOpenAi llm = FakeOpenAi.start()) {
            // The first ANSWERED_FIRST chats are answered at once; the model takes 3 s for the others, so
            // the kill lands while their turns wait for it.
            llm.defaultReply(request -> FakeReply.text("answer to " + request.lastUserText())
                    .delay(Duration.ofMillis(number(request.lastUserText()) <= ANSWERED_FIRST ? 50 : 3000)));
            Map<String, String> withFakes = new java.util.HashMap<>(settings);
            withFakes.put("switchboard.telegram.api-url", telegram.apiUrl().toString());

            TestBot bot;
            try (JarProcess first = JarProcess.start(port, withFakes, log)) {
                Api owner = TestUsers.register(first.api(), "crash@example.test", TestUsers.PASSWORD).api(first.api());
                bot = TestBots.create(owner, telegram, TestModels.create(owner, llm.baseUrl()), "webhook", Map.of());
                List<Integer> statuses = deliver(telegram, bot);
                assertThat(statuses).containsOnly(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> telegram.sentMessages().size() >= ANSWERED_FIRST);
                await().atMost(Duration.ofSeconds(30)).until(() -> llm.requests().size() >= CHATS);
                // Quiet for a moment: the first answers are marked sent, the rest are waiting for the model.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                        .until(() -> telegram.sentMessages().size() == ANSWERED_FIRST);
                first.kill();
            }
            assertThat(telegram.sentMessages()).hasSize(ANSWERED_FIRST);

            try (JarProcess second = JarProcess.start(port, withFakes, log)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> answeredChats(telegram) == CHATS);
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(telegram.sentMessages()).hasSize(CHATS));
                for (int chat = 1; chat <= CHATS; chat++) {
                    assertThat(telegram.sentMessages(chatId(chat))).extracting(FakeTelegram.SentText::text)
                            .containsExactly("answer to message " + chat);
                }
                Api owner = TestUsers.login(second.api(), "crash@example.test", TestUsers.PASSWORD).api(second.api());
                var items = owner.get("/api/processing?botId=" + bot.id() + "&limit=500").json();
                assertThat(items).hasSize(CHATS);
                items.forEach(item -> assertThat(item.get("status").asString()).isEqualTo("COMPLETED"));
            }
        }
    }

    private static List<Integer> deliver(FakeTelegram telegram, TestBot bot) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int chat = 1; chat <= CHATS; chat++) {
                long user = chatId(chat);
                String text = "message " + chat;
                futures.add(executor.submit(() -> telegram.deliverToWebhook(bot.token(),
                        TelegramUpdates.privateText(user, text))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        }
    }

    private static int number(String text) {
        return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
    }

    private static long answeredChats(FakeTelegram telegram) {
        return telegram.sentMessages().stream().map(FakeTelegram.SentText::chatId).distinct().count();
    }

    private static long chatId(int chat) {
        return 900_000_000L + chat;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
