package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/**
 * Base of the errors a module throws to answer a request with a problem detail. The message is
 * the {@code detail} a client sees, so it must never contain a secret.
 */
public abstract class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    protected ProblemException(HttpStatus status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    /** The HTTP status of the answer. */
    public HttpStatus status() {
        return status;
    }

    /** Stable, machine-readable kind of problem: the last segment of the problem {@code type} URI. */
    public String type() {
        return type;
    }
}
