package dev.switchboard.llm;

import dev.langchain4j.exception.HttpException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's error answer with its headers. LangChain4j's own {@link HttpException} keeps only
 * the status and body, so {@link ProviderHttpClient} throws this subclass; LangChain4j wraps it
 * (e.g. in a {@code RateLimitException}) and {@link Failures} finds it in the cause chain to read
 * {@code retry-after}.
 */
final class ProviderHttpException extends HttpException {

    private final Map<String, List<String>> headers;

    ProviderHttpException(int statusCode, String body, Map<String, List<String>> headers) {
        super(statusCode, body);
        this.headers = headers;
    }

    /** The first value of a response header, matched case-insensitively. */
    Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }

    /** The answer's body, as the provider sent it (may quote the request; redact before showing). */
    String body() {
        return getMessage();
    }
}
