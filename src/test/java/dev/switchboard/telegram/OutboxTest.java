package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class OutboxTest extends IntegrationTest {

    private static final AtomicLong CHATS = new AtomicLong(500_000);

    @Autowired
    OutboxService outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    private TestBot bot;

    @BeforeEach
    void bot() {
        Api owner = TestUsers.register(api()).api(api());
        bot = TestBots.create(owner, TELEGRAM, TestModels.create(owner, LLM.baseUrl()), "webhook", Map.of());
    }

    @Test
    void aReplyIsSentOnceAfterItsTransactionCommitsAndItsMessageIdIsRecorded() {
        long chat = CHATS.incrementAndGet();

        List<UUID> ids = enqueue(new OutgoingReply(bot.id(), chat, "<b>Hello</b> there", ReplyFormat.HTML,
                "Hello there", null, null, "ref-1"));

        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        assertThat(sent.plainText()).isEqualTo("Hello there");
        assertThat(sent.parseMode()).isEqualTo("HTML");
        await().untilAsserted(() -> assertThat(row(ids.getFirst())).containsEntry("status", "SENT")
                .containsEntry("telegram_message_id", sent.messageId()));
        assertThat(TELEGRAM.sentMessages(chat)).hasSize(1);
    }

    @Test
    void aRolledBackTransactionSendsNothing() {
        long chat = CHATS.incrementAndGet();

        transactions.executeWithoutResult(status -> {
            outbox.enqueue(OutgoingReply.plain(bot.id(), chat, "never"));
            status.setRollbackOnly();
        });

        long marker = CHATS.incrementAndGet();
        enqueue(OutgoingReply.plain(bot.id(), marker, "after"));
        TELEGRAM.awaitSentMessages(marker, 1);
        assertThat(TELEGRAM.sentMessages(chat)).isEmpty();
    }

    @Test
    void oneChatGetsAtMostOneMessageASecondInOrderWhileOtherChatsAreNotHeldUp() {
        long busy = CHATS.incrementAndGet();
        long other = CHATS.incrementAndGet();

        transactions.executeWithoutResult(status -> {
            for (int i = 1; i <= 3; i++) {
                outbox.enqueue(OutgoingReply.plain(bot.id(), busy, "part " + i));
            }
            outbox.enqueue(OutgoingReply.plain(bot.id(), other, "quick"));
        });

        List<SentText> sent = TELEGRAM.awaitSentMessages(busy, 3);
        assertThat(sent).extracting(SentText::text).containsExactly("part 1", "part 2", "part 3");
        for (int i = 1; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 1).at(), sent.get(i).at())).isGreaterThan(Duration.ofMillis(900));
        }
        SentText quick = TELEGRAM.sentMessages(other).getFirst();
        assertThat(quick.at()).isBefore(sent.get(1).at());
    }

    @Test
    void onlyAReplyWithNothingWaitingAheadOfItInItsChatIsWrittenClaimedByThisInstance() {
        long chat = CHATS.incrementAndGet();

        List<Map<String, Object>> written = transactions.execute(status -> {
            UUID first = outbox.enqueue(OutgoingReply.plain(bot.id(), chat, "first")).getFirst();
            UUID second = outbox.enqueue(OutgoingReply.plain(bot.id(), chat, "second")).getFirst();
            return List.of(claim(first), claim(second));
        });

        // Born claimed: leased and its attempt counted, so the sender takes it without a claim.
        assertThat(written.getFirst()).containsEntry("leased", true).containsEntry("attempts", 1);
        // Behind it: waits for the dispatcher's claim, which takes it only once the first is sent.
        assertThat(written.getLast()).containsEntry("leased", false).containsEntry("attempts", 0);
        assertThat(TELEGRAM.awaitSentMessages(chat, 2)).extracting(SentText::text).containsExactly("first", "second");
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterTelegramsRetryAfter() {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.tooManyRequests(2).on("sendMessage").forChat(chat));

        enqueue(OutgoingReply.plain(bot.id(), chat, "patient"));

        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        var refused = TELEGRAM.calls("sendMessage").stream()
                .filter(call -> chat == call.chatId() && call.status() == 429).findFirst().orElseThrow();
        assertThat(Duration.between(refused.at(), sent.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void formattingTelegramCannotParseIsResentAsPlainText() {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.cantParseEntities().on("sendMessage").forChat(chat));

        enqueue(new OutgoingReply(bot.id(), chat, "<b>broken", ReplyFormat.HTML, "broken, plainly", null, null, null));

        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        assertThat(sent.text()).isEqualTo("broken, plainly");
        assertThat(sent.parseMode()).isNull();
    }

    @Test
    void aUserWhoBlockedTheBotFailsTheReplyAtOnce() {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.botBlocked().on("sendMessage").forChat(chat).always());

        UUID id = enqueue(OutgoingReply.plain(bot.id(), chat, "hello?")).getFirst();

        await().untilAsserted(() -> assertThat(row(id)).containsEntry("status", "FAILED"));
        assertThat(row(id).get("last_error").toString()).contains("blocked");
        assertThat(TELEGRAM.calls("sendMessage").stream().filter(call -> chat == call.chatId())).hasSize(1);
    }

    @Test
    void aRetryableFailureIsRetriedAndSentOnce() {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.serverError().on("sendMessage").forChat(chat).times(2));

        enqueue(OutgoingReply.plain(bot.id(), chat, "eventually"));

        TELEGRAM.awaitSentMessages(chat, 1);
        await().during(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(TELEGRAM.sentMessages(chat)).hasSize(1));
    }

    @Test
    void aReplyLongerThanOneMessageIsSplitAtParagraphsAndSentInOrder() {
        long chat = CHATS.incrementAndGet();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append("Paragraph ").append(i).append(' ').append("words ".repeat(30)).append("\n\n");
        }

        List<UUID> ids = enqueue(OutgoingReply.plain(bot.id(), chat, text.toString()));

        assertThat(ids).hasSizeGreaterThan(1);
        List<SentText> sent = TELEGRAM.awaitSentMessages(chat, ids.size());
        assertThat(sent).allSatisfy(message -> assertThat(message.text().length()).isLessThanOrEqualTo(4096));
        assertThat(sent.getFirst().text()).startsWith("Paragraph 0 ");
        assertThat(sent.getLast().text()).contains("Paragraph 49 ");
        // Nothing is lost or reordered; only the whitespace at the cuts goes.
        assertThat(String.join(" ", sent.stream().map(SentText::text).toList()).replaceAll("\\s+", " "))
                .isEqualTo(text.toString().strip().replaceAll("\\s+", " "));
    }

    @Test
    void finishedRepliesOlderThanTheRetentionAreDeletedWaitingAndRecentOnesStay(
            @Autowired OutboxProperties properties) {
        long sentChat = CHATS.incrementAndGet();
        long blockedChat = CHATS.incrementAndGet();
        long limitedChat = CHATS.incrementAndGet();
        TELEGRAM.inject(Fault.botBlocked().on("sendMessage").forChat(blockedChat).always());
        UUID oldSent = enqueue(OutgoingReply.plain(bot.id(), sentChat, "old")).getFirst();
        UUID recentSent = enqueue(OutgoingReply.plain(bot.id(), sentChat, "recent")).getFirst();
        UUID oldFailed = enqueue(OutgoingReply.plain(bot.id(), blockedChat, "blocked")).getFirst();
        await().untilAsserted(() -> {
            assertThat(row(oldSent)).containsEntry("status", "SENT");
            assertThat(row(recentSent)).containsEntry("status", "SENT");
            assertThat(row(oldFailed)).containsEntry("status", "FAILED");
        });
        // Told to wait an hour: it stays PENDING through the test.
        TELEGRAM.inject(Fault.tooManyRequests(3600).on("sendMessage").forChat(limitedChat).times(1));
        UUID oldWaiting = enqueue(OutgoingReply.plain(bot.id(), limitedChat, "still trying")).getFirst();
        await().untilAsserted(() -> assertThat(claim(oldWaiting)).containsEntry("attempts", 1));
        age(oldSent, 31);
        age(oldFailed, 31);
        age(oldWaiting, 31);
        age(recentSent, 29);

        assertThat(OutboxRetention.FINISHED_REPLIES.deleteOlderThan(jdbc, Clock.systemUTC(), properties.retention()))
                .isGreaterThanOrEqualTo(2);

        assertThat(exists(oldSent)).as("sent 31 days ago").isFalse();
        assertThat(exists(oldFailed)).as("failed, written 31 days ago").isFalse();
        assertThat(exists(recentSent)).as("sent 29 days ago").isTrue();
        assertThat(row(oldWaiting)).as("waiting, written 31 days ago").containsEntry("status", "PENDING");
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'telegram-outbox-retention'")
                .query(Long.class).single()).as("scheduled").isEqualTo(1);
    }

    private void age(UUID id, int days) {
        jdbc.sql("UPDATE telegram_outbox SET created_at = created_at - make_interval(days => ?) WHERE id = ?")
                .params(days, id).update();
    }

    private boolean exists(UUID id) {
        return jdbc.sql("SELECT count(*) FROM telegram_outbox WHERE id = ?").param(id).query(Long.class).single() == 1;
    }

    private List<UUID> enqueue(OutgoingReply reply) {
        return transactions.execute(status -> outbox.enqueue(reply));
    }

    private Map<String, Object> claim(UUID id) {
        return jdbc.sql("SELECT lease_until IS NOT NULL AS leased, attempts FROM telegram_outbox WHERE id = ?")
                .param(id).query().singleRow();
    }

    private Map<String, Object> row(UUID id) {
        return jdbc.sql("SELECT status, telegram_message_id, last_error FROM telegram_outbox WHERE id = ?")
                .param(id).query().singleRow();
    }
}
