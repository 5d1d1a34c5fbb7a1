package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.identity.UserId;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeOpenAi;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** {@code /api/providers} and {@code /api/models}: CRUD, validation, PATCH and delete rules, tenancy, secrecy. */
@ExtendWith(OutputCaptureExtension.class)
class ProvidersAndModelsApiTest extends IntegrationTest {

    static FakeOpenAi openai;

    @Autowired
    LlmService llm;

    TestUser alice;
    Api asAlice;
    Api asBob;

    @BeforeAll
    static void startFake() {
        openai = FakeOpenAi.start();
    }

    @AfterAll
    static void stopFake() {
        openai.close();
    }

    @BeforeEach
    void users() {
        openai.reset();
        alice = TestUsers.register(api());
        asAlice = alice.api(api());
        asBob = TestUsers.register(api()).api(api());
    }

    static String canary() {
        return "sk-CANARY-" + UUID.randomUUID();
    }

    Api.Response createProvider(Api as, Map<String, Object> fields) {
        return as.post("/api/providers", fields);
    }

    String provider(Api as, String type, String baseUrl, String apiKey) {
        Map<String, Object> fields = new HashMap<>(Map.of("name", type + " " + UUID.randomUUID(), "type", type));
        if (baseUrl != null) {
            fields.put("baseUrl", baseUrl);
        }
        if (apiKey != null) {
            fields.put("apiKey", apiKey);
        }
        Api.Response created = createProvider(as, fields);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    String model(Api as, String providerId, String modelName) {
        Api.Response created = as.post("/api/models", Map.of("providerId", providerId, "modelName", modelName));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static List<String> errorFields(Api.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    // ---- providers ----------------------------------------------------------------------------

    @Test
    void aProviderIsCreatedWithItsTypesDefaultBaseUrlAndOnlySaysWhetherItHasAKey() {
        String key = canary();
        Api.Response created = createProvider(asAlice, Map.of("name", "OpenAI", "type", "openai", "apiKey", key));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("id").asString()).isNotBlank();
        assertThat(body.get("name").asString()).isEqualTo("OpenAI");
        assertThat(body.get("type").asString()).isEqualTo("openai");
        assertThat(body.get("baseUrl").asString()).isEqualTo("https://api.openai.com/v1");
        assertThat(body.get("hasApiKey").asBoolean()).isTrue();
        assertThat(body.has("apiKey")).isFalse();
        assertThat(created.body()).doesNotContain(key);

        assertThat(provider(asAlice, "anthropic", null, "k-" + UUID.randomUUID())).isNotBlank();
        assertThat(asAlice.get("/api/providers").json()).extracting(node -> node.get("baseUrl").asString())
                .containsExactly("https://api.openai.com/v1", "https://api.anthropic.com/v1");
        String ollama = provider(asAlice, "ollama", null, null);
        JsonNode fetched = asAlice.get("/api/providers/" + ollama).json();
        assertThat(fetched.get("baseUrl").asString()).isEqualTo("http://localhost:11434");
        assertThat(fetched.get("hasApiKey").asBoolean()).isFalse();
    }

    @Test
    void invalidProvidersAreRefusedWithFieldErrorsAndNothingIsStored() {
        Api.Response blank = createProvider(asAlice, Map.of("name", " ", "type", "gemini"));
        assertProblem(blank, 400);
        assertThat(errorFields(blank)).contains("name", "type");

        Api.Response compatibleWithoutUrl = createProvider(asAlice, Map.of("name", "vllm", "type", "openai_compatible"));
        assertProblem(compatibleWithoutUrl, 400);
        assertThat(errorFields(compatibleWithoutUrl)).containsExactly("baseUrl");

        for (String url : List.of("ftp://models.example", "not a url", "javascript:alert(1)", "http://",
                "https://user:secret@api.example.com/v1", "https://api.example.com/v1?key=1")) {
            Api.Response response = createProvider(asAlice, Map.of("name", "bad url", "type", "openai", "baseUrl", url));
            assertProblem(response, 400);
            assertThat(errorFields(response)).as(url).containsExactly("baseUrl");
        }
        assertProblem(asAlice.post("/api/providers", "{\"name\": 5, "), 400);

        assertThat(asAlice.get("/api/providers").json()).isEmpty();
    }

    @Test
    void aBaseUrlLosesItsTrailingSlash() {
        String id = provider(asAlice, "openai_compatible", "https://openrouter.example/api/v1/", null);

        assertThat(asAlice.get("/api/providers/" + id).json().get("baseUrl").asString())
                .isEqualTo("https://openrouter.example/api/v1");
    }

    @Test
    void providerNamesAreUniquePerOwner() {
        createProvider(asAlice, Map.of("name", "Main", "type", "openai"));

        assertProblem(createProvider(asAlice, Map.of("name", "main", "type", "anthropic")), 409);
        assertThat(createProvider(asBob, Map.of("name", "Main", "type", "openai")).status()).isEqualTo(201);
        assertThat(asAlice.get("/api/providers").json()).hasSize(1);
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndApiKeyNullOrEmptyRemovesTheKey() {
        String firstKey = canary();
        String id = provider(asAlice, "openai_compatible", openai.baseUrl(), firstKey);
        model(asAlice, id, "patched-model");

        JsonNode renamed = asAlice.patch("/api/providers/" + id, Map.of("name", "Renamed")).json();
        assertThat(renamed.get("name").asString()).isEqualTo("Renamed");
        assertThat(renamed.get("baseUrl").asString()).isEqualTo(openai.baseUrl());
        assertThat(renamed.get("hasApiKey").asBoolean()).isTrue();

        String secondKey = canary();
        Api.Response replaced = asAlice.patch("/api/providers/" + id, Map.of("apiKey", secondKey));
        assertThat(replaced.json().get("hasApiKey").asBoolean()).isTrue();
        assertThat(replaced.body()).doesNotContain(secondKey);
        openai.expectApiKey(secondKey);
        assertThat(asAlice.post("/api/providers/" + id + "/test", null).json().get("ok").asBoolean())
                .as("the replaced key is used").isTrue();

        Map<String, Object> clear = new HashMap<>();
        clear.put("apiKey", null);
        assertThat(asAlice.patch("/api/providers/" + id, clear).json().get("hasApiKey").asBoolean()).isFalse();
        asAlice.patch("/api/providers/" + id, Map.of("apiKey", "k-" + UUID.randomUUID()));
        assertThat(asAlice.patch("/api/providers/" + id, Map.of("apiKey", "")).json().get("hasApiKey").asBoolean())
                .isFalse();
        openai.expectApiKey(null);
        asAlice.post("/api/providers/" + id + "/test", null);
        assertThat(openai.lastRequest().authorization()).as("a removed key is not sent").isNull();

        String openAiProvider = provider(asAlice, "openai", "https://proxy.example/v1", null);
        Map<String, Object> resetUrl = new HashMap<>();
        resetUrl.put("baseUrl", null);
        assertThat(asAlice.patch("/api/providers/" + openAiProvider, resetUrl).json().get("baseUrl").asString())
                .isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void anInvalidPatchChangesNothing() {
        String id = provider(asAlice, "openai_compatible", "https://vllm.example/v1", "k-" + UUID.randomUUID());

        Api.Response response = asAlice.patch("/api/providers/" + id,
                Map.of("name", "Valid new name", "baseUrl", "gopher://x", "type", "anthropic"));
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("baseUrl", "type");
        Map<String, Object> noUrl = new HashMap<>();
        noUrl.put("baseUrl", null);
        assertProblem(asAlice.patch("/api/providers/" + id, noUrl), 400);
        assertProblem(asAlice.patch("/api/providers/" + id, Map.of("name", "")), 400);
        assertProblem(asAlice.patch("/api/providers/" + id, "[1, 2]"), 400);

        JsonNode unchanged = asAlice.get("/api/providers/" + id).json();
        assertThat(unchanged.get("name").asString()).startsWith("openai_compatible ");
        assertThat(unchanged.get("baseUrl").asString()).isEqualTo("https://vllm.example/v1");
        assertThat(unchanged.get("type").asString()).isEqualTo("openai_compatible");
        assertThat(unchanged.get("hasApiKey").asBoolean()).isTrue();
    }

    @Test
    void aProviderWithModelsCannotBeDeletedUntilItsModelsAre() {
        String id = provider(asAlice, "openai", null, "k-" + UUID.randomUUID());
        String model = model(asAlice, id, "gpt-test");

        Api.Response refused = asAlice.delete("/api/providers/" + id);
        assertProblem(refused, 409);
        assertThat(refused.json().get("detail").asString()).contains("1 model");
        assertThat(asAlice.get("/api/providers/" + id).status()).isEqualTo(200);

        assertThat(asAlice.delete("/api/models/" + model).status()).isEqualTo(204);
        assertThat(asAlice.delete("/api/providers/" + id).status()).isEqualTo(204);
        assertProblem(asAlice.get("/api/providers/" + id), 404);
        assertProblem(asAlice.delete("/api/providers/" + id), 404);
    }

    @Test
    void anotherUsersProvidersAndModelsAreNotFoundAndNeverListed() {
        String provider = provider(asAlice, "openai_compatible", openai.baseUrl(), "k-" + UUID.randomUUID());
        String model = model(asAlice, provider, "alices-model");

        assertProblem(asBob.get("/api/providers/" + provider), 404);
        assertProblem(asBob.patch("/api/providers/" + provider, Map.of("name", "mine now")), 404);
        assertProblem(asBob.delete("/api/providers/" + provider), 404);
        assertProblem(asBob.post("/api/providers/" + provider + "/test", null), 404);
        assertProblem(asBob.get("/api/models/" + model), 404);
        assertProblem(asBob.patch("/api/models/" + model, Map.of("contextWindow", 1)), 404);
        assertProblem(asBob.delete("/api/models/" + model), 404);
        assertThat(asBob.get("/api/providers").json()).isEmpty();
        assertThat(asBob.get("/api/models").json()).isEmpty();
        assertThat(asBob.get("/api/models?providerId=" + provider).json()).isEmpty();
        Api.Response borrowed = asBob.post("/api/models", Map.of("providerId", provider, "modelName", "x"));
        assertProblem(borrowed, 400);
        assertThat(errorFields(borrowed)).containsExactly("providerId");
        assertThat(openai.requests()).isEmpty();

        UserId bob = new UserId(UUID.fromString(asBob.get("/api/me").json().get("id").asString()));
        assertThat(llm.findModel(bob, ModelId.of(model))).isEmpty();
        assertThat(llm.findModel(new UserId(alice.id()), ModelId.of(model))).isPresent();
        LlmException refused = catchThrowableOfType(LlmException.class, () -> llm.chat(ChatRequest.of(bob,
                ModelId.of(model), List.of(LlmMessage.user("hi")))));
        assertThat(refused.kind()).isEqualTo(LlmException.Kind.FATAL);
        assertThat(asAlice.get("/api/providers/" + provider).json().get("name").asString()).doesNotContain("mine");
    }

    // ---- models -------------------------------------------------------------------------------

    @Test
    void aModelGetsSensibleDefaults() {
        String provider = provider(asAlice, "anthropic", null, "k-" + UUID.randomUUID());

        Api.Response created = asAlice.post("/api/models", Map.of("providerId", provider, "modelName", "claude-test"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode model = created.json();
        assertThat(model.get("providerId").asString()).isEqualTo(provider);
        assertThat(model.get("providerType").asString()).isEqualTo("anthropic");
        assertThat(model.get("modelName").asString()).isEqualTo("claude-test");
        assertThat(model.get("contextWindow").asInt()).isEqualTo(8192);
        assertThat(model.get("defaultTemperature").isNull()).isTrue();
        assertThat(model.get("inputPricePerMillion").decimalValue()).isZero();
        assertThat(model.get("outputPricePerMillion").decimalValue()).isZero();
        assertThat(llm.findModel(new UserId(alice.id()), ModelId.of(model.get("id").asString())))
                .hasValueSatisfying(view -> {
                    assertThat(view.providerId()).isEqualTo(ProviderId.of(provider));
                    assertThat(view.contextWindow()).isEqualTo(8192);
                    assertThat(view.providerType()).isEqualTo("anthropic");
                });
    }

    @Test
    void aModelKeepsItsContextWindowTemperatureAndExactPrices() {
        String provider = provider(asAlice, "openai", null, null);

        JsonNode model = asAlice.post("/api/models", Map.of("providerId", provider, "modelName", "gpt-4o-mini",
                "contextWindow", 128000, "defaultTemperature", 0.3, "inputPricePerMillion", 0.15,
                "outputPricePerMillion", 0.6)).json();

        assertThat(model.get("contextWindow").asInt()).isEqualTo(128000);
        assertThat(model.get("defaultTemperature").asDouble()).isEqualTo(0.3);
        assertThat(model.get("inputPricePerMillion").decimalValue()).isEqualByComparingTo("0.15");
        assertThat(model.get("outputPricePerMillion").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(asAlice.get("/api/models/" + model.get("id").asString()).json()).isEqualTo(model);
    }

    @Test
    void invalidModelsAreRefusedWithFieldErrorsAndNothingIsStored() {
        String provider = provider(asAlice, "openai", null, null);

        Api.Response response = asAlice.post("/api/models", Map.of("providerId", provider, "modelName", "",
                "contextWindow", 0, "defaultTemperature", 3.5, "inputPricePerMillion", -1,
                "outputPricePerMillion", 0.1234567));
        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactlyInAnyOrder("modelName", "contextWindow",
                "defaultTemperature", "inputPricePerMillion", "outputPricePerMillion");
        Api.Response noProvider = asAlice.post("/api/models", Map.of("modelName", "m"));
        assertProblem(noProvider, 400);
        assertThat(errorFields(noProvider)).containsExactly("providerId");
        assertProblem(asAlice.post("/api/models", Map.of("providerId", UUID.randomUUID(), "modelName", "m")), 400);
        assertProblem(asAlice.get("/api/models?providerId=not-a-uuid"), 400);

        assertThat(asAlice.get("/api/models").json()).isEmpty();
    }

    @Test
    void modelNamesAreUniquePerProvider() {
        String first = provider(asAlice, "openai", null, null);
        String second = provider(asAlice, "anthropic", null, "k-" + UUID.randomUUID());
        model(asAlice, first, "same-name");

        assertProblem(asAlice.post("/api/models", Map.of("providerId", first, "modelName", "same-name")), 409);
        model(asAlice, second, "same-name");

        assertThat(asAlice.get("/api/models").json()).hasSize(2);
        assertThat(asAlice.get("/api/models?providerId=" + second).json())
                .singleElement().satisfies(model -> assertThat(model.get("providerId").asString()).isEqualTo(second));
    }

    @Test
    void modelPatchChangesOnlyTheGivenFieldsAndAnInvalidPatchChangesNothing() {
        String provider = provider(asAlice, "openai", null, null);
        String id = asAlice.post("/api/models", Map.of("providerId", provider, "modelName", "gpt-a",
                "defaultTemperature", 0.5, "inputPricePerMillion", 1, "outputPricePerMillion", 2)).json()
                .get("id").asString();

        JsonNode patched = asAlice.patch("/api/models/" + id, Map.of("outputPricePerMillion", 4.5,
                "contextWindow", 32000)).json();
        assertThat(patched.get("outputPricePerMillion").decimalValue()).isEqualByComparingTo("4.5");
        assertThat(patched.get("inputPricePerMillion").decimalValue()).isEqualByComparingTo("1");
        assertThat(patched.get("contextWindow").asInt()).isEqualTo(32000);
        assertThat(patched.get("modelName").asString()).isEqualTo("gpt-a");
        assertThat(patched.get("defaultTemperature").asDouble()).isEqualTo(0.5);

        Map<String, Object> clearTemperature = new HashMap<>();
        clearTemperature.put("defaultTemperature", null);
        assertThat(asAlice.patch("/api/models/" + id, clearTemperature).json().get("defaultTemperature").isNull())
                .isTrue();

        Api.Response invalid = asAlice.patch("/api/models/" + id, Map.of("modelName", "gpt-b", "contextWindow", "big",
                "inputPricePerMillion", -3, "providerId", UUID.randomUUID().toString()));
        assertProblem(invalid, 400);
        assertThat(errorFields(invalid)).containsExactlyInAnyOrder("contextWindow", "inputPricePerMillion",
                "providerId");
        JsonNode unchanged = asAlice.get("/api/models/" + id).json();
        assertThat(unchanged.get("modelName").asString()).isEqualTo("gpt-a");
        assertThat(unchanged.get("contextWindow").asInt()).isEqualTo(32000);

        assertThat(asAlice.delete("/api/models/" + id).status()).isEqualTo(204);
        assertProblem(asAlice.get("/api/models/" + id), 404);
    }

    @Test
    void theTestEndpointNeedsAModelWhenTheProviderHasNone() {
        String provider = provider(asAlice, "openai_compatible", openai.baseUrl(), null);

        Api.Response response = asAlice.post("/api/providers/" + provider + "/test", null);

        assertProblem(response, 400);
        assertThat(errorFields(response)).containsExactly("modelName");
        assertThat(openai.requests()).isEmpty();
    }

    // ---- secrecy ------------------------------------------------------------------------------

    @Test
    void aCanaryApiKeyNeverAppearsInAnswersProblemsOrLogs(CapturedOutput output) {
        String key = canary();
        List<Api.Response> answers = new ArrayList<>();
        Api.Response created = createProvider(asAlice, Map.of("name", "canary", "type", "openai_compatible",
                "baseUrl", openai.baseUrl(), "apiKey", key));
        answers.add(created);
        String id = created.json().get("id").asString();
        answers.add(asAlice.post("/api/models", Map.of("providerId", id, "modelName", "canary-model")));
        answers.add(asAlice.get("/api/providers"));
        answers.add(asAlice.get("/api/providers/" + id));
        answers.add(asAlice.get("/api/models"));
        answers.add(asAlice.patch("/api/providers/" + id, Map.of("name", "canary 2", "baseUrl", "ftp://" + key)));
        answers.add(createProvider(asAlice, Map.of("name", "canary", "type", "openai", "apiKey", key)));
        answers.add(asAlice.post("/api/providers/" + id + "/test", null));
        // A provider that quotes the key back in its error, as OpenAI does for a wrong key.
        openai.reply(FakeReply.error(401, "Incorrect API key provided: " + key));
        openai.reply(FakeReply.raw(500, "<html>upstream said " + key + "</html>"));
        Api.Response refused = asAlice.post("/api/providers/" + id + "/test", null);
        answers.add(refused);
        answers.add(asAlice.post("/api/providers/" + id + "/test", null));
        answers.add(asBob.get("/api/providers/" + id));
        answers.add(createProvider(asAlice, Map.of("name", "", "type", "openai", "apiKey", key + "x".repeat(5000))));
        answers.add(asAlice.patch("/api/providers/" + id, Map.of("apiKey", key + "x".repeat(5000))));
        answers.add(asAlice.post("/api/providers", "{\"name\": \"broken\", \"type\": \"openai\", \"apiKey\": \"" + key));
        answers.add(asAlice.post("/api/providers", "{\"name\": \"typed\", \"type\": \"openai\", \"apiKey\": {\"k\": \"" + key
                + "\"}}"));

        assertThat(answers.subList(answers.size() - 4, answers.size())).extracting(Api.Response::status)
                .containsOnly(400);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("message").asString()).contains("Incorrect API key provided: <api-key>");
        assertThat(openai.requests()).allSatisfy(request -> assertThat(request.authorization())
                .isEqualTo("Bearer " + key));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).doesNotContain(key));
        List<LlmCall> calls = llm.calls(new UserId(alice.id()), java.time.Instant.EPOCH,
                java.time.Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(calls).hasSize(3).allSatisfy(call -> assertThat(String.valueOf(call.error())).doesNotContain(key));
        assertThat(output.getAll()).doesNotContain(key);
    }
}
