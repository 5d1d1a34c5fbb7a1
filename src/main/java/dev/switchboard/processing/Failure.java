package dev.switchboard.processing;

import dev.switchboard.telegram.TelegramException;
import java.time.Duration;
import tools.jackson.core.JacksonException;

/**
 * What went wrong in a turn, classified once: a {@link TurnException} or
 * {@link TelegramException} anywhere in the cause chain says retryable or fatal (and maybe a
 * retry-after); JSON that cannot be read is fatal; anything else is retryable.
 *
 * @param retryable whether another attempt may succeed
 * @param retryAfter the least wait before it, or null
 * @param error the failure as recorded: class and message of each cause, never a stack trace
 */
record Failure(boolean retryable, Duration retryAfter, String error) {

    static Failure of(Throwable thrown) {
        String error = describe(thrown);
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof TurnException turn) {
                return new Failure(turn.isRetryable(), turn.retryAfter().orElse(null), error);
            }
            if (cause instanceof TelegramException telegram) {
                return new Failure(telegram.isRetryable(), telegram.retryAfter().orElse(null), error);
            }
            if (cause instanceof JacksonException) {
                // Stored JSON (an update) that cannot be read as expected: every attempt reads the
                // same bytes, and each retry would hold the chat's later messages back.
                return new Failure(false, null, error);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return new Failure(true, null, error);
    }

    private static String describe(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable cause = thrown; cause != null && depth < 5; cause = cause.getCause(), depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return ProcessingItem.truncate(text.toString());
    }
}
