package dev.switchboard.processing;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Tells this instance's dispatchers how many chats became due, so they claim them at once instead
 * of at the next poll. One permit per chat, up to one per dispatcher: a burst that made several
 * chats due wakes every idle dispatcher at once, where a single wake-up would start them one after
 * another. A permit left over once the work is claimed costs one claim that finds nothing; work
 * nobody announced (another instance's intake, a retry time reached, an expired lease) is found by
 * the poll.
 */
@Component
class WorkSignal {

    /** A dispatcher claims until nothing is left, so more permits than dispatchers wake nobody more. */
    private static final int MOST_PENDING = InboxWorkers.DISPATCHERS;

    private final Semaphore signal = new Semaphore(0);

    /** {@code chats} chats became due: a commit stored their first updates, or a turn left items waiting. */
    void wake(int chats) {
        int room = MOST_PENDING - signal.availablePermits();
        if (chats > 0 && room > 0) {
            signal.release(Math.min(chats, room));
        }
    }

    /**
     * Waits for one chat to become due, or until {@code timeout} passes.
     *
     * @return true if woken for a chat, false if the time passed (the caller polls)
     */
    boolean await(Duration timeout) throws InterruptedException {
        return signal.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
