package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/** 409: the request is valid but clashes with the current state (a duplicate, a finished draft). */
public class ConflictException extends ProblemException {

    public ConflictException(String detail) {
        super(HttpStatus.CONFLICT, "conflict", detail);
    }
}
