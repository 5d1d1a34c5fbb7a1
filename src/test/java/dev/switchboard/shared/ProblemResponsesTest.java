package dev.switchboard.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest extends IntegrationTest {

    @Test
    void healthIsUpWithTheDatabase() {
        Api.Response health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void everyResponseCarriesARequestId() {
        Api.Response response = api().withHeader("X-Request-Id", "abc-123").get("/actuator/health");
        assertThat(response.header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(api().get("/actuator/health").header("X-Request-Id")).isNotBlank();
    }

    @Test
    void oversizeBodiesGet413ProblemJson() {
        String huge = "{\"email\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Api.Response response = api().send("POST", "/api/auth/login", "application/json", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/payload-too-large");
    }

    @Test
    void openApiDocumentIsServedAtApiDocs() {
        Api.Response docs = api().get("/api/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.");
    }

    @Test
    void anUnsupportedContentTypeGets415ProblemJson() {
        Api.Response response = api().send("POST", "/api/auth/login", "text/plain", "email=a");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/unsupported-media-type");
    }

    @Test
    void malformedJsonGets400ProblemJsonWithoutInternals() {
        Api.Response response = api().send("POST", "/api/auth/login", "application/json", "{\"email\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).doesNotContain("Exception").doesNotContain("tools.jackson");
        assertThat(response.json().get("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
    }
}
