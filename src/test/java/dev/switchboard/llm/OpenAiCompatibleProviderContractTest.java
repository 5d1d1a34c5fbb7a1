package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeLlmServer;
import dev.switchboard.testing.FakeOpenAi;

/** The {@code openai_compatible} provider type (vLLM, OpenRouter, ...) against {@link FakeOpenAi}, with a trailing slash. */
class OpenAiCompatibleProviderContractTest extends LlmProviderContractTest {

    @Override
    FakeLlmServer startFake() {
        return FakeOpenAi.start();
    }

    @Override
    String providerType() {
        return "openai_compatible";
    }

    @Override
    String baseUrl(FakeLlmServer fake) {
        return fake.baseUrl() + "/";
    }

    @Override
    void assertCarriesApiKey(FakeLlmRequest request, String apiKey) {
        assertThat(request.authorization()).isEqualTo("Bearer " + apiKey);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
    }
}
