package dev.switchboard.processing;

/** Where an inbox item stands; the allowed moves between them live in {@code ProcessingItem}. */
public enum InboxStatus {
    /** Stored and waiting for a worker (also after a manual retry). */
    RECEIVED,
    /** A worker holding the chat's lease is running a turn with it. */
    PROCESSING,
    /** The turn finished; the item is done. */
    COMPLETED,
    /** The last attempt failed in a way worth repeating; the next one is due at {@code nextAttemptAt}. */
    FAILED,
    /** It will not be tried again (a fatal failure or the attempt limit); the owner can retry it by hand. */
    TERMINAL,
    /** An update Switchboard does not act on, or one without a chat; stored for the record, never processed. */
    IGNORED
}
