package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.identity.UserId;
import dev.switchboard.shared.ConflictException;
import dev.switchboard.telegram.UpdateReceived;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox item's state machine. */
class ProcessingItemTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void aHandledUpdateWithAChatIsReceivedAndDueAtOnce() {
        ProcessingItem item = received(true, 5L);

        assertThat(item.status()).isEqualTo(InboxStatus.RECEIVED);
        assertThat(item.attempts()).isZero();
        assertThat(item.isDue(NOW)).isTrue();
    }

    @Test
    void unhandledOrChatlessUpdatesAreIgnoredAndCannotStart() {
        ProcessingItem unhandled = received(false, 5L);
        ProcessingItem chatless = received(true, null);

        assertThat(unhandled.status()).isEqualTo(InboxStatus.IGNORED);
        assertThat(chatless.status()).isEqualTo(InboxStatus.IGNORED);
        assertThat(unhandled.isOpen()).isFalse();
        assertThatThrownBy(unhandled::start).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> unhandled.retry(NOW)).isInstanceOf(ConflictException.class);
    }

    @Test
    void aFailedItemWaitsForItsRetryTimeThenStartsAgain() {
        ProcessingItem item = received(true, 5L);
        item.start();
        item.fail("timeout", NOW.plusSeconds(10), NOW);

        assertThat(item.status()).isEqualTo(InboxStatus.FAILED);
        assertThat(item.lastError()).isEqualTo("timeout");
        assertThat(item.isDue(NOW.plusSeconds(9))).isFalse();
        assertThat(item.isDue(NOW.plusSeconds(10))).isTrue();

        item.start();
        assertThat(item.status()).isEqualTo(InboxStatus.PROCESSING);
        assertThat(item.attempts()).isEqualTo(2);
        assertThat(item.isOpen()).isTrue();
    }

    @Test
    void aProcessingItemWhoseWorkerVanishedCanBeStartedAgain() {
        ProcessingItem item = received(true, 5L);
        item.start();
        item.start();

        assertThat(item.status()).isEqualTo(InboxStatus.PROCESSING);
        assertThat(item.attempts()).isEqualTo(2);
    }

    @Test
    void onlyProcessingItemsFailOrGiveUp() {
        ProcessingItem item = received(true, 5L);

        assertThatThrownBy(() -> item.fail("x", NOW, NOW)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> item.giveUp("x", "y", NOW)).isInstanceOf(ConflictException.class);
    }

    @Test
    void aTerminalItemRetriedByHandIsReceivedWithAFreshCountAndKeepsItsLastError() {
        ProcessingItem item = received(true, 5L);
        item.start();
        item.giveUp("403 blocked", "Failed fatally: 403 blocked", NOW);
        assertThat(item.status()).isEqualTo(InboxStatus.TERMINAL);
        assertThat(item.isOpen()).isFalse();

        item.retry(NOW.plusSeconds(60));

        assertThat(item.status()).isEqualTo(InboxStatus.RECEIVED);
        assertThat(item.attempts()).isZero();
        assertThat(item.terminalReason()).isNull();
        assertThat(item.nextAttemptAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(item.lastError()).isEqualTo("403 blocked");
    }

    @Test
    void completedOrRunningItemsCannotBeRetried() {
        ProcessingItem running = received(true, 5L);
        running.start();
        // As read back from the database after its turn completed (completion is written there).
        ProcessingItem completed = new ProcessingItem(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, 5L, 5L,
                "message", "{}", InboxStatus.COMPLETED, 1, null, null, null, null, NOW, NOW);

        assertThatThrownBy(() -> running.retry(NOW)).isInstanceOf(ConflictException.class).hasMessageContaining("PROCESSING");
        assertThatThrownBy(() -> completed.retry(NOW)).isInstanceOf(ConflictException.class).hasMessageContaining("COMPLETED");
    }

    @Test
    void longErrorsAreCut() {
        ProcessingItem item = received(true, 5L);
        item.start();
        item.fail("x".repeat(10_000), NOW, NOW);

        assertThat(item.lastError()).hasSize(ProcessingItem.MAX_ERROR_LENGTH);
    }

    private static ProcessingItem received(boolean handled, Long chatId) {
        return ProcessingItem.received(new UpdateReceived(UUID.randomUUID(), new UserId(UUID.randomUUID()), 1,
                "message", handled, chatId, 7L, "{}"), NOW);
    }
}
