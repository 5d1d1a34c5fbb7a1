package dev.switchboard.identity;

import java.util.UUID;

/** Identifies a Switchboard user; other modules keep it to say who owns a row. */
public record UserId(UUID value) {

    public UserId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
