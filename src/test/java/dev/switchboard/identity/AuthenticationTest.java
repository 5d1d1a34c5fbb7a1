package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthenticationTest extends IntegrationTest {

    private static final AtomicInteger ADDRESS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 100));

    /** A client address of its own (through X-Forwarded-For, trusted from localhost), so throttling stays per test. */
    private Api fromOwnAddress() {
        return api().withHeader("X-Forwarded-For", "203.0.113." + ADDRESS.incrementAndGet());
    }

    @Test
    void registrationAnswersTheUserAndNormalisesTheEmail() {
        String email = TestUsers.uniqueEmail("Mixed");
        Api.Response response = api().post("/api/auth/register",
                Map.of("email", "  " + email.toUpperCase() + " ", "password", "long enough", "name", "Ada"));

        assertThat(response.status()).isEqualTo(201);
        JsonNode user = response.json();
        assertThat(user.get("id").asString()).isNotBlank();
        assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(user.get("name").asString()).isEqualTo("Ada");
        assertThat(user.get("role").asString()).isEqualTo("USER");
        assertThat(user.has("passwordHash")).isFalse();
    }

    @Test
    void laterUsersAreNotAdmins() {
        TestUser user = TestUsers.register(api());
        assertThat(user.api(api()).get("/api/me").json().get("role").asString()).isEqualTo("USER");
    }

    @Test
    void duplicateEmailsAreRefusedWhateverTheirCase() {
        TestUser user = TestUsers.register(api());
        Api.Response again = api().post("/api/auth/register",
                Map.of("email", " " + user.email().toUpperCase(), "password", "another password"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void invalidRegistrationsGet400WithFieldErrorsAndWriteNothing() {
        Api admin = TestUsers.admin(api()).api(api());
        int before = admin.get("/api/admin/users").json().size();
        String email = TestUsers.uniqueEmail("short");

        Api.Response shortPassword = api().post("/api/auth/register", Map.of("email", email, "password", "short"));
        Api.Response badEmail = api().post("/api/auth/register", Map.of("email", "not-an-email", "password", "long enough"));
        Map<String, Object> noPassword = new HashMap<>();
        noPassword.put("email", email);
        Api.Response missing = api().post("/api/auth/register", noPassword);

        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.contentType()).startsWith("application/problem+json");
        assertThat(shortPassword.json().get("errors").toString()).contains("password");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("errors").toString()).contains("email");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/users").json().size()).isEqualTo(before);
        assertThat(api().post("/api/auth/login", Map.of("email", email, "password", "short")).status()).isEqualTo(401);
    }

    @Test
    void loginAnswersABearerPairThatAuthenticates() {
        TestUser user = TestUsers.register(api());
        Api.Response login = api().post("/api/auth/login", Map.of("email", user.email(), "password", user.password()));

        assertThat(login.status()).isEqualTo(200);
        JsonNode tokens = login.json();
        assertThat(tokens.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(tokens.get("refreshToken").asString()).hasSizeGreaterThanOrEqualTo(43);
        JsonNode me = api().as(tokens.get("accessToken").asString()).get("/api/me").json();
        assertThat(me.get("id").asString()).isEqualTo(user.id().toString());
        assertThat(me.get("email").asString()).isEqualTo(user.email());
        assertThat(me.get("role").asString()).isEqualTo("USER");
    }

    @Test
    void loginIgnoresCaseAndSpacesInTheEmail() {
        TestUser user = TestUsers.register(api());
        Api.Response login = api().post("/api/auth/login",
                Map.of("email", " " + user.email().toUpperCase() + " ", "password", user.password()));
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        TestUser user = TestUsers.register(api());
        Api client = fromOwnAddress();
        Api.Response wrongPassword = client.post("/api/auth/login", Map.of("email", user.email(), "password", "wrong password"));
        Api.Response unknownEmail = client.post("/api/auth/login",
                Map.of("email", TestUsers.uniqueEmail("nobody"), "password", "wrong password"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
        for (String field : new String[] {"type", "title", "status", "detail"}) {
            assertThat(unknownEmail.json().get(field)).isEqualTo(wrongPassword.json().get(field));
        }
    }

    @Test
    void repeatedFailuresForOneAccountAreThrottledWithRetryAfter() {
        TestUser user = TestUsers.register(api());
        for (int i = 0; i < 5; i++) {
            Api.Response failed = fromOwnAddress().post("/api/auth/login",
                    Map.of("email", user.email(), "password", "wrong password"));
            assertThat(failed.status()).isEqualTo(401);
        }
        Api.Response throttled = fromOwnAddress().post("/api/auth/login",
                Map.of("email", user.email(), "password", user.password()));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottled() {
        Api client = fromOwnAddress();
        for (int i = 0; i < 20; i++) {
            assertThat(client.post("/api/auth/login",
                    Map.of("email", TestUsers.uniqueEmail("guess"), "password", "wrong password")).status())
                    .isEqualTo(401);
        }
        TestUser user = TestUsers.register(api());
        Api.Response throttled = client.post("/api/auth/login", Map.of("email", user.email(), "password", user.password()));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(fromOwnAddress().post("/api/auth/login",
                Map.of("email", user.email(), "password", user.password())).status()).isEqualTo(200);
    }

    @Test
    void refreshRotatesTheRefreshToken() {
        TestUser user = TestUsers.register(api());
        Api.Response refreshed = api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

        assertThat(refreshed.status()).isEqualTo(200);
        JsonNode pair = refreshed.json();
        assertThat(pair.get("refreshToken").asString()).isNotEqualTo(user.refreshToken());
        assertThat(api().as(pair.get("accessToken").asString()).get("/api/me").status()).isEqualTo(200);
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", pair.get("refreshToken").asString())).status())
                .isEqualTo(200);
    }

    @Test
    void replaysOfAUsedRefreshTokenRevokeTheSession() {
        TestUser user = TestUsers.register(api());
        JsonNode newer = api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).json();

        Api.Response replay = api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken()));

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", newer.get("refreshToken").asString())).status())
                .isEqualTo(401);
        assertThat(api().as(newer.get("accessToken").asString()).get("/api/me").status()).isEqualTo(401);
        assertThat(user.api(api()).get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void unknownRefreshTokensGet401() {
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", "made-up")).status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheSessionAtOnce() {
        TestUser user = TestUsers.register(api());
        TestUser otherLogin = TestUsers.login(api(), user.email(), user.password());

        assertThat(api().post("/api/auth/logout", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(204);

        assertThat(user.api(api()).get("/api/me").status()).isEqualTo(401);
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(401);
        assertThat(otherLogin.api(api()).get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void passwordChangeRevokesEverySession() {
        TestUser user = TestUsers.register(api());
        TestUser otherLogin = TestUsers.login(api(), user.email(), user.password());

        Api.Response changed = user.api(api()).post("/api/me/password",
                Map.of("currentPassword", user.password(), "newPassword", "a brand new password"));

        assertThat(changed.status()).isEqualTo(204);
        assertThat(user.api(api()).get("/api/me").status()).isEqualTo(401);
        assertThat(otherLogin.api(api()).get("/api/me").status()).isEqualTo(401);
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", otherLogin.refreshToken())).status()).isEqualTo(401);
        assertThat(fromOwnAddress().post("/api/auth/login", Map.of("email", user.email(), "password", user.password())).status())
                .isEqualTo(401);
        assertThat(TestUsers.login(api(), user.email(), "a brand new password").accessToken()).isNotBlank();
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndAValidNewOne() {
        TestUser user = TestUsers.register(api());
        Api.Response wrongCurrent = user.api(api()).post("/api/me/password",
                Map.of("currentPassword", "not it at all", "newPassword", "a brand new password"));
        Api.Response tooShort = user.api(api()).post("/api/me/password",
                Map.of("currentPassword", user.password(), "newPassword", "short"));

        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(user.api(api()).get("/api/me").status()).isEqualTo(200);
        assertThat(TestUsers.login(api(), user.email(), user.password()).accessToken()).isNotBlank();
    }

    @Test
    void sessionsAreListedAndCanBeRevokedOneByOne() {
        TestUser user = TestUsers.register(api());
        TestUser phone = TestUsers.login(api().withHeader("User-Agent", "phone"), user.email(), user.password());

        JsonNode sessions = user.api(api()).get("/api/me/sessions").json();
        assertThat(sessions).hasSize(2);
        JsonNode current = null;
        JsonNode other = null;
        for (JsonNode session : sessions) {
            if (session.get("current").asBoolean()) {
                current = session;
            } else {
                other = session;
            }
        }
        assertThat(current).isNotNull();
        assertThat(other).isNotNull();
        assertThat(other.get("userAgent").asString()).isEqualTo("phone");
        assertThat(other.get("createdAt").asString()).isNotBlank();
        assertThat(other.get("lastUsedAt").asString()).isNotBlank();
        assertThat(other.get("ip").asString()).isNotBlank();

        assertThat(user.api(api()).delete("/api/me/sessions/" + other.get("id").asString()).status()).isEqualTo(204);
        assertThat(phone.api(api()).get("/api/me").status()).isEqualTo(401);
        assertThat(user.api(api()).get("/api/me/sessions").json()).hasSize(1);
    }

    @Test
    void anotherUsersSessionIsNotFound() {
        TestUser owner = TestUsers.register(api());
        TestUser stranger = TestUsers.register(api());
        String sessionId = owner.api(api()).get("/api/me/sessions").json().get(0).get("id").asString();

        assertThat(stranger.api(api()).delete("/api/me/sessions/" + sessionId).status()).isEqualTo(404);
        assertThat(owner.api(api()).get("/api/me").status()).isEqualTo(200);
    }
}
