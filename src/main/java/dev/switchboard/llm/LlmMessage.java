package dev.switchboard.llm;

import java.util.Objects;

/**
 * One message of a conversation sent to a model.
 *
 * @param role who speaks
 * @param text what is said
 */
public record LlmMessage(Role role, String text) {

    /** Who speaks. */
    public enum Role {
        /** Instructions for the model (system prompt, personal context, retrieved knowledge). */
        SYSTEM,
        /** The person talking to the assistant. */
        USER,
        /** The assistant's earlier answers. */
        ASSISTANT
    }

    public LlmMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }

    public static LlmMessage system(String text) {
        return new LlmMessage(Role.SYSTEM, text);
    }

    public static LlmMessage user(String text) {
        return new LlmMessage(Role.USER, text);
    }

    public static LlmMessage assistant(String text) {
        return new LlmMessage(Role.ASSISTANT, text);
    }
}
