package dev.switchboard.shared;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * The one place errors become RFC 9457 {@code application/problem+json}. Module exceptions carry
 * their status and kind; Spring MVC's own errors (415, 405, 404, bad JSON) keep theirs; anything
 * else is a 500 whose body says only "internal error" and the request id, never a stack trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException e) {
        ProblemDetail problem = Problems.of(e.status(), e.type(), e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        if (e instanceof InvalidException invalid && !invalid.fieldErrors().isEmpty()) {
            problem.setProperty("errors", invalid.fieldErrors().entrySet().stream()
                    .map(entry -> Map.of("field", entry.getKey(), "message", entry.getValue()))
                    .toList());
        }
        if (e instanceof RateLimitedException limited) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
        }
        return ResponseEntity.status(e.status()).headers(headers).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "Parameter '" + e.getName() + "' has an invalid value"));
    }

    /**
     * A query or path parameter outside its bounds (e.g. {@code limit=-1}) on a controller that is
     * {@code @Validated}, whose checks run as method validation and throw this instead of Spring
     * MVC's own exception. Each error names the parameter, not the Java method.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid values");
        problem.setProperty("errors", e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", lastName(violation), "message", violation.getMessage()))
                .sorted(Comparator.comparing(error -> error.get("field")))
                .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    private static String lastName(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName() == null ? name : node.getName();
        }
        return name;
    }

    /**
     * The database cannot be reached: 503 with {@code Retry-After}, so callers that retry (Telegram
     * among them) deliver again later instead of losing anything.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> handleDatabaseDown(Exception e) {
        log.error("Database unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "The database is unavailable; try again shortly"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        if (isUnstorableText(e)) {
            // The backstop for text that reached the database by a way the request body check
            // does not see (a JSON merge patch is read as a tree); the transaction rolled back.
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                    "A text value " + StorableText.NUL_REFUSED));
        }
        log.error("Unhandled error", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "An internal error occurred; quote the request id when reporting it"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid fields");
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid values");
        problem.setProperty("errors", e.getAllErrors().stream()
                .map(error -> Map.of("message", String.valueOf(error.getDefaultMessage())))
                .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", tooLarge.getMessage()));
            }
            String refusal = cause instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                    ? StorableText.refusal(text) : null;
            if (refusal != null) {
                String field = fieldPath((InvalidFormatException) cause);
                ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                        "Field '" + field + "' " + refusal);
                problem.setProperty("errors", List.of(Map.of("field", field, "message", refusal)));
                return ResponseEntity.badRequest().body(problem);
            }
        }
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "The request body is missing or is not valid JSON of the expected shape"));
    }

    /**
     * PostgreSQL refused a text for a character it cannot store: 22021 (a NUL in text) or 22P05
     * (a NUL escape in jsonb).
     */
    private static boolean isUnstorableText(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** Where in the body a value was, e.g. {@code messages[1].content}. */
    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Spring MVC's own errors (404, 405, 415, ...) keep their status and get our type and request id. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        String detail = body instanceof ProblemDetail given && given.getDetail() != null
                ? given.getDetail()
                : e instanceof ErrorResponse response && response.getBody().getDetail() != null
                        ? response.getBody().getDetail() : status.getReasonPhrase();
        ProblemDetail problem = Problems.of(status, Problems.kindOf(status), detail);
        return ResponseEntity.status(status).headers(headers).body(problem);
    }
}
