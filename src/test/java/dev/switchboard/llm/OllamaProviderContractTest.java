package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeLlmServer;
import dev.switchboard.testing.FakeOpenAi;

/**
 * The {@code ollama} provider type: configured with Ollama's root URL and no key, spoken to through
 * Ollama's OpenAI-compatible API at {@code /v1}, so {@link FakeOpenAi} at its server root stands in.
 */
class OllamaProviderContractTest extends LlmProviderContractTest {

    @Override
    FakeLlmServer startFake() {
        return FakeOpenAi.start();
    }

    @Override
    String providerType() {
        return "ollama";
    }

    @Override
    String baseUrl(FakeLlmServer fake) {
        return fake.serverUrl();
    }

    @Override
    String apiKey() {
        return null;
    }

    @Override
    void assertCarriesApiKey(FakeLlmRequest request, String apiKey) {
        assertThat(request.authorization()).isNull();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
    }
}
