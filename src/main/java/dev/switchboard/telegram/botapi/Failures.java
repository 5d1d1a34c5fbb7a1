package dev.switchboard.telegram.botapi;

import dev.switchboard.shared.RedactedCauseException;
import dev.switchboard.telegram.TelegramException;
import dev.switchboard.telegram.TelegramException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one place Bot API failures are classified, and where the token is scrubbed from everything
 * that leaves the adapter.
 */
final class Failures {

    static final String REDACTED = "<token>";


    private final String token;
    private final String encodedToken;

    Failures(String token) {
        this.token = token;
        this.encodedToken = URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** An answer with {@code ok=false}. */
    TelegramException fromAnswer(String method, int errorCode, String description, Integer retryAfterSeconds) {
        return fromAnswer(method, errorCode, description, retryAfterSeconds, null);
    }

    /** An answer with {@code ok=false} that may name a group's new supergroup id. */
    TelegramException fromAnswer(String method, int errorCode, String description, Integer retryAfterSeconds,
            Long migrateToChatId) {
        var text = description == null || description.isBlank() ? "no description" : redact(description);
        var retryAfter = retryAfterSeconds == null ? null : Duration.ofSeconds(Math.max(0, retryAfterSeconds));
        var kind = errorCode == 429 || errorCode >= 500 || errorCode <= 0 ? Kind.RETRYABLE : Kind.FATAL;
        return new TelegramException(kind, method, errorCode, text, retryAfter, migrateToChatId, null);
    }

    /** No usable answer: the call timed out, could not connect, broke off, or the answer was not JSON. */
    TelegramException fromThrowable(String method, Throwable failure) {
        var cause = RedactedCauseException.of(failure, this::redact);
        if (has(failure, SocketTimeoutException.class) || has(failure, InterruptedIOException.class)) {
            return new TelegramException(Kind.RETRYABLE, method, 0, "timed out", null, cause);
        }
        if (has(failure, ConnectException.class)) {
            return new TelegramException(Kind.RETRYABLE, method, 0, "could not connect", null, cause);
        }
        if (has(failure, UnknownHostException.class)) {
            return new TelegramException(Kind.RETRYABLE, method, 0, "unknown host", null, cause);
        }
        if (has(failure, IOException.class)) {
            return new TelegramException(Kind.RETRYABLE, method, 0, "connection failed", null, cause);
        }
        if (has(failure, com.google.gson.JsonParseException.class)) {
            return new TelegramException(Kind.RETRYABLE, method, 0, "the answer is not Bot API JSON", null, cause);
        }
        return new TelegramException(Kind.FATAL, method, 0, "unexpected failure", null, cause);
    }

    /** The text with every occurrence of the token (plain or URL-encoded) replaced. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        return text.replace(token, REDACTED).replace(encodedToken, REDACTED);
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
