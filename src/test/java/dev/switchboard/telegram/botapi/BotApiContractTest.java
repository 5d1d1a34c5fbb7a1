package dev.switchboard.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.switchboard.telegram.InlineButton;
import dev.switchboard.telegram.TelegramException;
import dev.switchboard.telegram.TelegramException.Kind;
import dev.switchboard.telegram.TelegramProperties;
import dev.switchboard.testing.FakeTelegram;
import dev.switchboard.testing.Fault;
import dev.switchboard.testing.TelegramUpdates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Bot API adapter against the protocol-level fake: every method, the long poll, every failure class. */
class BotApiContractTest {

    static final String TOKEN = "123456:TEST-TOKEN-not-real";
    static final long BOT_ID = 123456;
    static final String OTHER_TOKEN = "654321:OTHER-TEST-TOKEN-not-real";
    static final long CHAT = 4242;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static FakeTelegram telegram;
    static BotApiFactory factory;
    BotApi api;

    @BeforeAll
    static void startFake() {
        telegram = FakeTelegram.start()
                .addBot(TOKEN, BOT_ID, "switchboard_test_bot")
                .addBot(OTHER_TOKEN, 654321, "other_test_bot");
        factory = factory(telegram.apiUrl(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopFake() {
        factory.destroy();
        telegram.close();
    }

    @BeforeEach
    void freshFake() {
        telegram.reset();
        api = factory.forToken(TOKEN);
    }

    static BotApiFactory factory(URI apiUrl, Duration readTimeout) {
        return new BotApiFactory(new TelegramProperties(apiUrl, Duration.ofSeconds(2), readTimeout));
    }

    @Test
    void getMeTellsWhoTheTokenBelongsTo() {
        assertThat(api.getMe()).isEqualTo(new BotIdentity(BOT_ID, "switchboard_test_bot", "Test bot switchboard_test_bot"));
        assertThat(factory.forToken(OTHER_TOKEN).getMe().username()).isEqualTo("other_test_bot");
    }

    @Test
    void aBaseUrlWithATrailingSlashWorks() {
        var withSlash = factory.forToken(TOKEN, URI.create(telegram.apiUrl() + "/"));
        assertThat(withSlash.getMe().id()).isEqualTo(BOT_ID);
    }

    @Test
    void setWebhookRegistersUrlSecretAllowedUpdatesAndConnectionLimit() {
        api.setWebhook(new WebhookRegistration(URI.create("https://switchboard.example/telegram/webhook/7"),
                "s3cret_-Token", List.of("message", "callback_query"), 20));

        var webhook = telegram.webhook(TOKEN).orElseThrow();
        assertThat(webhook.url()).hasToString("https://switchboard.example/telegram/webhook/7");
        assertThat(webhook.secretToken()).isEqualTo("s3cret_-Token");
        assertThat(webhook.maxConnections()).isEqualTo(20);

        var info = api.getWebhookInfo();
        assertThat(info.isSet()).isTrue();
        assertThat(info.url()).isEqualTo("https://switchboard.example/telegram/webhook/7");
        assertThat(info.maxConnections()).isEqualTo(20);
        assertThat(info.allowedUpdates()).containsExactly("message", "callback_query");

        api.deleteWebhook(false);
        assertThat(telegram.webhook(TOKEN)).isEmpty();
        assertThat(api.getWebhookInfo().isSet()).isFalse();
    }

    @Test
    void getUpdatesReturnsEachUpdateAsBotApiJsonWithItsType() {
        var first = telegram.enqueueUpdate(TOKEN, TelegramUpdates.privateText(CHAT, "hello"));
        telegram.enqueueUpdate(TOKEN, TelegramUpdates.businessMessage("biz-1", 77, "price?"));
        telegram.enqueueUpdate(TOKEN, TelegramUpdates.callbackQuery("cb-1", CHAT, CHAT, 5, "approve:9"));

        var updates = api.getUpdates(0, Duration.ZERO, List.of());

        assertThat(updates).extracting(IncomingUpdate::updateId).containsExactly(first, first + 1, first + 2);
        assertThat(updates).extracting(IncomingUpdate::type)
                .containsExactly("message", "business_message", "callback_query");
        var message = JSON.readTree(updates.get(0).json());
        assertThat(message.path("update_id").asLong()).isEqualTo(first);
        assertThat(message.path("message").path("chat").path("id").asLong()).isEqualTo(CHAT);
        assertThat(message.path("message").path("text").asString()).isEqualTo("hello");
        var business = JSON.readTree(updates.get(1).json()).path("business_message");
        assertThat(business.path("business_connection_id").asString()).isEqualTo("biz-1");
        var callback = JSON.readTree(updates.get(2).json()).path("callback_query");
        assertThat(callback.path("data").asString()).isEqualTo("approve:9");
        assertThat(callback.path("message").path("message_id").asLong()).isEqualTo(5);
    }

    /** Fields the client library does not know, or of a type it does not expect, come through as sent. */
    @Test
    void getUpdatesKeepsEachUpdateAsTelegramSentIt() {
        var update = TelegramUpdates.privateText(CHAT, "hello");
        ((ObjectNode) update.get("message")).put("field_of_a_newer_bot_api", "kept").put("message_id", "not a number");
        var id = telegram.enqueueUpdate(TOKEN, update);

        var updates = api.getUpdates(0, Duration.ZERO, List.of());

        assertThat(updates).extracting(IncomingUpdate::updateId).containsExactly(id);
        var message = JSON.readTree(updates.get(0).json()).path("message");
        assertThat(message.path("field_of_a_newer_bot_api").asString()).isEqualTo("kept");
        assertThat(message.path("message_id").asString()).isEqualTo("not a number");
        assertThat(message.path("text").asString()).isEqualTo("hello");
    }

    @Test
    void anOffsetConfirmsTheUpdatesBelowIt() {
        telegram.enqueueUpdate(TOKEN, TelegramUpdates.privateText(CHAT, "one"));
        telegram.enqueueUpdate(TOKEN, TelegramUpdates.privateText(CHAT, "two"));
        var updates = api.getUpdates(0, Duration.ZERO, List.of("message"));
        assertThat(updates).hasSize(2);
        assertThat(api.getUpdates(updates.get(0).updateId(), Duration.ZERO, List.of())).hasSize(2);

        var next = updates.get(1).updateId() + 1;
        assertThat(api.getUpdates(next, Duration.ZERO, List.of())).isEmpty();
        assertThat(telegram.pendingUpdates(TOKEN)).isZero();
        assertThat(telegram.calls("getUpdates").getFirst().param("allowed_updates")).isEqualTo("[\"message\"]");
    }

    @Test
    void aLongPollAnswersAsSoonAsAnUpdateArrives() throws Exception {
        var poll = CompletableFuture.supplyAsync(() -> api.getUpdates(0, Duration.ofSeconds(50), List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> telegram.waitingPollers(TOKEN) == 1);

        var id = telegram.enqueueUpdate(TOKEN, TelegramUpdates.privateText(CHAT, "wake up"));

        assertThat(poll.get(5, TimeUnit.SECONDS)).extracting(IncomingUpdate::updateId).containsExactly(id);
    }

    @Test
    void aLongPollMayOutlastTheOrdinaryReadTimeout() {
        var impatient = factory(telegram.apiUrl(), Duration.ofSeconds(1));
        try {
            assertThat(impatient.forToken(TOKEN).getUpdates(0, Duration.ofSeconds(2), List.of())).isEmpty();
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void sendMessageSendsHtmlAsAReplyOnABusinessConnection() {
        var first = api.sendMessage(OutgoingMessage.html(CHAT, "<b>Hi</b> &amp; welcome")
                .replyingTo(17).viaBusinessConnection("biz-1"));
        var second = api.sendMessage(OutgoingMessage.plain(CHAT, "plain <not a tag>"));

        assertThat(first.messageId()).isEqualTo(1);
        assertThat(second.messageId()).isEqualTo(2);
        var sent = telegram.sentMessages(CHAT);
        assertThat(sent.get(0).parseMode()).isEqualTo("HTML");
        assertThat(sent.get(0).plainText()).isEqualTo("Hi & welcome");
        assertThat(sent.get(0).replyToMessageId()).isEqualTo(17);
        assertThat(sent.get(0).businessConnectionId()).isEqualTo("biz-1");
        assertThat(sent.get(1).parseMode()).isNull();
        assertThat(sent.get(1).text()).isEqualTo("plain <not a tag>");
        var call = telegram.calls("sendMessage").getFirst();
        assertThat(call.json("reply_parameters").path("allow_sending_without_reply").asBoolean()).isTrue();
    }

    @Test
    void editMessageTextReplacesTheText() {
        var sent = api.sendMessage(OutgoingMessage.html(CHAT, "Thinking…"));

        api.editMessageText(CHAT, sent.messageId(), "<i>Done</i>", TextFormat.HTML);

        assertThat(telegram.messageText(CHAT, sent.messageId())).contains("Done");
        assertThatThrownBy(() -> api.editMessageText(CHAT, sent.messageId(), "Done", TextFormat.PLAIN))
                .isInstanceOfSatisfying(TelegramException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FATAL);
                    assertThat(e.description()).startsWith("Bad Request: message is not modified");
                });
    }

    @Test
    void anInlineKeyboardGoesAsReplyMarkupAndAnEditReplacesOrRemovesIt() {
        var sent = api.sendMessage(OutgoingMessage.plain(CHAT, "Send it?").withButtons(List.of(
                List.of(new InlineButton("Approve", "draft:1:ok"), new InlineButton("Reject", "draft:1:no")),
                List.of(new InlineButton("Edit", "draft:1:edit")))));

        var markup = telegram.calls("sendMessage").getFirst().json("reply_markup");
        assertThat(markup.path("inline_keyboard").get(0).get(1).path("callback_data").asString()).isEqualTo("draft:1:no");
        assertThat(telegram.messageButtons(CHAT, sent.messageId())).containsExactly(
                List.of("Approve=draft:1:ok", "Reject=draft:1:no"), List.of("Edit=draft:1:edit"));

        api.editMessageText(CHAT, sent.messageId(), "Send it?", TextFormat.PLAIN, null,
                List.of(List.of(new InlineButton("Undo", "draft:1:undo"))));
        assertThat(telegram.messageButtons(CHAT, sent.messageId())).containsExactly(List.of("Undo=draft:1:undo"));

        api.editMessageText(CHAT, sent.messageId(), "Sent.", TextFormat.PLAIN, null);
        assertThat(telegram.messageButtons(CHAT, sent.messageId())).isEmpty();
        assertThat(telegram.messageText(CHAT, sent.messageId())).contains("Sent.");
    }

    @Test
    void getBusinessConnectionReadsTheRightsAndAnUnknownOneIsAFatalBadRequest() {
        telegram.addBusinessConnection(TOKEN, "biz-7", 77, true, false);

        assertThat(api.getBusinessConnection("biz-7")).satisfies(c -> {
            assertThat(c.userId()).isEqualTo(77);
            assertThat(c.userChatId()).isEqualTo(77);
            assertThat(c.canReply()).isTrue();
            assertThat(c.enabled()).isFalse();
        });
        assertThatThrownBy(() -> api.getBusinessConnection("nope"))
                .isInstanceOfSatisfying(TelegramException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    }

    @Test
    void sendChatActionShowsTyping() {
        api.sendChatAction(CHAT, ChatAction.TYPING, null);

        var call = telegram.calls("sendChatAction").getFirst();
        assertThat(call.chatId()).isEqualTo(CHAT);
        assertThat(call.param("action")).isEqualTo("typing");
    }

    @Test
    void sendMessageDraftStreamsAPartialReply() {
        api.sendMessageDraft(CHAT, 99, "<b>Partial</b> answ", TextFormat.HTML);

        var call = telegram.calls("sendMessageDraft").getFirst();
        assertThat(call.succeeded()).isTrue();
        assertThat(call.param("draft_id")).isEqualTo("99");
        assertThat(call.param("parse_mode")).isEqualTo("HTML");
        assertThat(call.param("text")).isEqualTo("<b>Partial</b> answ");
    }

    @Test
    void answerCallbackQueryAcknowledgesAButton() {
        api.answerCallbackQuery("cb-1", "Approved", false);

        var call = telegram.calls("answerCallbackQuery").getFirst();
        assertThat(call.param("callback_query_id")).isEqualTo("cb-1");
        assertThat(call.param("text")).isEqualTo("Approved");
    }

    @Test
    void tooManyRequestsIsRetryableAfterTelegramsDelay() {
        telegram.inject(Fault.tooManyRequests(7).on("sendMessage"));

        var failure = sendFails(OutgoingMessage.html(CHAT, "hi"));

        assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(api.sendMessage(OutgoingMessage.html(CHAT, "hi")).messageId()).isEqualTo(1);
    }

    @Test
    void htmlTelegramCannotParseIsFatalAndCanBeResentAsPlainText() {
        var message = OutgoingMessage.html(CHAT, "<b>unclosed");

        var failure = sendFails(message);

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.errorCode()).isEqualTo(400);
        assertThat(failure.isCantParseEntities()).isTrue();
        assertThat(failure.description())
                .isEqualTo("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
        api.sendMessage(message.withText("unclosed", TextFormat.PLAIN));
        assertThat(telegram.sentMessages(CHAT)).extracting(FakeTelegram.SentText::text).containsExactly("unclosed");
    }

    @Test
    void anInjectedParseFailureIsRecognisedToo() {
        telegram.inject(Fault.cantParseEntities().on("editMessageText"));
        var sent = api.sendMessage(OutgoingMessage.plain(CHAT, "x"));

        var failure = catchThrowableOfType(TelegramException.class,
                () -> api.editMessageText(CHAT, sent.messageId(), "<b>y</b>", TextFormat.HTML));

        assertThat(failure.isCantParseEntities()).isTrue();
        assertThat(failure.method()).isEqualTo("editMessageText");
    }

    @Test
    void textTooLongIsFatal() {
        var failure = sendFails(OutgoingMessage.plain(CHAT, "x".repeat(4097)));

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.isMessageTooLong()).isTrue();
    }

    @Test
    void aBlockedBotIsFatalForThatChatOnly() {
        telegram.inject(Fault.botBlocked().forChat(CHAT).always());

        var failure = sendFails(OutgoingMessage.html(CHAT, "hi"));

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.isForbidden()).isTrue();
        assertThat(failure.description()).isEqualTo("Forbidden: bot was blocked by the user");
        assertThat(api.sendMessage(OutgoingMessage.html(CHAT + 1, "hi")).messageId()).isEqualTo(1);
    }

    @Test
    void aRevokedTokenIsFatalUnauthorized() {
        telegram.inject(Fault.unauthorized().on("getMe"));
        var injected = catchThrowableOfType(TelegramException.class, api::getMe);
        var unknown = catchThrowableOfType(TelegramException.class,
                () -> factory.forToken("999999:UNKNOWN-TEST-TOKEN-not-real").getMe());

        for (var failure : List.of(injected, unknown)) {
            assertThat(failure.kind()).isEqualTo(Kind.FATAL);
            assertThat(failure.isUnauthorized()).isTrue();
            assertThat(failure.description()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void aGroupThatBecameASupergroupNamesItsNewChatId() {
        telegram.inject(Fault.groupMigrated(-1001234567890L).on("sendMessage").forChat(-4242));

        var failure = sendFails(OutgoingMessage.html(-4242, "hi"));

        assertThat(failure.kind()).isEqualTo(Kind.FATAL);
        assertThat(failure.migrateToChatId()).contains(-1001234567890L);
    }

    @Test
    void aServerErrorIsRetryable() {
        telegram.inject(Fault.serverError().on("sendMessage"));

        var failure = sendFails(OutgoingMessage.html(CHAT, "hi"));

        assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo(500);
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void anHtmlErrorPageKeepsItsHttpStatus() {
        telegram.inject(Fault.badGatewayHtml().on("sendMessage"));

        var failure = sendFails(OutgoingMessage.html(CHAT, "hi"));

        assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(failure.errorCode()).isEqualTo(502);
    }

    @Test
    void aTimeoutIsRetryable() {
        var impatient = factory(telegram.apiUrl(), Duration.ofMillis(300));
        telegram.inject(Fault.slow(Duration.ofSeconds(3)).on("sendMessage"));
        try {
            var failure = catchThrowableOfType(TelegramException.class,
                    () -> impatient.forToken(TOKEN).sendMessage(OutgoingMessage.html(CHAT, "hi")));

            assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
            assertThat(failure.errorCode()).isZero();
            assertThat(failure.description()).isEqualTo("timed out");
        } finally {
            impatient.destroy();
        }
    }

    @Test
    void aRefusedConnectionIsRetryable() throws IOException {
        var failure = catchThrowableOfType(TelegramException.class,
                () -> factory.forToken(TOKEN, closedPort()).getMe());

        assertThat(failure.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(failure.description()).isEqualTo("could not connect");
        assertThat(failure.getCause()).isNotNull();
    }

    @Test
    void theTokenNeverAppearsInAFailure() throws IOException {
        var closed = closedPort();
        var refused = factory.forToken(TOKEN, closed);
        var impatient = factory(telegram.apiUrl(), Duration.ofMillis(300));
        telegram.inject(Fault.slow(Duration.ofSeconds(3)).on("getWebhookInfo"));
        telegram.inject(Fault.serverError().on("getMe"));
        try {
            List<Runnable> failingCalls = List.of(
                    refused::getMe,
                    api::getMe,
                    () -> impatient.forToken(TOKEN).getWebhookInfo(),
                    () -> api.sendMessage(OutgoingMessage.html(CHAT, "<x>")),
                    () -> factory.forToken("999999:UNKNOWN-TEST-TOKEN-not-real").getMe(),
                    () -> factory.forToken("123456:TEST TOKEN\nwith:odd/chars?not=real", closed).getMe());
            for (var call : failingCalls) {
                var failure = catchThrowableOfType(TelegramException.class, call::run);
                var everything = new StringWriter();
                failure.printStackTrace(new PrintWriter(everything));
                assertThat(everything.toString())
                        .contains("Telegram ")
                        .doesNotContain("TEST-TOKEN-not-real", "UNKNOWN-TEST-TOKEN", "TEST TOKEN", "TEST%20TOKEN",
                                "TEST+TOKEN", "odd/chars");
                assertThat(failure.toString()).doesNotContain("TEST");
            }
            assertThat(api.toString()).doesNotContain("TEST-TOKEN");
        } finally {
            impatient.destroy();
        }
    }

    private TelegramException sendFails(OutgoingMessage message) {
        var failure = catchThrowableOfType(TelegramException.class, () -> api.sendMessage(message));
        assertThat(failure).as("sendMessage should have failed").isNotNull();
        assertThat(failure.method()).isEqualTo("sendMessage");
        return failure;
    }

    private static URI closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
