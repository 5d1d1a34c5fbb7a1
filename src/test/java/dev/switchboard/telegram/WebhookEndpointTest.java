package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook answers bad deliveries with problem details and stores nothing for them. */
class WebhookEndpointTest extends IntegrationTest {

    private Api owner;
    private TestBot bot;
    private String secret;

    @BeforeEach
    void bot() {
        owner = TestUsers.register(api()).api(api());
        UUID modelId = TestModels.create(owner, LLM.baseUrl());
        bot = TestBots.create(owner, TELEGRAM, modelId, "webhook", Map.of());
        secret = TELEGRAM.webhook(bot.token()).orElseThrow().secretToken();
    }

    @Test
    void aValidDeliveryIsAcknowledgedWithAnEmpty200() {
        Api.Response response = deliver("POST", "application/json", update(1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(stored()).isEqualTo(1);
        // Answered before the test ends, so no model call of this test reaches the next test's fake.
        TELEGRAM.awaitSentMessages(900_000_001L, 1);
    }

    /** jsonb refuses half a surrogate pair as it refuses a NUL: kept, the update failed every delivery. */
    @Test
    void textPostgreSqlCannotStoreIsAcknowledgedAndAnsweredWithU_FFFD() {
        String half = update(6).replace("\"hello\"", "\"half \\ud83d, pair \\ud83d\\ude00\"");
        String both = update(7).replace("\"hello\"", "\"nul \\u0000, half \\ude00\"");

        assertThat(deliver("POST", "application/json", half).status()).isEqualTo(200);
        assertThat(deliver("POST", "application/json", both).status()).isEqualTo(200);

        assertThat(TELEGRAM.awaitSentMessages(900_000_006L, 1).getFirst().text())
                .isEqualTo("echo: half \uFFFD, pair \uD83D\uDE00");
        assertThat(TELEGRAM.awaitSentMessages(900_000_007L, 1).getFirst().text()).isEqualTo("echo: nul \uFFFD, half \uFFFD");
    }

    @Test
    void aBodyThatIsNotAnUpdateIs400() {
        assertProblem(deliver("POST", "application/json", "{\"message\": {}}"), 400);
        assertProblem(deliver("POST", "application/json", "not json at all"), 400);
        assertThat(stored()).isZero();
    }

    @Test
    void anOversizeBodyIs413() {
        String huge = update(2).replace("\"hello\"", "\"" + "x".repeat(1_100_000) + "\"");

        assertProblem(deliver("POST", "application/json", huge), 413);
        assertThat(stored()).isZero();
    }

    /** A body sent in chunks has no declared length: it is read up to the limit and taken or refused all the same. */
    @Test
    void aChunkedBodyIsReadWholeAndRefusedWhenOversize() throws Exception {
        HttpResponse<String> small = deliverChunked(update(8));
        String huge = update(9).replace("\"hello\"", "\"" + "x".repeat(1_100_000) + "\"");
        HttpResponse<String> large = deliverChunked(huge);

        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(large.statusCode()).as(large.body()).isEqualTo(413);
        assertThat(stored()).isEqualTo(1);
        assertThat(TELEGRAM.awaitSentMessages(900_000_008L, 1).getFirst().text()).isEqualTo("echo: hello");
    }

    @Test
    void otherMethodsAndMediaTypesAreRefused() {
        assertProblem(deliver("POST", "text/plain", update(3)), 415);
        assertProblem(deliver("PUT", "application/json", update(3)), 405);
        assertProblem(api().send("POST", "/telegram/webhook/" + bot.id() + "/extra", "application/json", update(3)), 404);
        assertThat(stored()).isZero();
    }

    @Test
    void aWrongSecretIs401AsAProblem() {
        Api.Response response = api().withHeader("X-Telegram-Bot-Api-Secret-Token", "wrong")
                .send("POST", "/telegram/webhook/" + bot.id(), "application/json", update(4));

        assertProblem(response, 401);
        assertThat(stored()).isZero();
    }

    private Api.Response deliver(String method, String contentType, String body) {
        return api().withHeader("X-Telegram-Bot-Api-Secret-Token", secret)
                .send(method, "/telegram/webhook/" + bot.id(), contentType, body);
    }

    /** A delivery whose body has no Content-Length: the client sends it with chunked transfer encoding. */
    private HttpResponse<String> deliverChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(api().baseUrl() + "/telegram/webhook/" + bot.id()))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String update(long updateId) {
        return TelegramUpdates.withUpdateId(TelegramUpdates.privateText(900_000_000L + updateId, "hello"), updateId)
                .toString();
    }

    private int stored() {
        return owner.get("/api/processing?botId=" + bot.id()).json().size();
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }
}
