package dev.switchboard.vault;

/**
 * A secret cannot be read: its ciphertext was altered, or it was encrypted under a key this
 * process does not have. The vault fails closed; the message never contains the secret.
 */
public class VaultException extends RuntimeException {

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
