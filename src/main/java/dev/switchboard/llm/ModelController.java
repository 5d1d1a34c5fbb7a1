package dev.switchboard.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The caller's model catalog: which models of which provider, their context windows and prices. */
@RestController
@RequestMapping("/api/models")
class ModelController {

    record CreateModel(
            @NotNull UUID providerId,
            @NotBlank @Size(max = Catalog.MAX_MODEL_NAME) String modelName,
            @Min(1) @Max(Catalog.MAX_CONTEXT_WINDOW) Integer contextWindow,
            @DecimalMin("0") @DecimalMax("2") Double defaultTemperature,
            @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 6) BigDecimal inputPricePerMillion,
            @DecimalMin("0") @DecimalMax("1000000") @Digits(integer = 7, fraction = 6) BigDecimal outputPricePerMillion) {
    }

    /** A catalog model as its owner sees it; prices per million tokens. */
    record ModelJson(UUID id, UUID providerId, String providerType, String modelName, int contextWindow,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double defaultTemperature, BigDecimal inputPricePerMillion,
            BigDecimal outputPricePerMillion, Instant createdAt, Instant updatedAt) {

        static ModelJson of(Model model, Provider provider) {
            return new ModelJson(model.id(), model.providerId(), provider.type().wireName(), model.modelName(),
                    model.contextWindow(), model.defaultTemperature(), Money.normalized(model.inputPricePerMillion()),
                    Money.normalized(model.outputPricePerMillion()), model.createdAt(), model.updatedAt());
        }
    }

    private final Catalog catalog;

    ModelController(Catalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ModelJson create(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody CreateModel body) {
        Model model = catalog.createModel(user.id(), new Catalog.NewModel(body.providerId(), body.modelName(),
                body.contextWindow(), body.defaultTemperature(), body.inputPricePerMillion(),
                body.outputPricePerMillion()));
        return ModelJson.of(model, catalog.provider(user.id(), model.providerId()));
    }

    @GetMapping
    List<ModelJson> list(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) UUID providerId) {
        Map<UUID, Provider> providers = catalog.providers(user.id()).stream()
                .collect(Collectors.toMap(Provider::id, Function.identity()));
        return catalog.models(user.id(), providerId).stream()
                .map(model -> ModelJson.of(model, providers.get(model.providerId())))
                .toList();
    }

    @GetMapping("/{id}")
    ModelJson get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        Model model = catalog.model(user.id(), id);
        return ModelJson.of(model, catalog.provider(user.id(), model.providerId()));
    }

    /** Changes any of modelName, contextWindow, defaultTemperature (null clears it) and the prices. */
    @PatchMapping("/{id}")
    ModelJson update(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @RequestBody JsonNode body) {
        Model model = catalog.updateModel(user.id(), id, body);
        return ModelJson.of(model, catalog.provider(user.id(), model.providerId()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        catalog.deleteModel(user.id(), id);
    }
}
