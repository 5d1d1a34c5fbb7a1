package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Closed items past the retention go, with their attempts; open ones and recent ones stay. */
class InboxRetentionTest extends ProcessingTest {

    @Autowired
    ProcessingProperties properties;

    @Test
    void closedItemsOlderThanTheRetentionAreDeletedWithTheirAttemptsOpenAndRecentOnesStay() {
        UUID bot = UUID.randomUUID();
        UserId owner = someOwner();
        UserId otherOwner = someOwner();
        long chat = newChat();
        long busyChat = newChat();
        CountDownLatch busyTurnMayEnd = new CountDownLatch(1);
        handler.script(busyChat, turn -> waitFor(busyTurnMayEnd));

        long oldCompleted = send(bot, owner, chat);
        long otherOwnersOldCompleted = send(UUID.randomUUID(), otherOwner, newChat());
        long recentCompleted = send(bot, owner, chat);
        long oldOpen = send(bot, owner, busyChat);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(oldCompleted) == InboxStatus.COMPLETED
                && status(otherOwnersOldCompleted) == InboxStatus.COMPLETED
                && status(recentCompleted) == InboxStatus.COMPLETED && status(oldOpen) == InboxStatus.PROCESSING);
        UUID oldCompletedId = itemId(oldCompleted);
        age(oldCompleted, Duration.ofDays(31));
        age(otherOwnersOldCompleted, Duration.ofDays(31));
        age(oldOpen, Duration.ofDays(31));
        age(recentCompleted, Duration.ofDays(29));

        assertThat(InboxRetention.CLOSED_ITEMS.deleteOlderThan(jdbc, Clock.systemUTC(), properties.retention()))
                .isGreaterThanOrEqualTo(2);

        assertThat(exists(oldCompleted)).as("closed, 31 days old").isFalse();
        assertThat(exists(otherOwnersOldCompleted)).as("another owner's, closed, 31 days old").isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM processing_attempt WHERE item_id = ?").param(oldCompletedId)
                .query(Long.class).single()).as("its attempts").isZero();
        assertThat(exists(recentCompleted)).as("closed, 29 days old").isTrue();
        assertThat(exists(oldOpen)).as("open, 31 days old").isTrue();
        busyTurnMayEnd.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(oldOpen) == InboxStatus.COMPLETED);
    }

    @Test
    void theCleanUpIsScheduledOnTheSharedScheduler() {
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'processing-retention'")
                .query(Long.class).single()).isEqualTo(1);
    }

    private void age(long updateId, Duration by) {
        jdbc.sql("UPDATE processing_item SET received_at = received_at - make_interval(secs => ?) WHERE update_id = ?")
                .params(by.toSeconds(), updateId).update();
    }

    private boolean exists(long updateId) {
        return jdbc.sql("SELECT count(*) FROM processing_item WHERE update_id = ?").param(updateId)
                .query(Long.class).single() == 1;
    }

    private UUID itemId(long updateId) {
        return jdbc.sql("SELECT id FROM processing_item WHERE update_id = ?").param(updateId).query(UUID.class).single();
    }
}
