package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The LLM fakes' own wire behaviour, through raw HTTP (the adapter's view is in LlmProviderContractTest). */
class FakeLlmServersTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static FakeOpenAi openai;
    static FakeAnthropic anthropic;

    @BeforeAll
    static void start() {
        openai = FakeOpenAi.start();
        anthropic = FakeAnthropic.start();
    }

    @AfterAll
    static void stop() {
        openai.close();
        anthropic.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
        anthropic.reset();
    }

    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> dataLines(String sse) {
        return sse.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    @Test
    void openAiAnswersACompletionWithUsage() throws Exception {
        openai.reply(FakeReply.text("Hi there").tokens(9, 2));

        var response = post(openai.baseUrl() + "/chat/completions",
                "{\"model\":\"m\",\"temperature\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
                Map.of("Authorization", "Bearer k"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/object").asString()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asString()).isEqualTo("Hi there");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(9);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(11);
        assertThat(openai.lastRequest().temperature()).isEqualTo(0.5);
        assertThat(openai.lastRequest().authorization()).isEqualTo("Bearer k");
        assertThat(openai.lastRequest().lastUserText()).isEqualTo("hello");
    }

    @Test
    void openAiStreamsChunksThenUsageThenDone() throws Exception {
        openai.reply(FakeReply.chunks("a", "b").tokens(3, 2));

        var response = post(openai.serverUrl() + "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of());

        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(JSON::readTree).toList();
        assertThat(chunks).extracting(chunk -> chunk.at("/choices/0/delta/content").asString(null))
                .containsExactly("", "a", "b", null, null);
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(chunks.getLast().at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(chunks.getLast().at("/choices").isEmpty()).isTrue();
    }

    @Test
    void openAiErrorsHaveItsShapeStatusAndHeaders() throws Exception {
        openai.fail(429, "Rate limit reached", Map.of("retry-after", "7"));

        var response = post(openai.baseUrl() + "/chat/completions", "{\"model\":\"m\",\"messages\":[]}", Map.of());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("message").asString()).isEqualTo("Rate limit reached");
        assertThat(error.get("code").asString()).isEqualTo("rate_limit_exceeded");
        var models = HTTP.send(HttpRequest.newBuilder(URI.create(openai.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(models.body()).at("/data/0/id").asString()).isEqualTo("m");
    }

    @Test
    void anthropicNeedsItsHeadersAndStreamsItsEvents() throws Exception {
        String request = "{\"model\":\"c\",\"max_tokens\":10,\"system\":\"be brief\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}";
        assertThat(post(anthropic.baseUrl() + "/messages", request, Map.of("anthropic-version", "2023-06-01"))
                .statusCode()).isEqualTo(401);
        assertThat(post(anthropic.baseUrl() + "/messages", request, Map.of("x-api-key", "k")).statusCode())
                .isEqualTo(400);
        anthropic.reply(FakeReply.chunks("Hel", "lo").tokens(5, 2));

        var response = post(anthropic.baseUrl() + "/messages", request,
                Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"));

        List<String> events = response.body().lines().filter(line -> line.startsWith("event: "))
                .map(line -> line.substring(7)).toList();
        assertThat(events).containsExactly("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        List<JsonNode> data = dataLines(response.body()).stream().map(JSON::readTree).toList();
        assertThat(data.get(0).at("/message/usage/input_tokens").asInt()).isEqualTo(5);
        assertThat(data.get(3).at("/delta/text").asString()).isEqualTo("Hel");
        assertThat(data.get(6).at("/usage/output_tokens").asInt()).isEqualTo(2);
        assertThat(anthropic.lastRequest().messages()).extracting(FakeLlmRequest.Message::text)
                .containsExactly("be brief", "hi");
    }

    @Test
    void anthropicErrorsHaveItsShape() throws Exception {
        anthropic.fail(529, "Overloaded");

        var response = post(anthropic.baseUrl() + "/messages", "{\"model\":\"c\",\"max_tokens\":5,\"messages\":[]}",
                Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"));

        assertThat(response.statusCode()).isEqualTo(529);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.at("/error/type").asString()).isEqualTo("overloaded_error");
        assertThat(body.at("/error/message").asString()).isEqualTo("Overloaded");
    }

    @Test
    void theDefaultReplyEchoesAndQueuedRepliesComeFirst() throws Exception {
        openai.reply(FakeReply.text("scripted"));
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"say this\"}]}";

        String first = post(openai.baseUrl() + "/chat/completions", body, Map.of()).body();
        String second = post(openai.baseUrl() + "/chat/completions", body, Map.of()).body();

        assertThat(JSON.readTree(first).at("/choices/0/message/content").asString()).isEqualTo("scripted");
        assertThat(JSON.readTree(second).at("/choices/0/message/content").asString()).isEqualTo("echo: say this");
        assertThat(JSON.readTree(second).at("/usage/prompt_tokens").asInt()).isEqualTo(2);
        assertThat(openai.requests()).hasSize(2);
    }
}
