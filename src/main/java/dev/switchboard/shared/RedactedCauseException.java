package dev.switchboard.shared;

import java.util.function.UnaryOperator;

/**
 * A library exception with a secret removed from its message; the original class is named in it.
 * Adapters wrap the whole cause chain this way before a failure leaves them, because library
 * exceptions quote requests and answers (URLs with bot tokens, provider errors echoing API keys).
 */
public final class RedactedCauseException extends RuntimeException {

    /** Cause chains are copied this deep at most. */
    private static final int MAX_DEPTH = 8;

    private RedactedCauseException(String message, Throwable cause) {
        super(message, cause, false, true);
    }

    /**
     * A copy of the cause chain with {@code redact} applied to every message; the copies keep the
     * class names and stack traces. Null for a null failure.
     */
    public static RedactedCauseException of(Throwable failure, UnaryOperator<String> redact) {
        return copy(failure, redact, 0);
    }

    private static RedactedCauseException copy(Throwable failure, UnaryOperator<String> redact, int depth) {
        if (failure == null || depth >= MAX_DEPTH) {
            return null;
        }
        String message = failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + redact.apply(failure.getMessage()));
        RedactedCauseException copy = new RedactedCauseException(message, copy(failure.getCause(), redact, depth + 1));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
