package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiKeyTest extends IntegrationTest {

    @Test
    void aNewKeyIsShownOnceAndAuthenticatesAsItsOwner() {
        TestUser user = TestUsers.register(api());
        Api.Response created = user.api(api()).post("/api/api-keys", Map.of("name", "ci"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode key = created.json();
        String secret = key.get("key").asString();
        assertThat(key.get("name").asString()).isEqualTo("ci");
        assertThat(key.get("prefix").asString()).hasSize(8);
        assertThat(secret).startsWith("sb_" + key.get("prefix").asString() + "_");
        assertThat(key.get("createdAt").asString()).isNotBlank();

        JsonNode me = api().as(secret).get("/api/me").json();
        assertThat(me.get("id").asString()).isEqualTo(user.id().toString());
        assertThat(me.get("role").asString()).isEqualTo("USER");
        assertThat(api().as(secret).get("/api/api-keys").status()).isEqualTo(200);
    }

    @Test
    void listingShowsPrefixAndLastUseButNeverTheKey() {
        TestUser user = TestUsers.register(api());
        JsonNode created = user.api(api()).post("/api/api-keys", Map.of("name", "listed")).json();
        assertThat(user.api(api()).get("/api/api-keys").json().get(0).has("lastUsedAt")).isFalse();

        api().as(created.get("key").asString()).get("/api/me");

        JsonNode listed = user.api(api()).get("/api/api-keys").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(listed.get(0).get("prefix").asString()).isEqualTo(created.get("prefix").asString());
        assertThat(listed.get(0).has("key")).isFalse();
        assertThat(listed.get(0).get("lastUsedAt").asString()).isNotBlank();
        assertThat(listed.toString()).doesNotContain(created.get("key").asString());
    }

    @Test
    void deletedKeysStopWorkingAtOnce() {
        TestUser user = TestUsers.register(api());
        JsonNode created = user.api(api()).post("/api/api-keys", Map.of("name", "temporary")).json();
        String secret = created.get("key").asString();
        assertThat(api().as(secret).get("/api/me").status()).isEqualTo(200);

        assertThat(user.api(api()).delete("/api/api-keys/" + created.get("id").asString()).status()).isEqualTo(204);

        assertThat(api().as(secret).get("/api/me").status()).isEqualTo(401);
        assertThat(user.api(api()).get("/api/api-keys").json()).isEmpty();
    }

    @Test
    void anotherUsersKeyIsNotFound() {
        TestUser owner = TestUsers.register(api());
        TestUser stranger = TestUsers.register(api());
        JsonNode created = owner.api(api()).post("/api/api-keys", Map.of("name", "mine")).json();

        Api.Response deleted = stranger.api(api()).delete("/api/api-keys/" + created.get("id").asString());

        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.contentType()).startsWith("application/problem+json");
        assertThat(stranger.api(api()).get("/api/api-keys").json()).isEmpty();
        assertThat(api().as(created.get("key").asString()).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void expiredKeysGet401() {
        TestUser user = TestUsers.register(api());
        Instant soon = Instant.now().plusSeconds(2);
        JsonNode created = user.api(api()).post("/api/api-keys", Map.of("name", "short-lived", "expiresAt", soon.toString())).json();
        String secret = created.get("key").asString();
        assertThat(Instant.parse(created.get("expiresAt").asString())).isEqualTo(soon);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api().as(secret).get("/api/me").status() == 401);
    }

    @Test
    void keysMustHaveANameAndAFutureExpiry() {
        TestUser user = TestUsers.register(api());
        Api.Response noName = user.api(api()).post("/api/api-keys", Map.of("name", " "));
        Api.Response past = user.api(api()).post("/api/api-keys",
                Map.of("name", "old", "expiresAt", Instant.now().minusSeconds(60).toString()));

        assertThat(noName.status()).isEqualTo(400);
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("errors").toString()).contains("expiresAt");
        assertThat(user.api(api()).get("/api/api-keys").json()).isEmpty();
    }

    @Test
    void aKeyWithAWrongSecretPartGets401() {
        TestUser user = TestUsers.register(api());
        String secret = user.api(api()).post("/api/api-keys", Map.of("name", "x")).json().get("key").asString();
        String wrong = secret.substring(0, secret.length() - 4) + (secret.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertThat(api().as(wrong).get("/api/me").status()).isEqualTo(401);
    }
}
