package dev.switchboard.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.UpdateReceived;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Updates enter the inbox once, in the accepting transaction; ignored ones are kept but never handled. */
class InboxIntakeTest extends ProcessingTest {

    @Autowired
    InboxRepository repository;

    @Test
    void onlyAChatThatWasNeitherDueNorInATurnCountsAsMadeDue() {
        UUID bot = UUID.randomUUID();
        UserId owner = someOwner();
        long chat = newChat();
        CountDownLatch turnMayEnd = new CountDownLatch(1);
        handler.script(chat, turn -> waitFor(turnMayEnd));

        long first = nextUpdateId();
        assertThat(storeDirectly(message(bot, owner, chat, first))).isEqualTo(1);
        // Due already, or leased by the turn that is now waiting: its claim or its completion takes this one.
        long second = nextUpdateId();
        assertThat(storeDirectly(message(bot, owner, chat, second))).isZero();
        turnMayEnd.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first) == InboxStatus.COMPLETED
                && status(second) == InboxStatus.COMPLETED);

        assertThat(storeDirectly(message(bot, owner, chat, nextUpdateId()))).isEqualTo(1);
    }

    @Test
    void storingAnUpdateWaitsForTheDiskAndLeasingAChatDoesNot() {
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        // Long ago, so no other chat is due before it; rolled back, so no worker ever sees it.
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        transactions.executeWithoutResult(status -> {
            repository.store(List.of(ProcessingItem.received(message(bot, someOwner(), chat, nextUpdateId()), longAgo)),
                    longAgo);
            assertThat(synchronousCommit()).isEqualTo("on");

            InboxRepository.LeasedChat leased = repository.leaseDueChat(longAgo, "test-worker",
                    longAgo.plusSeconds(60)).orElseThrow();
            assertThat(leased.lease().chatId()).isEqualTo(chat);
            assertThat(synchronousCommit()).isEqualTo("off");
            status.setRollbackOnly();
        });
    }

    private String synchronousCommit() {
        return jdbc.sql("SELECT current_setting('synchronous_commit')").query(String.class).single();
    }

    /** Stores one update the way intake does and returns how many chats the store made due. */
    private int storeDirectly(UpdateReceived update) {
        Instant now = Instant.now();
        return transactions.execute(status -> repository.store(List.of(ProcessingItem.received(update, now)), now))
                .chatsMadeDue();
    }

    @Test
    void repeatsOfOneUpdateStoreOneItemHandledOnce() {
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        long updateId = nextUpdateId();
        UpdateReceived update = message(bot, someOwner(), chat, updateId);

        accept(update);
        accept(update);
        accept(update);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        assertThat(jdbc.sql("SELECT count(*) FROM processing_item WHERE bot_id = ? AND update_id = ?")
                .params(bot, updateId).query(Long.class).single()).isEqualTo(1);
        accept(update);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.turnsOf(chat).size() == 1);
        assertThat(handler.turnsOf(chat).getFirst().updateIds()).containsExactly(updateId);
    }

    @Test
    void theSameUpdateIdOfAnotherBotIsAnotherItem() {
        long chat = newChat();
        long updateId = nextUpdateId();
        UserId owner = someOwner();

        accept(message(UUID.randomUUID(), owner, chat, updateId));
        accept(message(UUID.randomUUID(), owner, chat, updateId));

        assertThat(jdbc.sql("SELECT count(*) FROM processing_item WHERE update_id = ?")
                .param(updateId).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void unhandledTypesAndUpdatesWithoutAChatAreRecordedIgnoredAndNeverHandled() {
        UUID bot = UUID.randomUUID();
        long chat = newChat();
        long unhandled = nextUpdateId();
        long chatless = nextUpdateId();

        accept(new UpdateReceived(bot, someOwner(), unhandled, "edited_channel_post", false, chat, null,
                "{\"update_id\":" + unhandled + "}"));
        accept(new UpdateReceived(bot, someOwner(), chatless, "business_connection", true, null, 42L,
                "{\"update_id\":" + chatless + "}"));

        assertThat(status(unhandled)).isEqualTo(InboxStatus.IGNORED);
        assertThat(status(chatless)).isEqualTo(InboxStatus.IGNORED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> handler.turnsOf(chat).isEmpty());
        assertThat(handler.turns()).noneMatch(turn -> turn.updateIds().contains(chatless));
    }

    @Test
    void anUpdateIsStoredOnlyIfTheAcceptingTransactionCommits() {
        long updateId = nextUpdateId();

        transactions.executeWithoutResult(status -> {
            events.publishEvent(message(UUID.randomUUID(), someOwner(), newChat(), updateId));
            status.setRollbackOnly();
        });

        assertThat(jdbc.sql("SELECT count(*) FROM processing_item WHERE update_id = ?")
                .param(updateId).query(Long.class).single()).isZero();
    }

    @Test
    void storedUpdatesCarryTheirFacts() {
        UUID bot = UUID.randomUUID();
        UserId owner = someOwner();
        long chat = newChat();
        long updateId = nextUpdateId();
        List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        handler.script(chat, turn -> turn.items().forEach(item -> {
            assertThat(turn.botId()).isEqualTo(bot);
            assertThat(turn.ownerId()).isEqualTo(owner);
            assertThat(item.type()).isEqualTo("message");
            assertThat(item.fromUserId()).isEqualTo(chat);
            assertThat(item.json()).contains("\"hello " + updateId + "\"");
            assertThat(item.attempts()).isEqualTo(1);
            seen.add(item.updateId());
        }));

        accept(message(bot, owner, chat, updateId));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(updateId) == InboxStatus.COMPLETED);
        assertThat(seen).containsExactly(updateId);
    }
}
