package dev.switchboard.llm;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's LLM providers. The API key is write-only: answers say only {@code hasApiKey}. */
@RestController
@RequestMapping("/api/providers")
class ProviderController {

    record CreateProvider(
            @NotBlank @Size(max = Catalog.MAX_NAME) String name,
            @NotNull @Pattern(regexp = ProviderType.NAMES, message = "must be one of " + ProviderType.NAMES) String type,
            @Size(max = Catalog.MAX_URL) String baseUrl,
            @Size(max = Catalog.MAX_API_KEY) String apiKey) {

        @Override
        public String toString() {
            return "CreateProvider[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + "]";
        }
    }

    /** The optional body of a provider test. */
    record TestProvider(@Size(max = Catalog.MAX_MODEL_NAME) String modelName) {
    }

    /** A provider as its owner sees it. */
    record ProviderJson(UUID id, String name, String type, String baseUrl, boolean hasApiKey, Instant createdAt,
            Instant updatedAt) {

        static ProviderJson of(Provider provider) {
            return new ProviderJson(provider.id(), provider.name(), provider.type().wireName(), provider.baseUrl(),
                    provider.hasApiKey(), provider.createdAt(), provider.updatedAt());
        }
    }

    private final Catalog catalog;
    private final LlmService llm;

    ProviderController(Catalog catalog, LlmService llm) {
        this.catalog = catalog;
        this.llm = llm;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ProviderJson create(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateProvider body) {
        return ProviderJson.of(catalog.createProvider(user.id(),
                new Catalog.NewProvider(body.name(), body.type(), body.baseUrl(), body.apiKey())));
    }

    @GetMapping
    List<ProviderJson> list(@AuthenticationPrincipal AuthenticatedUser user) {
        return catalog.providers(user.id()).stream().map(ProviderJson::of).toList();
    }

    @GetMapping("/{id}")
    ProviderJson get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return ProviderJson.of(catalog.provider(user.id(), id));
    }

    /** Changes any of name, baseUrl and apiKey (absent: unchanged; apiKey null or "": removed). */
    @PatchMapping("/{id}")
    ProviderJson update(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @RequestBody JsonNode body) {
        return ProviderJson.of(catalog.updateProvider(user.id(), id, body));
    }

    /** Deletes a provider without models (409 otherwise) and its stored API key. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        catalog.deleteProvider(user.id(), id);
    }

    /** One tiny call to the provider's first model (or {@code modelName}); failures are answered, not thrown. */
    @PostMapping("/{id}/test")
    LlmService.ProviderCheck test(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @Valid @RequestBody(required = false) TestProvider body) {
        return llm.test(user.id(), new ProviderId(id), body == null ? null : body.modelName());
    }
}
