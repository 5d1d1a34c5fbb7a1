package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.telegram.InlineButton;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestCallbacks;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inline keyboards out and button presses back: the plumbing the approval buttons stand on, round
 * trip through the fake Telegram, with {@link TestCallbacks} as the handler.
 */
class CallbackQueryTest extends IntegrationTest {

    private static final AtomicLong CHATS = new AtomicLong(830_000_000L);

    @Autowired
    OutboxService outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TestCallbacks handler;

    private TestBot bot;

    @BeforeEach
    void bot() {
        Api owner = TestUsers.register(api()).api(api());
        bot = TestBots.create(owner, TELEGRAM, TestModels.create(owner, LLM.baseUrl()), "webhook", Map.of());
    }

    @Test
    void aReplyCarriesItsButtonsAndAPressReachesTheHandlerWhichEditsThemAwayAndIsAnswered() {
        long chat = CHATS.incrementAndGet();
        transactions.executeWithoutResult(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), chat, "Send it?")
                .withButtons(List.of(InlineButton.row(new InlineButton("Yes", "test:yes"),
                        new InlineButton("No", "test:no"))))));
        SentText sent = TELEGRAM.awaitSentMessages(chat, 1).getFirst();
        assertThat(sent.buttons()).containsExactly(List.of("Yes=test:yes", "No=test:no"));

        String queryId = "q-" + chat;
        deliver(TelegramUpdates.callbackQuery(queryId, chat, chat, sent.messageId(), "test:yes"));

        FakeTelegram.CallbackAnswer answer = TELEGRAM.awaitCallbackAnswer(queryId);
        assertThat(answer.text()).isEqualTo("Got yes");
        assertThat(answer.showAlert()).isFalse();
        assertThat(handler.seen()).filteredOn(q -> q.id().equals(queryId)).singleElement().satisfies(q -> {
            assertThat(q.botId()).isEqualTo(bot.id());
            assertThat(q.fromUserId()).isEqualTo(chat);
            assertThat(q.chatId()).isEqualTo(chat);
            assertThat(q.messageId()).isEqualTo(sent.messageId());
        });
        org.awaitility.Awaitility.await().until(() -> TELEGRAM.messageText(chat, sent.messageId())
                .orElse("").equals("You chose yes"));
        assertThat(TELEGRAM.messageButtons(chat, sent.messageId())).isEmpty();
    }

    @Test
    void aPressNoHandlerTakesIsAnsweredWithNothingAndStoresNoMessage() {
        long chat = CHATS.incrementAndGet();
        String queryId = "q-" + chat;

        deliver(TelegramUpdates.callbackQuery(queryId, chat, chat, 1, "nobody:wants-this"));

        FakeTelegram.CallbackAnswer answer = TELEGRAM.awaitCallbackAnswer(queryId);
        assertThat(answer.text()).isNull();
        assertThat(handler.seen()).noneMatch(q -> q.id().equals(queryId));
        assertThat(TELEGRAM.sentMessages(chat)).isEmpty();
    }

    @Test
    void aLongReplyCarriesItsButtonsUnderItsLastMessageOnly() {
        long chat = CHATS.incrementAndGet();
        String text = "word ".repeat(1500).strip();
        transactions.executeWithoutResult(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), chat, text)
                .withButtons(List.of(InlineButton.row(new InlineButton("OK", "test:ok"))))));

        List<SentText> sent = TELEGRAM.awaitSentMessages(chat, 2);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).buttons()).isEmpty();
        assertThat(sent.get(1).buttons()).containsExactly(List.of("OK=test:ok"));
    }

    @Test
    void anEditCanReplaceTheButtons() {
        long chat = CHATS.incrementAndGet();
        transactions.executeWithoutResult(status -> outbox.enqueue(OutgoingReply.plain(bot.id(), chat, "Pick one")
                .withButtons(List.of(InlineButton.row(new InlineButton("A", "test:a"))))));
        long messageId = TELEGRAM.awaitSentMessages(chat, 1).getFirst().messageId();

        transactions.executeWithoutResult(status -> outbox.enqueueAsEditOf(OutgoingReply.plain(bot.id(), chat,
                "Pick again").withButtons(List.of(InlineButton.row(new InlineButton("B", "test:b")),
                        InlineButton.row(new InlineButton("C", "test:c")))), messageId));

        org.awaitility.Awaitility.await().until(() -> TELEGRAM.messageText(chat, messageId).orElse("")
                .equals("Pick again"));
        assertThat(TELEGRAM.messageButtons(chat, messageId)).containsExactly(List.of("B=test:b"), List.of("C=test:c"));
    }

    @Test
    void buttonDataOverTelegramsLimitIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> new InlineButton("Too long", "x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InlineButton(" ", "ok")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new InlineButton("Fits", "é".repeat(32)).callbackData()).hasSize(32);
    }

    private void deliver(tools.jackson.databind.node.ObjectNode update) {
        assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).isEqualTo(200);
    }

}
