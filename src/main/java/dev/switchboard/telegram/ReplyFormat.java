package dev.switchboard.telegram;

/** How Telegram reads a reply's text. */
public enum ReplyFormat {
    /** Telegram's HTML subset ({@code parse_mode=HTML}). */
    HTML,
    /** Sent literally. */
    PLAIN
}
