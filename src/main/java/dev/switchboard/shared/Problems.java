package dev.switchboard.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the RFC 9457 problem details all errors use, and writes them from servlet filters (where
 * no {@code @RestControllerAdvice} runs). The {@code type} is {@code /problems/<kind>}, stable for
 * clients to switch on; every problem carries the request id so a user can quote it. A problem
 * answering the OpenAI-compatible API ({@code /v1/...}) also carries OpenAI's {@code error} member,
 * where OpenAI's clients read their exception's message.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    /** The kind of a problem that is only its status, e.g. {@code bad-request}. */
    public static String kindOf(HttpStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A problem detail of the given kind, with the current request id. */
    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(status.getReasonPhrase());
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    /**
     * A problem as the plain map of its members, for writers that do not go through Spring MVC's
     * converters (a filter's response, a server-sent event).
     */
    public static Map<String, Object> body(HttpStatus status, String type, String detail) {
        ProblemDetail problem = of(status, type, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** Whether a request is one of the OpenAI-compatible API ({@code /v1/...}). */
    public static boolean isOpenAiApi(String path) {
        return path.startsWith("/v1/");
    }

    /**
     * OpenAI's error object for a problem: the message, the problem's kind as type and the status
     * as code. Without it OpenAI's clients report only "401 status code (no body)".
     */
    public static Map<String, Object> openAiError(int status, String kind, String message) {
        return Map.of("message", message == null ? "" : message, "type", kind, "code", status);
    }

    /** Writes a problem as the whole response; for filters that answer before any controller. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
            String detail) throws IOException {
        Map<String, Object> body = body(status, type, detail);
        if (isOpenAiApi(request.getRequestURI())) {
            body.put("error", openAiError(status.value(), type, detail));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
