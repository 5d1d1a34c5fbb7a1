package dev.switchboard.telegram;

/** Whether a bot's replies go out at once or wait for a person. */
public enum Approval {
    /** Replies are sent as soon as they are produced. */
    AUTO,
    /** Replies become drafts that the owner approves, edits or rejects first. */
    REVIEW
}
