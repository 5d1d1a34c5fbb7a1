package dev.switchboard.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Users for integration tests, created through the real API.
 *
 * <pre>{@code
 * TestUser alice = TestUsers.register(api());      // a fresh USER, logged in
 * api().as(alice.accessToken()).get("/api/me");
 * TestUser admin = TestUsers.admin(api());         // the ADMIN of the shared test database
 * }</pre>
 *
 * All integration tests share one database. Its first user becomes ADMIN, so {@link IntegrationTest}
 * registers the admin (once, lazily) before any test runs; create every other user through
 * {@link #register(Api)}, which gives each a unique email.
 */
public final class TestUsers {

    /** The admin's login in the shared test database. */
    public static final String ADMIN_EMAIL = "admin@switchboard.test";
    public static final String PASSWORD = "correct horse battery staple";

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static boolean adminRegistered;

    private TestUsers() {
    }

    /**
     * A logged-in user.
     *
     * @param id the user's id
     * @param accessToken a fresh JWT access token
     * @param refreshToken the matching refresh token
     */
    public record TestUser(UUID id, String email, String password, String accessToken, String refreshToken) {

        /** The given client authenticated as this user. */
        public Api api(Api api) {
            return api.as(accessToken);
        }
    }

    /** Registers a new USER with a unique email and logs them in. */
    public static TestUser register(Api api) {
        ensureAdmin(api);
        return register(api, uniqueEmail("user"), PASSWORD);
    }

    /** Registers a user with the given email and password and logs them in. */
    public static TestUser register(Api api, String email, String password) {
        Api.Response registered = api.post("/api/auth/register", Map.of("email", email, "password", password));
        if (registered.status() != 201) {
            throw new IllegalStateException("Registering " + email + " failed: " + registered);
        }
        return login(api, email, password);
    }

    /** Logs an existing user in; fails the test if that does not work. */
    public static TestUser login(Api api, String email, String password) {
        Api.Response response = api.post("/api/auth/login", Map.of("email", email, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("Login of " + email + " failed: " + response);
        }
        JsonNode tokens = response.json();
        String accessToken = tokens.get("accessToken").asString();
        JsonNode me = api.as(accessToken).get("/api/me").json();
        return new TestUser(UUID.fromString(me.get("id").asString()), email, password, accessToken,
                tokens.get("refreshToken").asString());
    }

    /** The admin (the first user of the shared test database), freshly logged in. */
    public static TestUser admin(Api api) {
        ensureAdmin(api);
        return login(api, ADMIN_EMAIL, PASSWORD);
    }

    /** An email no other test uses. */
    public static String uniqueEmail(String hint) {
        return hint + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@switchboard.test";
    }

    /** Registers the admin if this JVM has not yet; a no-op afterwards. */
    static synchronized void ensureAdmin(Api api) {
        if (adminRegistered) {
            return;
        }
        Api.Response response = api.post("/api/auth/register", Map.of("email", ADMIN_EMAIL, "password", PASSWORD,
                "name", "Test Admin"));
        if (response.status() == 201 && !"ADMIN".equals(response.json().get("role").asString())) {
            throw new IllegalStateException("The test admin was not the first user of the test database: "
                    + "register users through TestUsers only");
        }
        if (response.status() != 201 && response.status() != 409) {
            throw new IllegalStateException("Registering the test admin failed: " + response);
        }
        adminRegistered = true;
    }
}
