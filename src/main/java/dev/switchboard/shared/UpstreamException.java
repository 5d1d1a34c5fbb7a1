package dev.switchboard.shared;

import org.springframework.http.HttpStatus;

/**
 * 502: a service Switchboard called to answer this request (Telegram, an LLM provider) failed or
 * could not be reached. The detail names the service and its classified error, never a secret.
 */
public class UpstreamException extends ProblemException {

    public UpstreamException(String detail) {
        super(HttpStatus.BAD_GATEWAY, "upstream-failed", detail);
    }
}
