package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Promise 2: each chat's updates are handled in arrival order, one turn at a time, bursts together. */
class ChatOrderTest extends ProcessingTest {

    @Test
    void eachChatsUpdatesAreHandledInOrderOneTurnAtATimeEachExactlyOnce() throws Exception {
        UUID[] bots = {UUID.randomUUID(), UUID.randomUUID()};
        UserId owner = someOwner();
        int chats = 24;
        int messages = 8;
        List<Long> chatIds = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            long chat = newChat();
            chatIds.add(chat);
            handler.script(chat, turn -> pause(ThreadLocalRandom.current().nextInt(0, 5)));
        }
        Map<Long, List<Long>> sent = new HashMap<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(6)) {
            List<Future<List<Long>>> perChat = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                UUID bot = bots[i % 2];
                long chat = chatIds.get(i);
                perChat.add(senders.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int m = 0; m < messages; m++) {
                        ids.add(send(bot, owner, chat));
                    }
                    return ids;
                }));
            }
            for (int i = 0; i < chats; i++) {
                sent.put(chatIds.get(i), perChat.get(i).get());
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> chatIds.stream()
                .allMatch(chat -> handled(chat).size() == messages));
        for (long chat : chatIds) {
            assertThat(handled(chat)).as("chat %d", chat).isEqualTo(sent.get(chat));
            List<ScriptedHandler.Turn> turns = handler.turnsOf(chat);
            for (int i = 1; i < turns.size(); i++) {
                assertThat(turns.get(i).startNanos()).as("chat %d turn %d", chat, i)
                        .isGreaterThan(turns.get(i - 1).endNanos());
            }
        }
        assertThat(handler.overlaps()).isEmpty();
        // A turn is handled before its completion commits: wait for the last commits.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT count(*) FROM processing_item WHERE bot_id IN (?, ?) AND status <> 'COMPLETED'")
                .params(bots[0], bots[1]).query(Long.class).single()).isZero());
    }

    @Test
    void updatesArrivingDuringATurnAreAnsweredTogetherInTheNextTurn() throws Exception {
        UUID bot = UUID.randomUUID();
        UserId owner = someOwner();
        long chat = newChat();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        handler.script(chat, turn -> {
            if (turn.items().size() == 1 && firstStarted.getCount() > 0) {
                firstStarted.countDown();
                waitFor(release);
            }
        });

        long first = send(bot, owner, chat);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        long second = send(bot, owner, chat);
        long third = send(bot, owner, chat);
        long fourth = send(bot, owner, chat);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> handled(chat).size() == 4);
        assertThat(handler.turnsOf(chat)).extracting(ScriptedHandler.Turn::updateIds)
                .containsExactly(List.of(first), List.of(second, third, fourth));
    }

    /** The update ids of the chat's turns, concatenated in the order the turns ran. */
    private List<Long> handled(long chat) {
        return handler.turnsOf(chat).stream().flatMap(turn -> turn.updateIds().stream()).toList();
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
