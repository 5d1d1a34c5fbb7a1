package dev.switchboard.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.telegram.TelegramException.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FailuresTest {

    static final String TOKEN = "123456:TEST-TOKEN-not-real";
    final Failures failures = new Failures(TOKEN);

    @ParameterizedTest
    @CsvSource({
            "429, RETRYABLE", "500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE",
            "400, FATAL", "401, FATAL", "403, FATAL", "404, FATAL", "409, FATAL", "0, RETRYABLE"})
    void answersAreClassifiedByErrorCode(int errorCode, Kind kind) {
        assertThat(failures.fromAnswer("sendMessage", errorCode, "whatever", null).kind()).isEqualTo(kind);
    }

    @Test
    void retryAfterComesFromTheAnswersParameters() {
        var failure = failures.fromAnswer("sendMessage", 429, "Too Many Requests: retry after 12", 12);

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(failure).hasMessage("Telegram sendMessage failed: 429 Too Many Requests: retry after 12"
                + " (retry after 12 s)");
    }

    @Test
    void aGroupThatBecameASupergroupNamesItsNewId() {
        var failure = failures.fromAnswer("sendMessage", 400,
                "Bad Request: group chat was upgraded to a supergroup chat", null, -1001234567890L);

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.migrateToChatId()).contains(-1001234567890L);
    }

    @Test
    void aLibraryMessageQuotingTheUrlLosesTheToken() {
        var url = "https://api.telegram.org/bot" + TOKEN + "/sendMessage";
        var encoded = "https://api.telegram.org/bot123456%3ATEST-TOKEN-not-real/sendMessage";
        var failure = failures.fromThrowable("sendMessage",
                new RuntimeException(new IOException("unexpected end of stream on " + url,
                        new SocketTimeoutException("read from " + encoded))));

        var everything = new StringWriter();
        failure.printStackTrace(new PrintWriter(everything));
        assertThat(everything.toString())
                .doesNotContain("TEST-TOKEN-not-real")
                .contains("unexpected end of stream on https://api.telegram.org/bot<token>/sendMessage")
                .contains("java.net.SocketTimeoutException: read from https://api.telegram.org/bot<token>/sendMessage");
        assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(failure.getCause().getStackTrace()).isNotEmpty();
    }

    @Test
    void aDescriptionQuotingTheTokenLosesItToo() {
        var failure = failures.fromAnswer("getMe", 400, "Bad Request: token " + TOKEN + " is odd", null);

        assertThat(failure).hasMessageNotContaining("TEST-TOKEN").hasMessageContaining("token <token> is odd");
    }

    @Test
    void anythingUnexpectedIsFatal() {
        var failure = failures.fromThrowable("getMe", new IllegalArgumentException("bad URL " + TOKEN));

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.getCause()).hasMessageNotContaining("TEST-TOKEN");
    }
}
