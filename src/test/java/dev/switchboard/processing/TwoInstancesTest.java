package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import dev.switchboard.testing.AppInstance;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Promise 8: two instances on one database share the work; no update is handled twice, and each
 * chat still runs one turn at a time in order, across both.
 */
class TwoInstancesTest {

    @Test
    void twoInstancesShareTheWorkAndHandleEveryUpdateExactlyOnceInOrder() throws Exception {
        String database = TestDatabase.createDatabase(TestDatabase.freshName("switchboard_two"));
        try (AppInstance first = start(database); AppInstance second = start(database)) {
            List<AppInstance> instances = List.of(first, second);
            UUID bot = UUID.randomUUID();
            UserId owner = new UserId(UUID.randomUUID());
            int chats = 30;
            int messages = 5;
            List<Long> chatIds = new ArrayList<>();
            for (int c = 0; c < chats; c++) {
                long chat = 7_000_000L + c;
                chatIds.add(chat);
                for (AppInstance instance : instances) {
                    instance.bean(ScriptedHandler.class).script(chat, turn -> pause());
                }
            }
            Map<Long, List<Long>> sent = new HashMap<>();
            long updateId = 1;
            // Each chat's updates arrive in order, alternately through either instance.
            for (int m = 0; m < messages; m++) {
                for (int c = 0; c < chats; c++) {
                    long chat = chatIds.get(c);
                    AppInstance via = instances.get((c + m) % 2);
                    long id = updateId++;
                    via.bean(TransactionTemplate.class).executeWithoutResult(status ->
                            via.publishEvent(ProcessingTest.message(bot, owner, chat, id)));
                    sent.computeIfAbsent(chat, key -> new ArrayList<>()).add(id);
                }
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> chatIds.stream()
                    .allMatch(chat -> handled(instances, chat).size() == messages));
            for (long chat : chatIds) {
                assertThat(handled(instances, chat)).as("chat %d", chat).isEqualTo(sent.get(chat));
                List<ScriptedHandler.Turn> turns = turns(instances, chat);
                for (int i = 1; i < turns.size(); i++) {
                    assertThat(turns.get(i).startNanos()).as("chat %d turn %d", chat, i)
                            .isGreaterThan(turns.get(i - 1).endNanos());
                }
            }
            assertThat(first.bean(ScriptedHandler.class).turns()).isNotEmpty();
            assertThat(second.bean(ScriptedHandler.class).turns()).isNotEmpty();
        }
    }

    private static AppInstance start(String database) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("spring.datasource.url", database);
        settings.put("spring.datasource.username", TestDatabase.user());
        settings.put("switchboard.data-dir", Files.createTempDirectory("switchboard-two").toString());
        settings.put("switchboard.master-key", IntegrationTest.TEST_MASTER_KEY);
        settings.put("switchboard.processing.concurrency", "4");
        settings.put("switchboard.processing.poll-interval", "20ms");
        return AppInstance.start(settings, ProcessingTestBeans.class);
    }

    private static List<ScriptedHandler.Turn> turns(List<AppInstance> instances, long chat) {
        return instances.stream()
                .flatMap(instance -> instance.bean(ScriptedHandler.class).turnsOf(chat).stream())
                .sorted(Comparator.comparingLong(ScriptedHandler.Turn::startNanos))
                .toList();
    }

    private static List<Long> handled(List<AppInstance> instances, long chat) {
        return turns(instances, chat).stream().flatMap(turn -> turn.updateIds().stream()).toList();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
