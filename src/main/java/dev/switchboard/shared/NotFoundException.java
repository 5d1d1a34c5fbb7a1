package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/** 404: the thing does not exist, or belongs to another user (which we never reveal). */
public class NotFoundException extends ProblemException {

    public NotFoundException(String what, Object id) {
        super(HttpStatus.NOT_FOUND, "not-found", what + " " + id + " not found");
    }
}
