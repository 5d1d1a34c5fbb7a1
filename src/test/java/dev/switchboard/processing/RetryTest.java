package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.TelegramException;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Promise 3: failures are classified, retried with backoff, given up on once, and every attempt is recorded. */
class RetryTest extends ProcessingTest {

    @Autowired
    MeterRegistry meters;

    private final UUID bot = UUID.randomUUID();
    private final UserId owner = someOwner();

    @Test
    void aRetryableFailureIsRetriedAfterABackoffAndThenCompletes() {
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                throw TurnException.retryable("model overloaded", null, null);
            }
        });

        long updateId = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        assertThat(handler.turnsOf(chat)).extracting(ScriptedHandler.Turn::attempt).containsExactly(1, 2);
        assertThat(outcomes(updateId)).containsExactly("FAILED", "COMPLETED");
        assertThat(errors(updateId).getFirst()).contains("model overloaded");
        assertThat(lastError(updateId)).contains("model overloaded");
        assertThat(handler.giveUpsOf(chat)).isEmpty();
    }

    @Test
    void aRetryAfterIsHonouredAndLaterUpdatesOfTheChatWaitForTheRetry() {
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                throw new TelegramException(TelegramException.Kind.RETRYABLE, "sendMessage", 429,
                        "Too Many Requests: retry after 2", Duration.ofSeconds(2), null);
            }
        });

        long first = send(bot, owner, chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first) == InboxStatus.FAILED);
        Instant failedAt = instant("last_error_at", first);
        Instant nextAttemptAt = instant("next_attempt_at", first);
        assertThat(nextAttemptAt).isAfterOrEqualTo(failedAt.plusSeconds(2));
        long second = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(second) == InboxStatus.COMPLETED);
        assertThat(status(first)).isEqualTo(InboxStatus.COMPLETED);
        assertThat(handler.turnsOf(chat)).extracting(ScriptedHandler.Turn::updateIds)
                .containsExactly(List.of(first), List.of(first, second));
        assertThat(instant("started_at", first, 2)).isAfterOrEqualTo(nextAttemptAt);
    }

    @Test
    void aFatalFailureIsTerminalAtOnceAndGivenUpOnOnce() {
        long chat = newChat();
        handler.script(chat, turn -> {
            throw TurnException.fatal("the bot was blocked by the user", null);
        });

        long updateId = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.TERMINAL);
        assertThat(jdbc.sql("SELECT terminal_reason FROM processing_item WHERE update_id = ?").param(updateId)
                .query(String.class).single()).contains("Failed fatally").contains("the bot was blocked by the user");
        assertThat(handler.giveUpsOf(chat)).singleElement().satisfies(giveUp -> {
            assertThat(giveUp.updateIds()).containsExactly(updateId);
            assertThat(giveUp.reason()).contains("the bot was blocked by the user");
        });
        assertThat(terminalEvents.ofChat(chat)).singleElement().satisfies(event -> {
            assertThat(event.botId()).isEqualTo(bot);
            assertThat(event.ownerId()).isEqualTo(owner);
            assertThat(event.itemIds()).hasSize(1);
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.turnsOf(chat).size() == 1);
        assertThat(outcomes(updateId)).containsExactly("TERMINAL");
        assertThat(meters.counter("switchboard.processing.attempts", "outcome", "terminal").count()).isPositive();
    }

    @Test
    void aFatalTelegramFailureIsTerminalAtOnce() {
        long chat = newChat();
        handler.script(chat, turn -> {
            throw new IllegalStateException("delivery failed", new TelegramException(TelegramException.Kind.FATAL,
                    "sendMessage", 403, "Forbidden: bot was blocked by the user", null, null));
        });

        long updateId = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.TERMINAL);
        assertThat(handler.turnsOf(chat)).hasSize(1);
        assertThat(lastError(updateId)).contains("IllegalStateException: delivery failed")
                .contains("Forbidden: bot was blocked by the user");
    }

    @Test
    void anyOtherExceptionIsRetriedUntilTheAttemptLimitThenTerminalWithOneGiveUpAndOneEvent() {
        long chat = newChat();
        handler.script(chat, turn -> {
            throw new IllegalStateException("boom on attempt " + turn.attempt());
        });

        long updateId = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(updateId) == InboxStatus.TERMINAL);
        assertThat(handler.turnsOf(chat)).extracting(ScriptedHandler.Turn::attempt).containsExactly(1, 2, 3);
        assertThat(handler.turnsOf(chat)).extracting(ScriptedHandler.Turn::lastAttempt)
                .containsExactly(false, false, true);
        assertThat(outcomes(updateId)).containsExactly("FAILED", "FAILED", "TERMINAL");
        assertThat(errors(updateId)).containsExactly("IllegalStateException: boom on attempt 1",
                "IllegalStateException: boom on attempt 2", "IllegalStateException: boom on attempt 3");
        assertThat(handler.giveUpsOf(chat)).singleElement()
                .satisfies(giveUp -> assertThat(giveUp.reason()).startsWith("Gave up after 3 attempts"));
        assertThat(terminalEvents.ofChat(chat)).singleElement()
                .satisfies(event -> assertThat(event.reason()).startsWith("Gave up after 3 attempts"));
    }

    @Test
    void aTerminalItemLetsTheChatMoveOn() {
        long chat = newChat();
        AtomicInteger calls = new AtomicInteger();
        handler.script(chat, turn -> {
            if (calls.incrementAndGet() == 1) {
                throw TurnException.fatal("first message cannot be answered", null);
            }
        });

        long first = send(bot, owner, chat);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first) == InboxStatus.TERMINAL);
        long second = send(bot, owner, chat);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(second) == InboxStatus.COMPLETED);
        assertThat(status(first)).isEqualTo(InboxStatus.TERMINAL);
    }

    private List<String> outcomes(long updateId) {
        return jdbc.sql("SELECT a.outcome FROM processing_attempt a JOIN processing_item i ON i.id = a.item_id"
                        + " WHERE i.update_id = ? ORDER BY a.started_at")
                .param(updateId).query(String.class).list();
    }

    private List<String> errors(long updateId) {
        return jdbc.sql("SELECT a.error FROM processing_attempt a JOIN processing_item i ON i.id = a.item_id"
                        + " WHERE i.update_id = ? ORDER BY a.started_at")
                .param(updateId).query(String.class).list();
    }

    private String lastError(long updateId) {
        return jdbc.sql("SELECT last_error FROM processing_item WHERE update_id = ?").param(updateId)
                .query(String.class).single();
    }

    private Instant instant(String column, long updateId) {
        return jdbc.sql("SELECT " + column + " FROM processing_item WHERE update_id = ?").param(updateId)
                .query(Timestamp.class).single().toInstant();
    }

    private Instant instant(String column, long updateId, int attempt) {
        return jdbc.sql("SELECT a." + column + " FROM processing_attempt a JOIN processing_item i ON i.id = a.item_id"
                        + " WHERE i.update_id = ? AND a.attempt = ?")
                .params(updateId, attempt).query(Timestamp.class).single().toInstant();
    }
}
