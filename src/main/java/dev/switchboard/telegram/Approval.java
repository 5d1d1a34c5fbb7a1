package dev.switchboard.telegram;

/** Whether a bot's (or one chat's) replies go out at once, wait for a person, or are not written at all. */
public enum Approval {
    /** Replies are sent as soon as they are produced. */
    AUTO,
    /** Replies become drafts that the owner approves, edits or rejects first. */
    REVIEW,
    /** The bot does not answer; messages are still recorded (e.g. the owner answers the chat themselves). */
    OFF
}
