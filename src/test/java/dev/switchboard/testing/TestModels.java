package dev.switchboard.testing;

import java.util.Map;
import java.util.UUID;

/** Providers and models for integration tests, created through the real API. */
public final class TestModels {

    private TestModels() {
    }

    /**
     * Creates an OpenAI-compatible provider at {@code baseUrl} and one model on it.
     *
     * @return the model's id
     */
    public static UUID create(Api owner, String baseUrl) {
        return create(owner, baseUrl, "test-model");
    }

    /**
     * Creates an OpenAI-compatible provider at {@code baseUrl} and a model named {@code modelName} on it.
     *
     * @return the model's id
     */
    public static UUID create(Api owner, String baseUrl, String modelName) {
        return createWithWindow(owner, baseUrl, modelName, 8192);
    }

    /** As {@link #create(Api, String, String)}, with the given context window. */
    public static UUID createWithWindow(Api owner, String baseUrl, String modelName, int contextWindow) {
        Api.Response provider = owner.post("/api/providers", Map.of("name", "test provider for " + modelName,
                "type", "openai_compatible", "baseUrl", baseUrl, "apiKey", "sk-test-not-real"));
        if (provider.status() != 201) {
            throw new IllegalStateException("Creating a provider failed: " + provider);
        }
        Api.Response model = owner.post("/api/models", Map.of("providerId", provider.json().get("id").asString(),
                "modelName", modelName, "contextWindow", contextWindow, "inputPricePerMillion", 1,
                "outputPricePerMillion", 2));
        if (model.status() != 201) {
            throw new IllegalStateException("Creating a model failed: " + model);
        }
        return UUID.fromString(model.json().get("id").asString());
    }
}
