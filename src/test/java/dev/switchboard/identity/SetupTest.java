package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import org.junit.jupiter.api.Test;

/** {@code GET /api/setup} tells the first-run page whether an admin must still be created. */
class SetupTest extends IntegrationTest {

    @Test
    void onceAUserExistsNoAdminIsNeededAndAnyoneMayAsk() {
        Api.Response setup = api().get("/api/setup");

        assertThat(setup.status()).isEqualTo(200);
        assertThat(setup.contentType()).startsWith("application/json");
        assertThat(setup.json().get("needsAdmin").asBoolean()).isFalse();
    }

    @Test
    void aStaleTokenDoesNotStopTheAnswer() {
        Api.Response setup = api().as("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl").get("/api/setup");

        assertThat(setup.status()).isEqualTo(200);
    }
}
