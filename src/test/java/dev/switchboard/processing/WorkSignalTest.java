package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One wake-up per chat that became due, at most one per dispatcher. */
class WorkSignalTest {

    private static final Duration NO_WAIT = Duration.ofMillis(1);

    @Test
    void eachChatMadeDueLetsOneWaitThrough() throws InterruptedException {
        WorkSignal signal = new WorkSignal();

        signal.wake(2);
        signal.wake(0);

        assertThat(signal.await(NO_WAIT)).isTrue();
        assertThat(signal.await(NO_WAIT)).isTrue();
        assertThat(signal.await(NO_WAIT)).as("a third wait polls").isFalse();
    }

    @Test
    void noMoreWaitsGoThroughThanThereAreDispatchers() throws InterruptedException {
        WorkSignal signal = new WorkSignal();

        signal.wake(InboxWorkers.DISPATCHERS + 5);
        signal.wake(1);

        for (int i = 0; i < InboxWorkers.DISPATCHERS; i++) {
            assertThat(signal.await(NO_WAIT)).isTrue();
        }
        assertThat(signal.await(NO_WAIT)).isFalse();
    }

    @Test
    void aWaitThatNobodyWakesEndsWhenItsTimePasses() throws InterruptedException {
        WorkSignal signal = new WorkSignal();
        long started = System.nanoTime();

        assertThat(signal.await(Duration.ofMillis(50))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
