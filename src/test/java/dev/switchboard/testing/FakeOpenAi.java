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
 * A protocol-level fake of OpenAI's chat completions API, which also stands for OpenAI-compatible
 * servers and Ollama (whose provider type speaks this wire at {@code <serverUrl>/v1}):
 * <ul>
 * <li>{@code POST /v1/chat/completions} (and {@code /chat/completions}): a {@code chat.completion}
 *     with {@code usage {prompt_tokens, completion_tokens, total_tokens}}; with {@code stream: true}
 *     server-sent {@code chat.completion.chunk} events ending in {@code data: [DONE]}, plus a final
 *     usage chunk when {@code stream_options.include_usage} is set;</li>
 * <li>{@code GET /v1/models}: the models asked for so far;</li>
 * <li>errors as {@code {"error":{"message","type","param","code"}}} with the reply's status and
 *     headers; a wrong {@code Authorization: Bearer} key (see {@link #expectApiKey}) gets 401.</li>
 * </ul>
 * Replies are scripted with {@link FakeReply}; see {@link FakeLlmServer}.
 */
public final class FakeOpenAi extends FakeLlmServer {

    private final AtomicLong ids = new AtomicLong();
    private final List<String> modelsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FakeOpenAi() {
    }

    /** Starts a fake on a random loopback port. */
    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && (path.equals("/v1/models") || path.equals("/models"))) {
            var list = JSON.createObjectNode().put("object", "list");
            var data = list.putArray("data");
            modelsSeen.stream().distinct().forEach(model -> data.addObject().put("id", model).put("object", "model")
                    .put("created", 1_700_000_000).put("owned_by", "fake"));
            write(exchange, 200, list.toString(), "application/json", Map.of());
            return;
        }
        if (!method.equals("POST") || !(path.equals("/v1/chat/completions") || path.equals("/chat/completions"))) {
            write(exchange, 404, error("Unknown request URL: " + method + " " + path, "invalid_request_error",
                    "unknown_url"), "application/json", Map.of());
            return;
        }
        var headers = headers(exchange);
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (RuntimeException e) {
            write(exchange, 400, error("We could not parse the JSON body of your request.", "invalid_request_error",
                    null), "application/json", Map.of());
            return;
        }
        var request = toRequest(path, headers, body);
        String expected = expectedApiKey();
        if (expected != null && !("Bearer " + expected).equals(request.authorization())) {
            write(exchange, 401, error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
                    "application/json", Map.of());
            return;
        }
        modelsSeen.add(request.model());
        FakeReply reply = accept(request);
        sleep(reply.delay());
        if (reply.rawBody() != null) {
            write(exchange, reply.status(), reply.rawBody(), "text/html", reply.headers());
        } else if (reply.isError()) {
            write(exchange, reply.status(), error(reply.errorMessage(),
                    reply.errorType() != null ? reply.errorType() : typeFor(reply.status()), codeFor(reply.status())),
                    "application/json", reply.headers());
        } else if (request.stream()) {
            stream(exchange, request, reply, body.path("stream_options").path("include_usage").asBoolean(false));
        } else {
            write(exchange, 200, completion(request, reply).toString(), "application/json", reply.headers());
        }
    }

    private ObjectNode completion(FakeLlmRequest request, FakeReply reply) {
        var completion = JSON.createObjectNode()
                .put("id", "chatcmpl-fake-" + ids.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond())
                .put("model", request.model());
        var choice = completion.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply.text());
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.cutShort() ? "length" : "stop");
        completion.set("usage", usage(request, reply));
        return completion;
    }

    private void stream(HttpExchange exchange, FakeLlmRequest request, FakeReply reply, boolean includeUsage)
            throws IOException {
        String id = "chatcmpl-fake-" + ids.incrementAndGet();
        try (OutputStream out = startEvents(exchange, reply.headers())) {
            var first = chunk(id, request, includeUsage);
            first.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta").put("role", "assistant").put("content", "");
            event(out, null, first.toString());
            for (int i = 0; i < reply.chunks().size(); i++) {
                if (i > 0) {
                    sleep(reply.chunkDelay());
                }
                var chunk = chunk(id, request, includeUsage);
                chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("content", reply.chunks().get(i));
                event(out, null, chunk.toString());
            }
            var last = chunk(id, request, includeUsage);
            last.withArray("choices").addObject().put("index", 0).put("finish_reason", reply.cutShort() ? "length" : "stop")
                    .putObject("delta");
            event(out, null, last.toString());
            if (includeUsage) {
                var usage = chunk(id, request, false);
                usage.putArray("choices");
                usage.set("usage", usage(request, reply));
                event(out, null, usage.toString());
            }
            event(out, null, "[DONE]");
        }
    }

    private ObjectNode chunk(String id, FakeLlmRequest request, boolean usageNull) {
        var chunk = JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", clock.instant().getEpochSecond()).put("model", request.model());
        chunk.putArray("choices");
        if (usageNull) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode usage(FakeLlmRequest request, FakeReply reply) {
        int input = reply.inputTokensFor(request);
        int output = reply.outputTokensFor();
        return JSON.createObjectNode().put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
    }

    private static String error(String message, String type, String code) {
        var error = JSON.createObjectNode();
        var inner = error.putObject("error").put("message", message).put("type", type).putNull("param");
        if (code == null) {
            inner.putNull("code");
        } else {
            inner.put("code", code);
        }
        return error.toString();
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 429 -> "requests";
            case 401, 403, 404, 400 -> "invalid_request_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 429 -> "rate_limit_exceeded";
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            default -> null;
        };
    }

    private FakeLlmRequest toRequest(String path, Map<String, String> headers, JsonNode body) {
        List<FakeLlmRequest.Message> messages = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            messages.add(new FakeLlmRequest.Message(message.path("role").asString(""), text(message.path("content"))));
        }
        JsonNode maxTokens = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return new FakeLlmRequest(path, headers, body, body.path("model").asString(null), List.copyOf(messages),
                body.path("temperature").isNumber() ? body.get("temperature").doubleValue() : null,
                maxTokens != null && maxTokens.isNumber() ? maxTokens.intValue() : null,
                body.path("stream").asBoolean(false), clock.instant());
    }

    /** A message's content: a string, or the text parts of an array of content parts. */
    static String text(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        var text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isString()) {
                text.append(part.path("text").stringValue());
            }
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "FakeOpenAi[" + baseUrl() + "]";
    }
}
