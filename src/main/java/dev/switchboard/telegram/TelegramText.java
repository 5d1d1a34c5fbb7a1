package dev.switchboard.telegram;

import java.util.Objects;

/**
 * A text in Telegram's HTML subset together with what a user sees of it.
 *
 * @param html the text for {@code parse_mode=HTML}: only tags Telegram supports, everything else
 *     escaped
 * @param plain the visible text, as Telegram shows {@code html} after parsing its entities; sent
 *     without parse mode when Telegram refuses {@code html}
 */
public record TelegramText(String html, String plain) {

    public TelegramText {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(plain, "plain");
    }
}
