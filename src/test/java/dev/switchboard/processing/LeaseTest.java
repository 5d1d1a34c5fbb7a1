package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A turn that outlives its lease loses the chat; its late completion is rejected and keeps nothing. */
class LeaseTest extends ProcessingTest {

    @Autowired
    InboxWorkers workers;

    @AfterEach
    void renewAgain() {
        workers.renewLeases(true);
    }

    @Test
    void aTurnThatOutlivesItsLeaseLosesTheChatAndItsLateCompletionKeepsNothing() throws Exception {
        jdbc.sql("CREATE TABLE IF NOT EXISTS test_turn_write (chat_id bigint NOT NULL, label text NOT NULL)").update();
        UUID bot = UUID.randomUUID();
        UserId owner = someOwner();
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicReference<RuntimeException> lateCompletion = new AtomicReference<>();
        CountDownLatch lateDone = new CountDownLatch(1);
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                firstStarted.countDown();
                waitFor(releaseFirst);
                try {
                    turn.complete(() -> write(chat, "late"));
                } catch (RuntimeException e) {
                    lateCompletion.set(e);
                    throw e;
                } finally {
                    lateDone.countDown();
                }
            } else {
                turn.complete(() -> write(chat, "took over"));
            }
        });
        workers.renewLeases(false);

        long updateId = send(bot, owner, chat);
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // The lease (2 s in this context) expires unrenewed and another worker takes the chat over.
        await().atMost(Duration.ofSeconds(15)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        releaseFirst.countDown();
        assertThat(lateDone.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(lateCompletion.get()).isInstanceOf(LeaseLostException.class);
        assertThat(jdbc.sql("SELECT label FROM test_turn_write WHERE chat_id = ?").param(chat).query(String.class).list())
                .containsExactly("took over");
        assertThat(status(updateId)).isEqualTo(InboxStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT attempts FROM processing_item WHERE update_id = ?").param(updateId)
                .query(Integer.class).single()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT a.outcome FROM processing_attempt a JOIN processing_item i ON i.id = a.item_id"
                                + " WHERE i.update_id = ? ORDER BY a.attempt")
                .param(updateId).query(String.class).list()).containsExactly("LEASE_LOST", "COMPLETED"));
    }

    @Test
    void leasesAreRenewedWhileALongTurnRuns() {
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        handler.script(chat, turn -> {
            // Three lease durations (2 s each in this context) with renewal on: nobody takes the chat.
            try {
                Thread.sleep(Duration.ofSeconds(6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        long updateId = send(bot, someOwner(), chat);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        assertThat(handler.turnsOf(chat)).hasSize(1);
    }

    @Test
    void aDeadInstancesChatIsTakenOverWhenItsLeaseExpires() {
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        // An instance took the chat and died mid-turn (kill -9): its lease runs out a second from now.
        jdbc.sql("INSERT INTO processing_chat (bot_id, chat_id, due_at, lease_owner, lease_until, fence)"
                        + " VALUES (?, ?, now(), 'dead-instance', now() + interval '1 second', 7)")
                .params(bot, chat).update();
        long updateId = send(bot, someOwner(), chat);
        jdbc.sql("UPDATE processing_item SET status = 'PROCESSING', attempts = 1 WHERE update_id = ?")
                .param(updateId).update();
        jdbc.sql("INSERT INTO processing_attempt (id, item_id, attempt, worker, fence, started_at)"
                        + " SELECT gen_random_uuid(), id, 1, 'dead-instance', 7, now() FROM processing_item WHERE update_id = ?")
                .param(updateId).update();

        await().atMost(Duration.ofSeconds(15)).until(() -> status(updateId) == InboxStatus.COMPLETED);

        assertThat(handler.turnsOf(chat)).singleElement().satisfies(turn -> {
            assertThat(turn.updateIds()).containsExactly(updateId);
            assertThat(turn.attempt()).isEqualTo(2);
        });
        assertThat(jdbc.sql("SELECT a.outcome FROM processing_attempt a JOIN processing_item i ON i.id = a.item_id"
                        + " WHERE i.update_id = ? ORDER BY a.started_at")
                .param(updateId).query(String.class).list()).containsExactly("LEASE_EXPIRED", "COMPLETED");
        assertThat(jdbc.sql("SELECT fence FROM processing_chat WHERE bot_id = ? AND chat_id = ?").params(bot, chat)
                .query(Long.class).single()).isEqualTo(8);
    }

    @Test
    void aCompletionWhoseItemNoLongerHasItsOpenAttemptIsRejectedAndKeepsNothing() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS test_turn_write (chat_id bigint NOT NULL, label text NOT NULL)").update();
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<RuntimeException> rejected = new AtomicReference<>();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                // Behind the lease's back, the item's attempt is closed: completion must not mark it COMPLETED.
                jdbc.sql("UPDATE processing_attempt SET finished_at = now(), outcome = 'FAILED' WHERE finished_at IS NULL"
                                + " AND item_id IN (SELECT id FROM processing_item WHERE bot_id = ? AND chat_id = ?)")
                        .params(bot, chat).update();
                try {
                    turn.complete(() -> write(chat, "first"));
                } catch (RuntimeException e) {
                    rejected.set(e);
                    throw e;
                }
            } else {
                turn.complete(() -> write(chat, "second"));
            }
        });

        long updateId = send(bot, someOwner(), chat);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(updateId) == InboxStatus.COMPLETED);

        assertThat(rejected.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("open attempt");
        assertThat(jdbc.sql("SELECT label FROM test_turn_write WHERE chat_id = ?").param(chat).query(String.class).list())
                .containsExactly("second");
        assertThat(calls.get()).isEqualTo(2);
    }

    private void write(long chat, String label) {
        jdbc.sql("INSERT INTO test_turn_write (chat_id, label) VALUES (?, ?)").params(chat, label).update();
    }
}
