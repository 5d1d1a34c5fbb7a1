package dev.switchboard.llm;

import java.util.Objects;
import java.util.UUID;

/** Identifies an LLM provider (an endpoint and its credentials) a user configured. */
public record ProviderId(UUID value) {

    public ProviderId {
        Objects.requireNonNull(value, "value");
    }

    public static ProviderId of(String value) {
        return new ProviderId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
