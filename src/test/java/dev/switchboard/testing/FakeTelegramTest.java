package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake's own wire behaviour, through raw HTTP (the adapter's view is in BotApiContractTest). */
class FakeTelegramTest {

    static final String TOKEN = "123456:TEST-TOKEN-not-real";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static FakeTelegram telegram;

    @BeforeAll
    static void start() {
        telegram = FakeTelegram.start().addBot(TOKEN, 123456, "switchboard_test_bot");
    }

    @AfterAll
    static void stop() {
        telegram.close();
    }

    @BeforeEach
    void reset() {
        telegram.reset();
    }

    @Test
    void acceptsJsonFormAndMultipartParametersAlike() throws Exception {
        var json = post("sendMessage", "application/json",
                "{\"chat_id\":7,\"text\":\"<b>json</b>\",\"parse_mode\":\"HTML\",\"reply_parameters\":{\"message_id\":3}}");
        var form = post("sendMessage", "application/x-www-form-urlencoded",
                "chat_id=7&text=" + URLEncoder.encode("<b>form</b> ü", StandardCharsets.UTF_8) + "&parse_mode=HTML");
        var boundary = "----fake-boundary";
        var multipart = post("sendMessage", "multipart/form-data; boundary=" + boundary,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n7\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nmultipart ü\r\n"
                        + "--" + boundary + "--\r\n");

        assertThat(List.of(json, form, multipart)).allSatisfy(answer -> assertThat(answer.path("ok").asBoolean()).isTrue());
        assertThat(multipart.path("result").path("message_id").asLong()).isEqualTo(3);
        assertThat(telegram.sentMessages(7)).extracting(FakeTelegram.SentText::plainText)
                .containsExactly("json", "form ü", "multipart ü");
        assertThat(telegram.sentMessages(7).getFirst().replyToMessageId()).isEqualTo(3);
    }

    @Test
    void answersWithTelegramsEnvelopeAndErrors() throws Exception {
        var me = post("getMe", "application/json", "{}");
        assertThat(me.path("result").path("username").asString()).isEqualTo("switchboard_test_bot");
        assertThat(me.path("result").path("is_bot").asBoolean()).isTrue();

        var unknownToken = raw("/bot999:NOT-A-REGISTERED-TOKEN/getMe", "application/json", "{}");
        assertThat(unknownToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unknownToken.body()).toString())
                .isEqualTo("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");

        var unknownMethod = raw("/bot" + TOKEN + "/sendTelepathy", "application/json", "{}");
        assertThat(unknownMethod.statusCode()).isEqualTo(404);

        var badHtml = raw("/bot" + TOKEN + "/sendMessage", "application/json",
                "{\"chat_id\":7,\"text\":\"<p>x</p>\",\"parse_mode\":\"HTML\"}");
        assertThat(badHtml.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badHtml.body()).path("description").asString())
                .isEqualTo("Bad Request: can't parse entities: Unsupported start tag \"p\" at byte offset 0");

        var badNumber = raw("/bot" + TOKEN + "/sendMessageDraft", "application/json",
                "{\"chat_id\":7,\"draft_id\":\"abc\",\"text\":\"x\"}");
        assertThat(badNumber.statusCode()).isEqualTo(400);
    }

    @Test
    void injectedFaultsHitOnlyTheirChatAndCount() throws Exception {
        telegram.inject(Fault.tooManyRequests(3).on("sendMessage").forChat(7).times(2));

        var first = raw("/bot" + TOKEN + "/sendMessage", "application/json", "{\"chat_id\":7,\"text\":\"a\"}");
        var otherChat = raw("/bot" + TOKEN + "/sendMessage", "application/json", "{\"chat_id\":8,\"text\":\"a\"}");
        var second = raw("/bot" + TOKEN + "/sendMessage", "application/json", "{\"chat_id\":7,\"text\":\"a\"}");
        var third = raw("/bot" + TOKEN + "/sendMessage", "application/json", "{\"chat_id\":7,\"text\":\"a\"}");

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(first.body()).path("parameters").path("retry_after").asInt()).isEqualTo(3);
        assertThat(otherChat.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(telegram.calls("sendMessage")).extracting(FakeTelegram.Call::status)
                .containsExactly(429, 200, 429, 200);
    }

    @Test
    void deliversUpdatesToTheWebhookWithTheSecretHeader() throws Exception {
        var received = new CopyOnWriteArrayList<String>();
        var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst(FakeTelegram.SECRET_HEADER) + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            var url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            post("setWebhook", "application/json", "{\"url\":\"" + url + "\",\"secret_token\":\"s3cret\"}");

            var update = TelegramUpdates.withUpdateId(TelegramUpdates.privateText(7, "hi"), 500);
            assertThat(telegram.deliverToWebhook(TOKEN, update)).isEqualTo(200);
            assertThat(telegram.deliverToWebhook(TOKEN, update)).isEqualTo(200);

            assertThat(received).hasSize(2).allSatisfy(delivery -> assertThat(delivery)
                    .startsWith("s3cret {\"update_id\":500,\"message\":"));
            var polling = raw("/bot" + TOKEN + "/getUpdates", "application/json", "{}");
            assertThat(polling.statusCode()).isEqualTo(409);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void updateBuildersUseTheBotApiFieldNames() {
        var mention = TelegramUpdates.groupMention(-100123, 7, "switchboard_test_bot", "hi").path("message");
        assertThat(mention.path("text").asString()).isEqualTo("@switchboard_test_bot hi");
        assertThat(mention.path("chat").path("type").asString()).isEqualTo("supergroup");
        assertThat(mention.path("entities").get(0).toString())
                .isEqualTo("{\"type\":\"mention\",\"offset\":0,\"length\":21}");

        var command = TelegramUpdates.groupCommand(-100123, 7, "help", "switchboard_test_bot", "").path("message");
        assertThat(command.path("entities").get(0).path("type").asString()).isEqualTo("bot_command");
        assertThat(command.path("entities").get(0).path("length").asInt()).isEqualTo("/help@switchboard_test_bot".length());

        var reply = TelegramUpdates.groupReplyToBot(-100123, 7, "and?", 55, 123456, "switchboard_test_bot", "Hello")
                .path("message").path("reply_to_message");
        assertThat(reply.path("from").path("is_bot").asBoolean()).isTrue();
        assertThat(reply.path("message_id").asLong()).isEqualTo(55);

        var connection = TelegramUpdates.businessConnection("biz-1", 7, true).path("business_connection");
        assertThat(connection.path("user_chat_id").asLong()).isEqualTo(7);
        assertThat(connection.path("is_enabled").asBoolean()).isTrue();
        assertThat(connection.path("rights").path("can_reply").asBoolean()).isTrue();

        var edited = TelegramUpdates.editedBusinessMessage("biz-1", 8, 77, "new").path("edited_business_message");
        assertThat(edited.path("business_connection_id").asString()).isEqualTo("biz-1");
        assertThat(edited.path("message_id").asLong()).isEqualTo(77);
        assertThat(edited.has("edit_date")).isTrue();

        var deleted = TelegramUpdates.deletedBusinessMessages("biz-1", 8, 77, 78).path("deleted_business_messages");
        assertThat(deleted.path("chat").path("id").asLong()).isEqualTo(8);
        assertThat(deleted.path("message_ids").toString()).isEqualTo("[77,78]");

        var callback = TelegramUpdates.callbackQuery("cb-1", 7, 7, 5, "yes").path("callback_query");
        assertThat(callback.path("chat_instance").isString()).isTrue();
        assertThat(callback.path("from").path("id").asLong()).isEqualTo(7);
    }

    private static JsonNode post(String method, String contentType, String body) throws Exception {
        return JSON.readTree(raw("/bot" + TOKEN + "/" + method, contentType, body).body());
    }

    private static HttpResponse<String> raw(String path, String contentType, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(telegram.apiUrl() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
