package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/** 403: authenticated, but this action needs a role the caller does not have. */
public class ForbiddenException extends ProblemException {

    public ForbiddenException(String detail) {
        super(HttpStatus.FORBIDDEN, "forbidden", detail);
    }
}
