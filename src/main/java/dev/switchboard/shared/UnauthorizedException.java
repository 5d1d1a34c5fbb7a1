package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/** 401: credentials missing, wrong, expired or revoked. The detail never says which secret failed. */
public class UnauthorizedException extends ProblemException {

    public UnauthorizedException(String detail) {
        super(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
    }
}
