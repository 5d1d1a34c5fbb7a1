package dev.switchboard.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's API keys; the key itself appears only in the answer to its creation. */
@RestController
@RequestMapping("/api/api-keys")
class ApiKeyController {

    record CreateApiKey(@NotBlank @Size(max = 100) String name, Instant expiresAt) {
    }

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiKeys.ApiKeyView create(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateApiKey body,
            HttpServletRequest request) {
        return apiKeys.create(user, body.name(), body.expiresAt(), ClientInfo.of(request));
    }

    @GetMapping
    List<ApiKeys.ApiKeyView> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return apiKeys.list(user);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id, HttpServletRequest request) {
        apiKeys.delete(user, id, ClientInfo.of(request));
    }
}
