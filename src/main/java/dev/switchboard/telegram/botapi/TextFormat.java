package dev.switchboard.telegram.botapi;

/** How Telegram reads a message's text. */
public enum TextFormat {
    /** Telegram's HTML subset ({@code parse_mode=HTML}); text must be escaped and tags balanced. */
    HTML,
    /** Literal text, no formatting: the fallback when HTML does not parse. */
    PLAIN
}
