package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.telegram.TelegramException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Exponential backoff with full jitter, retry-after, and the classification of failures. */
class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void theCapDoublesWithEachAttemptUpToTheMaximum() {
        Backoff backoff = new Backoff(BASE, MAX);

        assertThat(backoff.cap(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.cap(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.cap(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(backoff.cap(9)).isEqualTo(MAX);
        assertThat(backoff.cap(1000)).isEqualTo(MAX);
    }

    @Test
    void theDelayIsAUniformlyRandomPartOfTheCap() {
        assertThat(new Backoff(BASE, MAX, () -> 0.0).delay(3, null)).isZero();
        assertThat(new Backoff(BASE, MAX, () -> 0.5).delay(3, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(new Backoff(BASE, MAX, () -> 0.999).delay(3, null)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aRetryAfterIsTheLeastDelay() {
        Backoff backoff = new Backoff(BASE, MAX, () -> 0.5);

        assertThat(backoff.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1, Duration.ofMillis(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(1, Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void failuresAreClassifiedByTheFirstClassifiedCause() {
        var fatal = Failure.of(new RuntimeException("wrapped", TurnException.fatal("token revoked", null)));
        var telegram429 = Failure.of(new TelegramException(TelegramException.Kind.RETRYABLE, "sendMessage", 429,
                "Too Many Requests", Duration.ofSeconds(7), null));
        var telegram403 = Failure.of(new TelegramException(TelegramException.Kind.FATAL, "sendMessage", 403,
                "Forbidden", null, null));
        var unknown = Failure.of(new IllegalArgumentException("surprise"));
        var unreadable = Failure.of(new IllegalStateException("reading the update", assertThrows(JacksonException.class,
                () -> JsonMapper.builder().build().readTree("{\"id\": \"one\"}").path("id").asLong())));

        assertThat(fatal.retryable()).isFalse();
        assertThat(fatal.error()).isEqualTo("RuntimeException: wrapped; caused by TurnException: token revoked");
        assertThat(telegram429.retryable()).isTrue();
        assertThat(telegram429.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(telegram403.retryable()).isFalse();
        assertThat(unknown.retryable()).isTrue();
        assertThat(unknown.retryAfter()).isNull();
        assertThat(unknown.error()).isEqualTo("IllegalArgumentException: surprise");
        assertThat(unreadable.retryable()).isFalse();
    }
}
