package dev.switchboard.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A protocol-level fake of Anthropic's Messages API:
 * <ul>
 * <li>{@code POST /v1/messages} (and {@code /messages}) needs {@code x-api-key} (checked against
 *     {@link #expectApiKey} when set) and {@code anthropic-version}; answers a {@code message} with
 *     {@code usage {input_tokens, output_tokens}};</li>
 * <li>with {@code stream: true}, server-sent events as Anthropic sends them: {@code message_start}
 *     (input tokens), {@code content_block_start}, a {@code ping}, one {@code content_block_delta}
 *     with a {@code text_delta} per chunk, {@code content_block_stop}, {@code message_delta} (stop
 *     reason and output tokens), {@code message_stop};</li>
 * <li>errors as {@code {"type":"error","error":{"type","message"}}} with the reply's status and
 *     headers, e.g. 429 {@code rate_limit_error} with {@code retry-after}, 529 {@code overloaded_error}.</li>
 * </ul>
 * Replies are scripted with {@link FakeReply}; see {@link FakeLlmServer}.
 */
public final class FakeAnthropic extends FakeLlmServer {

    private final AtomicLong ids = new AtomicLong();

    private FakeAnthropic() {
    }

    /** Starts a fake on a random loopback port. */
    public static FakeAnthropic start() {
        return new FakeAnthropic();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("POST") || !(path.equals("/v1/messages") || path.equals("/messages"))) {
            write(exchange, 404, error("not_found_error", "Not found"), "application/json", Map.of());
            return;
        }
        var headers = headers(exchange);
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (RuntimeException e) {
            write(exchange, 400, error("invalid_request_error", "the request body is not valid JSON"),
                    "application/json", Map.of());
            return;
        }
        String expected = expectedApiKey();
        String apiKey = headers.get("x-api-key");
        if (apiKey == null || apiKey.isBlank() || (expected != null && !expected.equals(apiKey))) {
            write(exchange, 401, error("authentication_error", "invalid x-api-key"), "application/json", Map.of());
            return;
        }
        if (!headers.containsKey("anthropic-version")) {
            write(exchange, 400, error("invalid_request_error", "anthropic-version: header is required"),
                    "application/json", Map.of());
            return;
        }
        if (!body.path("max_tokens").isNumber()) {
            write(exchange, 400, error("invalid_request_error", "max_tokens: Field required"), "application/json",
                    Map.of());
            return;
        }
        var request = toRequest(path, headers, body);
        FakeReply reply = accept(request);
        sleep(reply.delay());
        if (reply.rawBody() != null) {
            write(exchange, reply.status(), reply.rawBody(), "text/html", reply.headers());
        } else if (reply.isError()) {
            write(exchange, reply.status(), error(reply.errorType() != null ? reply.errorType() : typeFor(reply.status()),
                    reply.errorMessage()), "application/json", reply.headers());
        } else if (request.stream()) {
            stream(exchange, request, reply);
        } else {
            write(exchange, 200, message(request, reply).toString(), "application/json", reply.headers());
        }
    }

    private ObjectNode message(FakeLlmRequest request, FakeReply reply) {
        var message = JSON.createObjectNode().put("id", "msg_fake_" + ids.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("model", request.model());
        message.putArray("content").addObject().put("type", "text").put("text", reply.text());
        message.put("stop_reason", reply.cutShort() ? "max_tokens" : "end_turn").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", reply.inputTokensFor(request))
                .put("output_tokens", reply.outputTokensFor());
        return message;
    }

    private void stream(HttpExchange exchange, FakeLlmRequest request, FakeReply reply) throws IOException {
        try (OutputStream out = startEvents(exchange, reply.headers())) {
            var start = JSON.createObjectNode().put("type", "message_start");
            var message = start.putObject("message").put("id", "msg_fake_" + ids.incrementAndGet())
                    .put("type", "message").put("role", "assistant").put("model", request.model());
            message.putArray("content");
            message.putNull("stop_reason").putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", reply.inputTokensFor(request)).put("output_tokens", 1);
            event(out, "message_start", start.toString());
            var blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            event(out, "content_block_start", blockStart.toString());
            event(out, "ping", "{\"type\": \"ping\"}");
            for (int i = 0; i < reply.chunks().size(); i++) {
                if (i > 0) {
                    sleep(reply.chunkDelay());
                }
                var delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
                delta.putObject("delta").put("type", "text_delta").put("text", reply.chunks().get(i));
                event(out, "content_block_delta", delta.toString());
            }
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            var messageDelta = JSON.createObjectNode().put("type", "message_delta");
            messageDelta.putObject("delta").put("stop_reason", reply.cutShort() ? "max_tokens" : "end_turn").putNull("stop_sequence");
            messageDelta.putObject("usage").put("output_tokens", reply.outputTokensFor());
            event(out, "message_delta", messageDelta.toString());
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
        }
    }

    private static String error(String type, String message) {
        var error = JSON.createObjectNode().put("type", "error");
        error.putObject("error").put("type", type).put("message", message);
        return error.toString();
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private FakeLlmRequest toRequest(String path, Map<String, String> headers, JsonNode body) {
        List<FakeLlmRequest.Message> messages = new ArrayList<>();
        JsonNode system = body.path("system");
        if (!system.isMissingNode() && !system.isNull()) {
            messages.add(new FakeLlmRequest.Message("system", FakeOpenAi.text(system)));
        }
        for (JsonNode message : body.path("messages")) {
            messages.add(new FakeLlmRequest.Message(message.path("role").asString(""),
                    FakeOpenAi.text(message.path("content"))));
        }
        return new FakeLlmRequest(path, headers, body, body.path("model").asString(null), List.copyOf(messages),
                body.path("temperature").isNumber() ? body.get("temperature").doubleValue() : null,
                body.path("max_tokens").isNumber() ? body.get("max_tokens").intValue() : null,
                body.path("stream").asBoolean(false), clock.instant());
    }

    @Override
    public String toString() {
        return "FakeAnthropic[" + baseUrl() + "]";
    }
}
