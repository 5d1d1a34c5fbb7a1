package dev.switchboard.shared;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Numbers read from JSON someone else wrote (a Telegram update), tolerating what Telegram does not
 * promise: a field missing, of another type, or out of range is "absent", never an exception. In
 * Jackson 3 {@code asLong()} throws for such values, and an update that throws every time it is
 * read fails every attempt of its turn.
 */
public final class JsonValues {

    /** Telegram's dates are Unix seconds; anything past this (year 5138) is not one. */
    private static final long LATEST_EPOCH_SECOND = 100_000_000_000L;

    private JsonValues() {
    }

    /** The node as a long, or null if it is not an integer that fits one. */
    public static Long longOrNull(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : null;
    }

    /** The node as a long, or {@code otherwise}. */
    public static long longOr(JsonNode node, long otherwise) {
        Long value = longOrNull(node);
        return value == null ? otherwise : value;
    }

    /** The node as an int, or {@code otherwise}. */
    public static int intOr(JsonNode node, int otherwise) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.asInt() : otherwise;
    }

    /** The node as a time in Unix seconds, or null if it is not a plausible one. */
    public static Instant epochSecondOrNull(JsonNode node) {
        Long seconds = longOrNull(node);
        return seconds == null || seconds < 0 || seconds > LATEST_EPOCH_SECOND ? null : Instant.ofEpochSecond(seconds);
    }
}
