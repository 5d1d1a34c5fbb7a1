package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.AppInstance;
import dev.switchboard.testing.TestUsers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user gets: no configuration at all, so the embedded PostgreSQL in the data directory
 * and a generated master key. Data must survive a restart.
 */
class EmbeddedDefaultSmokeTest {

    @TempDir
    Path dataDir;

    @Test
    void startsWithNoConfigurationAndKeepsDataAcrossARestart() {
        Map<String, String> settings = Map.of("switchboard.data-dir", dataDir.toString());
        String providerId;
        try (AppInstance app = AppInstance.start(settings)) {
            Api api = app.api();
            assertThat(api.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
            TestUsers.TestUser owner = TestUsers.register(api, "owner@example.test", TestUsers.PASSWORD);
            Api asOwner = api.as(TestUsers.login(api, owner.email(), owner.password()).accessToken());
            assertThat(asOwner.get("/api/me").json().get("role").asString()).isEqualTo("ADMIN");
            Api.Response provider = asOwner.post("/api/providers", Map.of(
                    "name", "local ollama", "type", "ollama", "baseUrl", "http://127.0.0.1:11434",
                    "apiKey", "smoke-test-key-not-real"));
            assertThat(provider.status()).isEqualTo(201);
            providerId = provider.json().get("id").asString();
        }
        assertThat(dataDir.resolve("pg/PG_VERSION")).exists();
        assertThat(dataDir.resolve("master.key")).exists();

        try (AppInstance app = AppInstance.start(settings)) {
            Api api = app.api();
            Api asOwner = api.as(TestUsers.login(api, "owner@example.test", TestUsers.PASSWORD).accessToken());
            Api.Response provider = asOwner.get("/api/providers/" + providerId);
            assertThat(provider.status()).isEqualTo(200);
            assertThat(provider.json().get("name").asString()).isEqualTo("local ollama");
            assertThat(provider.json().get("hasApiKey").asBoolean()).isTrue();
        }
    }
}
