package dev.switchboard.conversation;

import dev.switchboard.shared.Problems;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A problem detail answering the OpenAI-compatible API ({@code /v1/...}) also carries OpenAI's
 * {@code error} member: OpenAI's clients read their exception's message from it and otherwise
 * report only "400 status code (no body)". Problems written before any controller (401, 413) get it
 * from {@link Problems#write}.
 */
@RestControllerAdvice
class OpenAiErrors implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && Problems.isOpenAiApi(request.getURI().getPath())) {
            problem.setProperty("error", Problems.openAiError(problem.getStatus(), kind(problem), problem.getDetail()));
        }
        return body;
    }

    private static String kind(ProblemDetail problem) {
        String type = problem.getType().toString();
        return type.substring(type.lastIndexOf('/') + 1);
    }
}
