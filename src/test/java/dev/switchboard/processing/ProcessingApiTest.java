package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.UpdateReceived;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The owner's view of the inbox: list, filters, detail with attempts, manual retry, counts; scoped to the caller. */
class ProcessingApiTest extends ProcessingTest {

    private TestUser alice;
    private TestUser bob;
    private UUID aliceBot;

    @BeforeEach
    void users() {
        // Registered without TestUsers.register(Api), which would make this database's first user the shared test admin.
        alice = TestUsers.register(api(), TestUsers.uniqueEmail("alice"), TestUsers.PASSWORD);
        bob = TestUsers.register(api(), TestUsers.uniqueEmail("bob"), TestUsers.PASSWORD);
        aliceBot = UUID.randomUUID();
    }

    @Test
    void listsOnlyTheCallersItemsNewestFirstFilteredByStatusAndBot() {
        long chat = newChat();
        long first = send(aliceBot, owner(alice), chat);
        long second = send(aliceBot, owner(alice), chat);
        long ignored = nextUpdateId();
        accept(new UpdateReceived(aliceBot, owner(alice), ignored, "poll", false, null, null, "{\"update_id\":" + ignored + "}"));
        UUID otherBot = UUID.randomUUID();
        long onOtherBot = send(otherBot, owner(alice), newChat());
        long bobs = send(UUID.randomUUID(), owner(bob), newChat());
        await().atMost(Duration.ofSeconds(10)).until(() -> status(second) == InboxStatus.COMPLETED
                && status(onOtherBot) == InboxStatus.COMPLETED && status(bobs) == InboxStatus.COMPLETED);

        Api.Response all = as(alice).get("/api/processing");
        assertThat(all.status()).isEqualTo(200);
        assertThat(updateIds(all.json())).containsExactly(onOtherBot, ignored, second, first);
        JsonNode item = all.json().get(3);
        assertThat(item.get("botId").asString()).isEqualTo(aliceBot.toString());
        assertThat(item.get("chatId").asLong()).isEqualTo(chat);
        assertThat(item.get("type").asString()).isEqualTo("message");
        assertThat(item.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        assertThat(item.get("receivedAt").asString()).isNotBlank();
        assertThat(item.get("completedAt").asString()).isNotBlank();

        assertThat(updateIds(as(alice).get("/api/processing?status=COMPLETED&botId=" + aliceBot).json()))
                .containsExactly(second, first);
        assertThat(updateIds(as(alice).get("/api/processing?status=ignored").json())).containsExactly(ignored);
        assertThat(updateIds(as(alice).get("/api/processing?botId=" + otherBot).json())).containsExactly(onOtherBot);
        assertThat(updateIds(as(alice).get("/api/processing?limit=2").json())).containsExactly(onOtherBot, ignored);
        assertThat(updateIds(as(bob).get("/api/processing").json())).containsExactly(bobs);
    }

    @Test
    void anUnknownStatusOrLimitIsAProblem400() {
        Api.Response badStatus = as(alice).get("/api/processing?status=DONE");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.contentType()).startsWith("application/problem+json");
        assertThat(badStatus.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
        assertThat(badStatus.json().get("errors").get(0).get("message").asString()).contains("TERMINAL");

        assertThat(as(alice).get("/api/processing?limit=0").status()).isEqualTo(400);
        assertThat(as(alice).get("/api/processing?botId=not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void theDetailShowsPayloadAndEveryAttemptAndAnotherUsersItemIsNotFound() {
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                throw TurnException.retryable("provider timed out", null, null);
            }
        });
        long updateId = send(aliceBot, owner(alice), chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        String id = idOf(alice, updateId);

        JsonNode detail = as(alice).get("/api/processing/" + id).json();

        assertThat(detail.get("id").asString()).isEqualTo(id);
        assertThat(detail.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(detail.get("attempts").asInt()).isEqualTo(2);
        assertThat(detail.get("lastError").asString()).contains("provider timed out");
        assertThat(detail.get("payload").get("update_id").asLong()).isEqualTo(updateId);
        JsonNode history = detail.get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(history.get(0).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(history.get(0).get("error").asString()).contains("provider timed out");
        assertThat(history.get(0).get("worker").asString()).isNotBlank();
        assertThat(history.get(1).get("outcome").asString()).isEqualTo("COMPLETED");

        Api.Response strangers = as(bob).get("/api/processing/" + id);
        assertThat(strangers.status()).isEqualTo(404);
        assertThat(strangers.contentType()).startsWith("application/problem+json");
        assertThat(as(alice).get("/api/processing/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void aTerminalItemRetriedByHandStartsAfreshAndCompletesKeepingItsHistory() {
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                throw TurnException.fatal("token revoked", null);
            }
        });
        long updateId = send(aliceBot, owner(alice), chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.TERMINAL);
        String id = idOf(alice, updateId);
        assertThat(as(bob).post("/api/processing/" + id + "/retry", null).status()).isEqualTo(404);

        Api.Response retried = as(alice).post("/api/processing/" + id + "/retry", null);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("status").asString()).isIn("RECEIVED", "PROCESSING", "COMPLETED");
        assertThat(retried.json().has("terminalReason")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        JsonNode detail = as(alice).get("/api/processing/" + id).json();
        assertThat(detail.get("attempts").asInt()).isEqualTo(1);
        assertThat(detail.get("lastError").asString()).contains("token revoked");
        assertThat(detail.get("history")).extracting(attempt -> attempt.get("outcome").asString())
                .containsExactly("TERMINAL", "COMPLETED");
        assertThat(handler.giveUpsOf(chat)).hasSize(1);
    }

    @Test
    void completedAndRunningItemsCannotBeRetried() {
        long chat = newChat();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                waitFor(release);
            }
        });
        long running = send(aliceBot, owner(alice), chat);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(running) == InboxStatus.PROCESSING);
            Api.Response conflict = as(alice).post("/api/processing/" + idOf(alice, running) + "/retry", null);
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.contentType()).startsWith("application/problem+json");
            assertThat(conflict.json().get("detail").asString()).contains("PROCESSING");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(running) == InboxStatus.COMPLETED);
        assertThat(as(alice).post("/api/processing/" + idOf(alice, running) + "/retry", null).status()).isEqualTo(409);
    }

    @Test
    void theSummaryCountsTheCallersItemsPerStatus() {
        long chat = newChat();
        handler.script(chat, turn -> {
            throw TurnException.fatal("bot blocked", null);
        });
        long terminal = send(aliceBot, owner(alice), chat);
        long completed = send(UUID.randomUUID(), owner(alice), newChat());
        send(UUID.randomUUID(), owner(bob), newChat());
        await().atMost(Duration.ofSeconds(10)).until(() -> status(terminal) == InboxStatus.TERMINAL
                && status(completed) == InboxStatus.COMPLETED);

        JsonNode counts = as(alice).get("/api/processing/summary").json().get("counts");
        assertThat(counts.get("TERMINAL").asLong()).isEqualTo(1);
        assertThat(counts.get("COMPLETED").asLong()).isEqualTo(1);
        assertThat(counts.get("RECEIVED").asLong()).isZero();
        assertThat(counts.get("IGNORED").asLong()).isZero();
        JsonNode ofBot = as(alice).get("/api/processing/summary?botId=" + aliceBot).json().get("counts");
        assertThat(ofBot.get("TERMINAL").asLong()).isEqualTo(1);
        assertThat(ofBot.get("COMPLETED").asLong()).isZero();
    }

    @Test
    void withoutCredentialsEveryProcessingRouteIs401() {
        String id = UUID.randomUUID().toString();
        for (Api.Response response : List.of(api().get("/api/processing"), api().get("/api/processing/summary"),
                api().get("/api/processing/" + id), api().post("/api/processing/" + id + "/retry", null))) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    private Api as(TestUser user) {
        return user.api(api());
    }

    private static UserId owner(TestUser user) {
        return new UserId(user.id());
    }

    private String idOf(TestUser user, long updateId) {
        return StreamSupport.stream(as(user).get("/api/processing?limit=500").json().spliterator(), false)
                .filter(item -> item.get("updateId").asLong() == updateId)
                .findFirst().orElseThrow()
                .get("id").asString();
    }

    private static List<Long> updateIds(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("updateId").asLong()).toList();
    }
}
