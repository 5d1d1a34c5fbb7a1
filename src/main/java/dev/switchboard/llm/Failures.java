package dev.switchboard.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.switchboard.llm.LlmException.Kind;
import dev.switchboard.shared.RedactedCauseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place model-call failures are classified, and where the API key is scrubbed from
 * everything that leaves the adapter. Retryable: 408 (a timeout), 429 (with {@code retry-after} or
 * OpenAI's {@code retry-after-ms}), 5xx including Anthropic's 529, timeouts and connection errors.
 * Fatal: every other 4xx and anything unexpected.
 */
final class Failures {

    static final String REDACTED = "<api-key>";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGE = 500;

    private final Clock clock;
    private final String apiKey;

    /** @param apiKey the key used for the call, to be removed from messages; null for none */
    Failures(Clock clock, String apiKey) {
        this.clock = clock;
        this.apiKey = apiKey == null || apiKey.length() < 4 ? null : apiKey;
    }

    LlmException classify(Throwable failure) {
        if (failure instanceof LlmException classified) {
            return classified;
        }
        Throwable cause = RedactedCauseException.of(failure, this::redact);
        ProviderHttpException answer = find(failure, ProviderHttpException.class);
        if (answer != null) {
            int status = answer.statusCode();
            return new LlmException(kindOf(status), status, "HTTP " + status + ": " + providerMessage(answer.body()),
                    retryAfter(answer), cause);
        }
        HttpException http = find(failure, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            return new LlmException(kindOf(status), status, "HTTP " + status + ": " + providerMessage(http.getMessage()),
                    null, cause);
        }
        if (has(failure, dev.langchain4j.exception.TimeoutException.class) || has(failure, SocketTimeoutException.class)
                || has(failure, java.util.concurrent.TimeoutException.class)) {
            return new LlmException(Kind.RETRYABLE, null, "the provider did not answer in time", null, cause);
        }
        if (has(failure, ConnectException.class)) {
            return new LlmException(Kind.RETRYABLE, null, "could not connect to the provider", null, cause);
        }
        if (has(failure, UnknownHostException.class)) {
            return new LlmException(Kind.RETRYABLE, null, "unknown provider host", null, cause);
        }
        if (has(failure, IOException.class)) {
            return new LlmException(Kind.RETRYABLE, null, "the connection to the provider failed", null, cause);
        }
        if (has(failure, RateLimitException.class)) {
            return new LlmException(Kind.RETRYABLE, 429, "rate limited", null, cause);
        }
        if (has(failure, InternalServerException.class)) {
            return new LlmException(Kind.RETRYABLE, null, "the provider failed", null, cause);
        }
        if (has(failure, AuthenticationException.class)) {
            return new LlmException(Kind.FATAL, null, "the provider refused the API key", null, cause);
        }
        return new LlmException(Kind.FATAL, null, "unexpected failure: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + shorten(redact(failure.getMessage()))), null, cause);
    }

    static Kind kindOf(int status) {
        return status == 408 || status == 429 || status >= 500
                ? Kind.RETRYABLE : Kind.FATAL;
    }

    /** The error message of OpenAI's, Anthropic's or Ollama's error JSON, else the body itself (shortened). */
    private String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "no error message";
        }
        String message = body.strip();
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode error = json.path("error");
            if (error.path("message").isString()) {
                message = error.path("message").stringValue();
            } else if (error.isString()) {
                message = error.stringValue();
            } else if (json.path("message").isString()) {
                message = json.path("message").stringValue();
            }
        } catch (RuntimeException notJson) {
            // keep the body as it is
        }
        return shorten(redact(message));
    }

    private Duration retryAfter(ProviderHttpException answer) {
        var millis = answer.header("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().strip())));
            } catch (NumberFormatException ignored) {
                // fall back to retry-after
            }
        }
        var value = answer.header("retry-after").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                var wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The text with the API key replaced. */
    String redact(String text) {
        if (text == null || apiKey == null) {
            return text;
        }
        return text.replace(apiKey, REDACTED);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }
}
