package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Sessions and refresh tokens dead for longer than a refresh-token lifetime are deleted; live ones,
 * and dead ones still within that time (so a replay is still caught), stay.
 */
class SessionRetentionTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdentityProperties properties;

    @Test
    void deadSessionsAndLongExpiredTokensAreDeletedLiveOnesStay() {
        Duration lifetime = properties.refreshTokenTtl();
        TestUser live = TestUsers.register(api());
        // A live session with a history: its first token was spent (by this refresh) long ago.
        JsonNode refreshed = api().post("/api/auth/refresh", Map.of("refreshToken", live.refreshToken())).json();
        String liveToken = refreshed.get("refreshToken").asString();
        UUID liveSession = sessionOf(liveToken);
        ageToken(live.refreshToken(), lifetime.multipliedBy(2).plusDays(1));

        TestUser revokedLongAgo = TestUsers.register(api());
        UUID revokedLongAgoSession = sessionOf(revokedLongAgo.refreshToken());
        api().post("/api/auth/logout", Map.of("refreshToken", revokedLongAgo.refreshToken()));
        jdbc.sql("UPDATE identity_session SET revoked_at = revoked_at - make_interval(days => ?::int) WHERE id = ?")
                .params(lifetime.toDays() + 1, revokedLongAgoSession).update();

        TestUser revokedRecently = TestUsers.register(api());
        UUID revokedRecentlySession = sessionOf(revokedRecently.refreshToken());
        api().post("/api/auth/logout", Map.of("refreshToken", revokedRecently.refreshToken()));

        TestUser abandoned = TestUsers.register(api());
        UUID abandonedSession = sessionOf(abandoned.refreshToken());
        ageSession(abandonedSession, lifetime.multipliedBy(2).plusDays(1));
        ageToken(abandoned.refreshToken(), lifetime.multipliedBy(2).plusDays(1));

        TestUser abandonedRecently = TestUsers.register(api());
        UUID abandonedRecentlySession = sessionOf(abandonedRecently.refreshToken());
        ageSession(abandonedRecentlySession, lifetime.multipliedBy(2).minusDays(1));
        ageToken(abandonedRecently.refreshToken(), lifetime.multipliedBy(2).minusDays(1));

        assertThat(SessionRetention.deleteDead(jdbc, Clock.systemUTC(), lifetime)).isGreaterThanOrEqualTo(3);

        assertThat(sessionExists(revokedLongAgoSession)).as("revoked a lifetime and a day ago").isFalse();
        assertThat(tokenCount(revokedLongAgoSession)).as("its tokens").isZero();
        assertThat(sessionExists(abandonedSession)).as("last token expired a lifetime and a day ago").isFalse();
        assertThat(tokenCount(abandonedSession)).as("its tokens").isZero();
        assertThat(sessionExists(revokedRecentlySession)).as("revoked just now").isTrue();
        assertThat(tokenCount(revokedRecentlySession)).as("its token").isEqualTo(1);
        assertThat(sessionExists(abandonedRecentlySession)).as("last token expired a lifetime less a day ago").isTrue();
        assertThat(sessionExists(liveSession)).as("live").isTrue();
        assertThat(tokenCount(liveSession)).as("the live session's long-expired spent token went, its current one stayed")
                .isEqualTo(1);
        assertThat(api().post("/api/auth/refresh", Map.of("refreshToken", liveToken)).status()).as("the live session")
                .isEqualTo(200);
    }

    @Test
    void theCleanUpIsScheduledOnTheSharedScheduler() {
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'identity-session-retention'")
                .query(Long.class).single()).isEqualTo(1);
    }

    private UUID sessionOf(String refreshToken) {
        return jdbc.sql("SELECT session_id FROM identity_refresh_token WHERE token_hash = ?")
                .param(SecretTokens.sha256(refreshToken)).query(UUID.class).single();
    }

    private void ageSession(UUID session, Duration by) {
        jdbc.sql("UPDATE identity_session SET created_at = created_at - make_interval(secs => ?),"
                        + " last_used_at = last_used_at - make_interval(secs => ?) WHERE id = ?")
                .params(by.toSeconds(), by.toSeconds(), session).update();
    }

    private void ageToken(String refreshToken, Duration by) {
        jdbc.sql("UPDATE identity_refresh_token SET created_at = created_at - make_interval(secs => ?),"
                        + " expires_at = expires_at - make_interval(secs => ?) WHERE token_hash = ?")
                .params(by.toSeconds(), by.toSeconds(), SecretTokens.sha256(refreshToken)).update();
    }

    private boolean sessionExists(UUID session) {
        return jdbc.sql("SELECT count(*) FROM identity_session WHERE id = ?").param(session).query(Long.class).single() == 1;
    }

    private long tokenCount(UUID session) {
        return jdbc.sql("SELECT count(*) FROM identity_refresh_token WHERE session_id = ?").param(session)
                .query(Long.class).single();
    }
}
