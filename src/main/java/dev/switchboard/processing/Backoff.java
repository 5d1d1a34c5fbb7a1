package dev.switchboard.processing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before attempt {@code n + 1} wait a uniformly random time
 * between zero and {@code min(max, base * 2^(n-1))}, so many chats failing together (a provider
 * outage) do not retry in lockstep; and never less than the failure's retry-after.
 */
final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration base, Duration max) {
        this(base, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); tests pass fixed ones */
    Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /**
     * @param failedAttempt the attempt that just failed, from 1
     * @param retryAfter the least wait the failure asked for, or null
     */
    Duration delay(int failedAttempt, Duration retryAfter) {
        Duration cap = cap(failedAttempt);
        Duration jittered = Duration.ofMillis((long) (random.getAsDouble() * cap.toMillis()));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }

    /** The largest delay after {@code failedAttempt}: base doubled per attempt, at most max. */
    Duration cap(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt, 1) - 1, 30);
        long millis = base.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
