package dev.switchboard.telegram;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A button under a message (Telegram's inline keyboard button with {@code callback_data}). Pressing
 * it sends the bot a {@code callback_query} carrying {@code callbackData}, which reaches the
 * {@link CallbackQueryHandler}s.
 *
 * @param text the label, not blank
 * @param callbackData what the press sends back, 1 to 64 bytes of UTF-8 (Telegram's limit); it is
 *     visible to the user's client, so it carries ids and verbs, never secrets
 */
public record InlineButton(String text, String callbackData) {

    /** Telegram's limit on {@code callback_data}, in bytes. */
    public static final int MAX_CALLBACK_DATA_BYTES = 64;

    public InlineButton {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(callbackData, "callbackData");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a button needs a label");
        }
        int bytes = callbackData.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
            throw new IllegalArgumentException("callback data must be 1 to 64 bytes, was " + bytes);
        }
    }

    /** One row of buttons. */
    public static List<InlineButton> row(InlineButton... buttons) {
        return List.of(buttons);
    }

    /** Copies rows deeply, dropping empty rows; null is no keyboard. */
    static List<List<InlineButton>> copy(List<List<InlineButton>> rows) {
        if (rows == null) {
            return List.of();
        }
        return rows.stream().filter(row -> !row.isEmpty()).map(List::copyOf).toList();
    }
}
