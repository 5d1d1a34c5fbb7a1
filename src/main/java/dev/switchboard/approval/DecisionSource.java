package dev.switchboard.approval;

/** Where a decision was taken. */
public enum DecisionSource {
    /** The web app or the HTTP API. */
    WEB,
    /** Telegram: an inline button, an edited text, or {@code /confirm}, {@code /cancel} or a reply in the chat. */
    TELEGRAM,
    /** Switchboard itself: a newer message superseded a draft, a request timed out. */
    SYSTEM
}
