package dev.switchboard.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed, classified once, where it happened.
 *
 * <p>{@link Kind#RETRYABLE}: the provider asked us to slow down (429, see {@link #retryAfter()}),
 * failed on its side (5xx, Anthropic's 529 "overloaded"), or could not be reached in time
 * (timeouts, refused or broken connections). {@link Kind#FATAL}: repeating the same call cannot
 * succeed: 400 (a bad request), 401 and 403 (a wrong or revoked API key), 404 (no such model), other
 * 4xx answers, a model that is not in the owner's catalog, or a provider without a required key.
 *
 * <p>LangChain4j does not retry (its retries are switched off); repeating is the caller's job. The
 * message is the provider's own error message where there is one; it never contains the API key.
 */
public class LlmException extends RuntimeException {

    /** Whether the same call may succeed when repeated later. */
    public enum Kind {
        /** Repeat later, honouring {@link LlmException#retryAfter()} when present. */
        RETRYABLE,
        /** Repeating the same call cannot succeed. */
        FATAL
    }

    private final Kind kind;
    private final Integer status;
    private final Duration retryAfter;

    /**
     * @param kind retryable or fatal
     * @param status the provider's HTTP status, or null when no answer came
     * @param message what went wrong, free of secrets
     * @param retryAfter the provider's {@code retry-after}, or null
     * @param cause the underlying failure with secrets removed, or null
     */
    public LlmException(Kind kind, Integer status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** Retryable or fatal. */
    public Kind kind() {
        return kind;
    }

    /** True if the same call may succeed later. */
    public boolean isRetryable() {
        return kind == Kind.RETRYABLE;
    }

    /** How long the provider asked us to wait (its {@code retry-after} header), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's HTTP status, or null when no answer came (timeouts, connection failures). */
    public Integer status() {
        return status;
    }
}
