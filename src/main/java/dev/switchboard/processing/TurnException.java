package dev.switchboard.processing;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link ChatTurnHandler} failure, classified: retryable ones are tried again with exponential
 * backoff (at least {@link #retryAfter()} later when given), fatal ones make the items TERMINAL at
 * once.
 */
public class TurnException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    private TurnException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /**
     * A failure that may pass if the turn is repeated later.
     *
     * @param message what went wrong, recorded as the items' error (never a secret)
     * @param retryAfter the least time to wait, e.g. a provider's or Telegram's {@code retry_after}; null for none
     * @param cause the underlying failure, or null
     */
    public static TurnException retryable(String message, Duration retryAfter, Throwable cause) {
        return new TurnException(message, true, retryAfter, cause);
    }

    /**
     * A failure that repeating cannot fix (e.g. the bot was blocked, its token revoked).
     *
     * @param message what went wrong, recorded as the terminal reason (never a secret)
     * @param cause the underlying failure, or null
     */
    public static TurnException fatal(String message, Throwable cause) {
        return new TurnException(message, false, null, cause);
    }

    /** True if the turn may succeed when repeated. */
    public boolean isRetryable() {
        return retryable;
    }

    /** The least time to wait before the next attempt, if the failure named one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
