package dev.switchboard.shared;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** 400: the input breaks a rule that Bean Validation on the request record cannot express. */
public class InvalidException extends ProblemException {

    private final Map<String, String> fieldErrors;

    public InvalidException(String detail) {
        this(detail, Map.of());
    }

    /** @param fieldErrors field name to message, reported in the problem's {@code errors} */
    public InvalidException(String detail, Map<String, String> fieldErrors) {
        super(HttpStatus.BAD_REQUEST, "invalid-request", detail);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
