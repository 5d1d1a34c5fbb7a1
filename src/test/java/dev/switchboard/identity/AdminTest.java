package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdminTest extends IntegrationTest {

    @Test
    void theFirstUserOfTheDatabaseIsTheAdmin() {
        TestUser admin = TestUsers.admin(api());
        JsonNode me = admin.api(api()).get("/api/me").json();
        assertThat(me.get("role").asString()).isEqualTo("ADMIN");
        assertThat(me.get("email").asString()).isEqualTo(TestUsers.ADMIN_EMAIL);
    }

    @Test
    void adminRoutesAreForbiddenToUsers() {
        Api user = TestUsers.register(api()).api(api());
        for (Api.Response response : new Api.Response[] {user.get("/api/admin/users"), user.get("/api/admin/settings"),
                user.patch("/api/admin/settings", Map.of("registrationOpen", false)), user.get("/api/admin/audit"),
                user.post("/api/admin/users/" + UUID.randomUUID() + "/disable", null)}) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).isEqualTo("/problems/forbidden");
        }
        assertThat(api().get("/api/admin/settings").json().get("registrationOpen")).isNull();
    }

    @Test
    void adminsListUsers() {
        TestUser user = TestUsers.register(api());
        JsonNode users = TestUsers.admin(api()).api(api()).get("/api/admin/users").json();

        JsonNode listed = null;
        for (JsonNode each : users) {
            if (each.get("id").asString().equals(user.id().toString())) {
                listed = each;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("email").asString()).isEqualTo(user.email());
        assertThat(listed.get("enabled").asBoolean()).isTrue();
        assertThat(listed.has("passwordHash")).isFalse();
    }

    @Test
    void disablingAUserEndsTheirSessionsAndKeysAtOnce() {
        Api admin = TestUsers.admin(api()).api(api());
        TestUser user = TestUsers.register(api());
        String key = user.api(api()).post("/api/api-keys", Map.of("name", "k")).json().get("key").asString();

        Api.Response disabled = admin.post("/api/admin/users/" + user.id() + "/disable", null);

        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(user.api(api()).get("/api/me").status()).isEqualTo(401);
        assertThat(api().as(key).get("/api/me").status()).isEqualTo(401);
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
        Api.Response login = api().post("/api/auth/login", Map.of("email", user.email(), "password", user.password()));
        assertThat(login.status()).isEqualTo(401);

        assertThat(admin.post("/api/admin/users/" + user.id() + "/enable", null).json().get("enabled").asBoolean()).isTrue();
        assertThat(TestUsers.login(api(), user.email(), user.password()).accessToken()).isNotBlank();
        assertThat(api().as(key).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void unknownUsersAreNotFoundAndAdminsCannotDisableThemselves() {
        TestUser admin = TestUsers.admin(api());
        assertThat(admin.api(api()).post("/api/admin/users/" + UUID.randomUUID() + "/disable", null).status()).isEqualTo(404);
        assertThat(admin.api(api()).post("/api/admin/users/" + admin.id() + "/disable", null).status()).isEqualTo(409);
        assertThat(admin.api(api()).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void closedRegistrationIsForbidden() {
        Api admin = TestUsers.admin(api()).api(api());
        try {
            Api.Response closed = admin.patch("/api/admin/settings", Map.of("registrationOpen", false));
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.json().get("registrationOpen").asBoolean()).isFalse();
            assertThat(admin.get("/api/admin/settings").json().get("registrationOpen").asBoolean()).isFalse();

            Api.Response refused = api().post("/api/auth/register",
                    Map.of("email", TestUsers.uniqueEmail("late"), "password", "long enough"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        } finally {
            admin.patch("/api/admin/settings", Map.of("registrationOpen", true));
        }
        assertThat(api().post("/api/auth/register",
                Map.of("email", TestUsers.uniqueEmail("early"), "password", "long enough")).status()).isEqualTo(201);
    }

    @Test
    void settingsChangesAreValidated() {
        Api admin = TestUsers.admin(api()).api(api());
        assertThat(admin.patch("/api/admin/settings", Map.of()).status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/settings").json().get("registrationOpen").asBoolean()).isTrue();
    }

    @Test
    void prometheusIsForAdminsOnly() {
        assertThat(api().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(TestUsers.register(api()).api(api()).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(TestUsers.admin(api()).api(api()).get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void securityEventsAreAudited() {
        TestUser user = TestUsers.register(api());
        api().withHeader("X-Forwarded-For", "198.51.100.7")
                .post("/api/auth/login", Map.of("email", user.email(), "password", "wrong password"));
        user.api(api()).post("/api/api-keys", Map.of("name", "audited"));
        api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));
        api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

        JsonNode audit = TestUsers.admin(api()).api(api()).get("/api/admin/audit?limit=1000").json();

        assertThat(events(audit, user)).contains("REGISTERED", "LOGIN_SUCCEEDED", "LOGIN_FAILED", "API_KEY_CREATED");
        boolean failureFromAddress = false;
        for (JsonNode entry : audit) {
            failureFromAddress |= user.email().equals(entry.path("email").asString(""))
                    && "LOGIN_FAILED".equals(entry.get("event").asString())
                    && "198.51.100.7".equals(entry.path("ip").asString(""));
        }
        assertThat(failureFromAddress).isTrue();
        boolean replayRecorded = false;
        for (JsonNode entry : audit) {
            replayRecorded |= user.id().toString().equals(entry.path("userId").asString(""))
                    && "REFRESH_REPLAYED".equals(entry.get("event").asString());
        }
        assertThat(replayRecorded).isTrue();
    }

    private static java.util.List<String> events(JsonNode audit, TestUser user) {
        java.util.List<String> events = new java.util.ArrayList<>();
        for (JsonNode entry : audit) {
            if (user.email().equals(entry.path("email").asString(""))) {
                events.add(entry.get("event").asString());
            }
        }
        return events;
    }
}
