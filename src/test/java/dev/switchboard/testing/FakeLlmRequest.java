package dev.switchboard.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One request a fake LLM provider received, for assertions.
 *
 * @param path the request path, e.g. {@code /v1/chat/completions}
 * @param headers every request header, names in lower case (first value)
 * @param body the request JSON
 * @param model the {@code model} asked for
 * @param messages the conversation, system prompt included (Anthropic's top-level {@code system} first)
 * @param temperature the {@code temperature}, or null
 * @param maxTokens {@code max_tokens} (or OpenAI's {@code max_completion_tokens}), or null
 * @param stream whether a stream was asked for
 * @param at when it arrived
 */
public record FakeLlmRequest(String path, Map<String, String> headers, JsonNode body, String model,
        List<Message> messages, Double temperature, Integer maxTokens, boolean stream, Instant at) {

    /** A message as the provider received it. */
    public record Message(String role, String text) {
    }

    /** A request header (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** The {@code Authorization} header, or null. */
    public String authorization() {
        return header("authorization");
    }

    /** The text of the last user message, or "". */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).text();
            }
        }
        return "";
    }
}
