package dev.switchboard.llm;

import java.util.Objects;
import java.util.UUID;

/** Identifies a model in a user's catalog; other modules (bots, workflows) keep it to say which model to call. */
public record ModelId(UUID value) {

    public ModelId {
        Objects.requireNonNull(value, "value");
    }

    public static ModelId of(String value) {
        return new ModelId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
