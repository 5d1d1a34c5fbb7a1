package dev.switchboard.processing;

/**
 * A turn tried to complete after its worker lost the chat's lease (it ran longer than the lease
 * and another worker took the chat over). Nothing the turn tried to write is kept; the other
 * worker's turn answers the items.
 */
public class LeaseLostException extends RuntimeException {

    /** @param message which chat and lease */
    public LeaseLostException(String message) {
        super(message);
    }
}
