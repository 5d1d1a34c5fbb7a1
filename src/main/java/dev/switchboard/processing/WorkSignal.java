package dev.switchboard.processing;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes this instance's dispatcher when work may be waiting, so it need not wait for its next poll. */
@Component
class WorkSignal {

    private final Semaphore signal = new Semaphore(0);

    /** There may be work: a commit stored an update, or a turn ended. */
    void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits until woken or {@code timeout} passes; swallows wake-ups that came meanwhile. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            signal.drainPermits();
        }
    }
}
