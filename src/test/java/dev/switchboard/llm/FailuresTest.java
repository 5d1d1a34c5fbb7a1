package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.switchboard.llm.LlmException.Kind;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failure classification and key scrubbing, without HTTP. */
class FailuresTest {

    static final String KEY = "sk-unit-test-key-not-real";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    final Failures failures = new Failures(Clock.fixed(NOW, ZoneOffset.UTC), KEY);

    static RateLimitException wrapped(int status, String body, Map<String, List<String>> headers) {
        return new RateLimitException(new ProviderHttpException(status, body, headers));
    }

    @Test
    void statusesAreRetryableOrFatal() {
        for (int status : List.of(408, 429, 500, 502, 503, 504, 529)) {
            assertThat(Failures.kindOf(status)).as("%d", status).isEqualTo(Kind.RETRYABLE);
        }
        for (int status : List.of(400, 401, 403, 404, 409, 413, 422)) {
            assertThat(Failures.kindOf(status)).as("%d", status).isEqualTo(Kind.FATAL);
        }
    }

    @Test
    void retryAfterIsReadAsSecondsAsAnHttpDateOrAsOpenAisMilliseconds() {
        assertThat(failures.classify(wrapped(429, "{}", Map.of("Retry-After", List.of("7")))).retryAfter())
                .contains(Duration.ofSeconds(7));
        assertThat(failures.classify(wrapped(429, "{}", Map.of("retry-after", List.of("Wed, 25 Nov 2026 12:00:30 GMT"))))
                .retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(failures.classify(wrapped(429, "{}", Map.of("retry-after", List.of("Wed, 25 Nov 2026 11:00:00 GMT"))))
                .retryAfter()).contains(Duration.ZERO);
        assertThat(failures.classify(wrapped(429, "{}", Map.of("retry-after-ms", List.of("1500"), "retry-after",
                List.of("2")))).retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(failures.classify(wrapped(429, "{}", Map.of("retry-after", List.of("soon")))).retryAfter()).isEmpty();
        assertThat(failures.classify(wrapped(429, "{}", Map.of())).retryAfter()).isEmpty();
    }

    @Test
    void theProvidersErrorMessageIsUsedWithoutTheKey() {
        LlmException openAi = failures.classify(wrapped(401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":\"invalid_request_error\"}}",
                Map.of()));
        LlmException ollama = failures.classify(new HttpException(404, "{\"error\":\"model 'x' not found\"}"));

        assertThat(openAi.kind()).isEqualTo(Kind.FATAL);
        assertThat(openAi.getMessage()).isEqualTo("HTTP 401: Incorrect API key provided: <api-key>");
        assertThat(LlmProviderContractTest.stackTraceOf(openAi)).doesNotContain(KEY);
        assertThat(ollama.getMessage()).isEqualTo("HTTP 404: model 'x' not found");
        assertThat(ollama.status()).isEqualTo(404);
    }

    @Test
    void connectionFailuresAndTimeoutsAreRetryableWithoutAStatus() {
        LlmException refused = failures.classify(new UncheckedIOException(new ConnectException("Connection refused")));
        LlmException timeout = failures.classify(new dev.langchain4j.exception.TimeoutException("read timed out"));

        assertThat(refused.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(refused.status()).isNull();
        assertThat(timeout.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(timeout.status()).isNull();
    }

    @Test
    void anythingUnexpectedIsFatalAndScrubbed() {
        LlmException unexpected = failures.classify(new IllegalStateException("bad state near " + KEY));

        assertThat(unexpected.kind()).isEqualTo(Kind.FATAL);
        assertThat(LlmProviderContractTest.stackTraceOf(unexpected)).doesNotContain(KEY);
    }
}
