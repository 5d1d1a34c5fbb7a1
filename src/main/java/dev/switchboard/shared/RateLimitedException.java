package dev.switchboard.shared;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** 429 with a {@code Retry-After} header: too many attempts, try again later. */
public class RateLimitedException extends ProblemException {

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
