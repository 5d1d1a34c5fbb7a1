package dev.switchboard.llm;

import dev.switchboard.shared.InvalidException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a usage report or call listing asks for, parsed from query parameters: the grouping, the
 * period {@code [from, to)} and optional filters. Dates are UTC days ({@code 2026-11-01} is
 * {@code 2026-11-01T00:00:00Z}); instants are ISO-8601 with {@code Z} or an offset.
 *
 * @param groupBy how rows are grouped
 * @param from the first instant counted (inclusive)
 * @param to the end of the period (exclusive)
 * @param botId only calls made for this bot, or null for all
 * @param modelId only calls of this catalog model, or null for all
 */
record UsageQuery(GroupBy groupBy, Instant from, Instant to, UUID botId, UUID modelId) {

    /** The period when neither end is given: the last 30 days. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    /** The longest period one request may cover. */
    static final Duration MAX_PERIOD = Duration.ofDays(366);

    /** How a report groups calls. */
    enum GroupBy {
        /** By catalog model; key the model id. */
        MODEL,
        /** By bot; key the bot id, {@code none} for calls made outside a bot. */
        BOT,
        /** By UTC day; key {@code YYYY-MM-DD}. */
        DAY,
        /** By Telegram user; key the user id, {@code none} for calls without one. */
        USER;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Parses and checks the parameters; every problem is reported at once as a field error.
     *
     * @param now the current instant, the default end of the period
     * @throws InvalidException 400 naming every bad parameter
     */
    static UsageQuery parse(String groupBy, String from, String to, String botId, String modelId, Instant now) {
        Map<String, String> errors = new LinkedHashMap<>();
        GroupBy grouping = GroupBy.DAY;
        if (groupBy != null) {
            try {
                grouping = GroupBy.valueOf(groupBy.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.put("groupBy", "must be one of model, bot, day, user");
            }
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        UUID bot = uuid("botId", botId, errors);
        UUID model = uuid("modelId", modelId, errors);
        if (errors.isEmpty()) {
            if (end == null) {
                end = now;
            }
            if (start == null) {
                start = end.minus(DEFAULT_PERIOD);
            }
            if (start.isAfter(end)) {
                errors.put("from", "must not be after to");
            } else if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
                errors.put("to", "the period may cover at most 366 days");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidException("The usage query has invalid parameters", errors);
        }
        return new UsageQuery(grouping, start, end, bot, model);
    }

    private static Instant instant(String name, String value, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.put(name, "must be a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
            return null;
        }
    }

    private static UUID uuid(String name, String value, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            errors.put(name, "must be a UUID");
            return null;
        }
    }
}
