package dev.switchboard.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import java.util.List;
import java.util.Map;
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

    @Test
    void aQueryParameterOutOfBoundsIs400NamingIt() {
        Api admin = TestUsers.admin(api()).api(api());
        Api owner = TestUsers.register(api()).api(api());

        for (Api.Response response : List.of(admin.get("/api/admin/audit?limit=-1"), owner.get("/api/drafts?limit=0"),
                owner.get("/api/requests?limit=100000"), owner.get("/api/approvals/audit?limit=-5"))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).isEqualTo("/problems/invalid-request");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        }
    }

    @Test
    void aNulCharacterInABodyIs400NamingTheFieldAndStoresNothing() {
        Api owner = TestUsers.register(api()).api(api());

        Api.Response response = owner.post("/api/api-keys", Map.of("name", "nul\u0000key"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(response.json().get("detail").asString()).contains("'name'").contains("NUL");
        assertThat(owner.get("/api/api-keys").json()).isEmpty();
        assertThat(owner.post("/api/api-keys", Map.of("name", "plain key")).status()).isEqualTo(201);
    }

    /** Half a surrogate pair is valid JSON but not Unicode: the password hash threw on it (a 500). */
    @Test
    void aLoneSurrogateInABodyIs400NamingTheField() {
        String body = "{\"email\": \"nobody@switchboard.test\", \"password\": \"abc\\ud83d\"}";

        Api.Response response = api().send("POST", "/api/auth/login", "application/json", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(response.json().get("detail").asString()).contains("surrogate");
        String paired = "{\"email\": \"nobody@switchboard.test\", \"password\": \"abc\\ud83d\\ude00 long enough\"}";
        // A whole pair is an ordinary character: the login just fails (or is throttled, if other tests failed many).
        assertThat(api().send("POST", "/api/auth/login", "application/json", paired).status()).isIn(401, 429);
    }

    /** A merge patch is read as a tree, so its text is refused by the database: still a 400, nothing changed. */
    @Test
    void aNulCharacterInAPatchIs400AndChangesNothing() {
        Api owner = TestUsers.register(api()).api(api());
        String id = owner.post("/api/providers", Map.of("name", "local", "type", "openai_compatible",
                "baseUrl", "http://127.0.0.1:9/v1")).json().get("id").asString();

        Api.Response response = owner.patch("/api/providers/" + id, Map.of("name", "nul\u0000name"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("NUL");
        assertThat(owner.get("/api/providers/" + id).json().get("name").asString()).isEqualTo("local");
    }

    /** Refused by Tomcat before any filter runs, yet a problem detail, not Tomcat's HTML page. */
    @Test
    void aUrlTomcatRefusesIs400ProblemJson() {
        for (String path : List.of("/api/bots/a%2Fb", "/api/bots/a%00b", "/telegram/webhook/a%2F..%2Fb")) {
            Api.Response response = api().get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).isEqualTo("/problems/bad-request");
            assertThat(response.body()).doesNotContain("<html").doesNotContain("Tomcat");
        }
    }
}
