package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.testing.FakeAnthropic;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeLlmServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code anthropic} provider type against {@link FakeAnthropic}, plus Anthropic's 529 "overloaded". */
class AnthropicProviderContractTest extends LlmProviderContractTest {

    @Override
    FakeLlmServer startFake() {
        return FakeAnthropic.start();
    }

    @Override
    String providerType() {
        return "anthropic";
    }

    @Override
    String baseUrl(FakeLlmServer fake) {
        return fake.baseUrl();
    }

    @Override
    void assertCarriesApiKey(FakeLlmRequest request, String apiKey) {
        assertThat(request.header("x-api-key")).isEqualTo(apiKey);
        assertThat(request.header("anthropic-version")).isEqualTo(ChatModels.ANTHROPIC_VERSION);
        assertThat(request.authorization()).isNull();
        assertThat(request.path()).isEqualTo("/v1/messages");
    }

    @Test
    void overloadedIsRetryable() {
        fake.fail(529, "Overloaded");
        fake.fail(529, "Overloaded", Map.of("retry-after", "12"));

        LlmException blocking = catchThrowableOfType(LlmException.class, () -> llm.chat(request("hi")));
        LlmException streaming = catchThrowableOfType(LlmException.class, () -> llm.stream(request("hi"), text -> { }));

        assertThat(blocking.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(blocking.status()).isEqualTo(529);
        assertThat(blocking.getMessage()).contains("Overloaded");
        assertThat(streaming.kind()).isEqualTo(LlmException.Kind.RETRYABLE);
        assertThat(streaming.retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void withoutAMaxTokensInTheRequestTheConfiguredDefaultIsSent() {
        llm.chat(request("hi"));

        assertThat(fake.lastRequest().maxTokens()).isEqualTo(4096);
    }
}
