package dev.switchboard.llm;

import dev.switchboard.identity.UserId;
import java.util.List;
import java.util.Objects;

/**
 * One call of a model.
 *
 * @param owner the user whose catalog holds the model; a model of another user is not found
 * @param model the model to call
 * @param messages the conversation, oldest first; at least one message
 * @param temperature sampling temperature; null uses the model's default temperature
 * @param maxOutputTokens the most tokens the answer may have; null leaves it to the provider
 *     (Anthropic, which requires one, gets {@code switchboard.llm.default-max-output-tokens})
 * @param tags what the call is for, recorded with it; null means {@link CallTags#none()}
 */
public record ChatRequest(UserId owner, ModelId model, List<LlmMessage> messages, Double temperature,
        Integer maxOutputTokens, CallTags tags) {

    public ChatRequest {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        tags = tags == null ? CallTags.none() : tags;
    }

    /** A request with the model's default temperature, no output limit and no tags. */
    public static ChatRequest of(UserId owner, ModelId model, List<LlmMessage> messages) {
        return new ChatRequest(owner, model, messages, null, null, CallTags.none());
    }
}
