package dev.switchboard.llm;

import dev.switchboard.identity.UserId;
import dev.switchboard.shared.ConflictException;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.vault.CredentialId;
import dev.switchboard.vault.VaultService;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * Providers and the model catalog, for the owner's API. Every lookup is scoped to the owner, so
 * another user's provider or model is simply not found. All input is checked before anything is
 * written; API keys go to the vault and only {@code hasApiKey} comes back.
 *
 * <p>Rules: a provider's type never changes; its base URL defaults by type ({@code openai_compatible}
 * needs one) and must be an http(s) URL; in a PATCH, {@code apiKey} absent keeps the key, a string
 * replaces it, and {@code null} or {@code ""} removes it; {@code baseUrl} null or {@code ""} returns
 * to the type's default. A provider that still has models cannot be deleted (409). Names are unique
 * per owner (providers) and per provider (model names).
 */
@Service
class Catalog {

    static final String API_KEY_LABEL = "llm provider api key";
    static final int MAX_NAME = 100;
    static final int MAX_MODEL_NAME = 200;
    static final int MAX_URL = 2000;
    static final int MAX_API_KEY = 4096;
    static final int MAX_CONTEXT_WINDOW = 100_000_000;
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    /** What a new provider is made of, already checked for shape by Bean Validation. */
    record NewProvider(String name, String type, String baseUrl, String apiKey) {
    }

    /** What a new model is made of, already checked for shape by Bean Validation. */
    record NewModel(UUID providerId, String modelName, Integer contextWindow, Double defaultTemperature,
            BigDecimal inputPricePerMillion, BigDecimal outputPricePerMillion) {
    }

    private final ProviderRepository providers;
    private final ModelRepository models;
    private final VaultService vault;
    private final LlmProperties properties;
    private final Clock clock;
    private final RecentCatalog recent;

    Catalog(ProviderRepository providers, ModelRepository models, VaultService vault, LlmProperties properties,
            Clock clock, RecentCatalog recent) {
        this.providers = providers;
        this.models = models;
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
        this.recent = recent;
    }

    /**
     * Calls see a change at once on this instance: the cache is cleared now and again after the
     * commit (a call in between could have cached the rows as they were before it).
     */
    private void changed() {
        recent.forgetAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    recent.forgetAll();
                }
            });
        }
    }

    // ---- providers ----------------------------------------------------------------------------

    @Transactional
    Provider createProvider(UserId owner, NewProvider input) {
        Map<String, String> errors = new LinkedHashMap<>();
        ProviderType type = ProviderType.fromWireName(input.type());
        String baseUrl = baseUrl(type, input.baseUrl(), errors);
        String name = input.name().strip();
        if (!errors.isEmpty()) {
            throw new InvalidException("The request has invalid fields", errors);
        }
        Instant now = now();
        UUID credential = input.apiKey() == null || input.apiKey().isEmpty() ? null
                : vault.store(API_KEY_LABEL, input.apiKey()).value();
        Provider provider = new Provider(UUID.randomUUID(), owner.value(), name, type, baseUrl, credential, now, now);
        try {
            providers.insert(provider);
        } catch (DuplicateKeyException e) {
            throw duplicateProviderName(name);
        }
        return provider;
    }

    List<Provider> providers(UserId owner) {
        return providers.findByOwner(owner.value());
    }

    Provider provider(UserId owner, UUID id) {
        return providers.find(owner.value(), id).orElseThrow(() -> new NotFoundException("Provider", id));
    }

    @Transactional
    Provider updateProvider(UserId owner, UUID id, JsonNode patch) {
        changed();
        Provider current = providers.lock(owner.value(), id).orElseThrow(() -> new NotFoundException("Provider", id));
        Map<String, String> errors = new LinkedHashMap<>();
        requireObject(patch);
        if (patch.has("type") && !(patch.get("type").isString()
                && patch.get("type").stringValue().equals(current.type().wireName()))) {
            errors.put("type", "cannot be changed; create a new provider instead");
        }
        String name = current.name();
        if (patch.has("name")) {
            JsonNode value = patch.get("name");
            if (!value.isString() || value.stringValue().isBlank()) {
                errors.put("name", "must not be blank");
            } else if (value.stringValue().strip().length() > MAX_NAME) {
                errors.put("name", "size must be between 1 and " + MAX_NAME);
            } else {
                name = value.stringValue().strip();
            }
        }
        String baseUrl = current.baseUrl();
        if (patch.has("baseUrl")) {
            JsonNode value = patch.get("baseUrl");
            if (!value.isNull() && !value.isString()) {
                errors.put("baseUrl", "must be a string");
            } else {
                baseUrl = baseUrl(current.type(), value.isNull() ? null : value.stringValue(), errors);
            }
        }
        boolean keyChanges = patch.has("apiKey");
        String newKey = null;
        if (keyChanges) {
            JsonNode value = patch.get("apiKey");
            if (!value.isNull() && !value.isString()) {
                errors.put("apiKey", "must be a string or null");
            } else if (value.isString() && value.stringValue().length() > MAX_API_KEY) {
                errors.put("apiKey", "size must be at most " + MAX_API_KEY);
            } else if (value.isString() && !value.stringValue().isEmpty()) {
                newKey = value.stringValue();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidException("The request has invalid fields", errors);
        }
        UUID credential = current.apiKeyCredential();
        UUID removedCredential = null;
        if (keyChanges && newKey == null) {
            removedCredential = credential;
            credential = null;
        } else if (newKey != null && credential != null) {
            vault.replace(new CredentialId(credential), newKey);
        } else if (newKey != null) {
            credential = vault.store(API_KEY_LABEL, newKey).value();
        }
        Provider updated = new Provider(current.id(), current.ownerId(), name, current.type(), baseUrl, credential,
                current.createdAt(), now());
        try {
            providers.update(updated);
        } catch (DuplicateKeyException e) {
            throw duplicateProviderName(name);
        }
        if (removedCredential != null) {
            vault.delete(new CredentialId(removedCredential));
        }
        return updated;
    }

    @Transactional
    void deleteProvider(UserId owner, UUID id) {
        changed();
        Provider provider = providers.lock(owner.value(), id).orElseThrow(() -> new NotFoundException("Provider", id));
        long remaining = models.countByProvider(provider.id());
        if (remaining > 0) {
            throw new ConflictException("Provider " + id + " still has " + remaining
                    + (remaining == 1 ? " model" : " models") + "; delete them first");
        }
        providers.delete(owner.value(), id);
        if (provider.hasApiKey()) {
            vault.delete(new CredentialId(provider.apiKeyCredential()));
        }
    }

    // ---- models -------------------------------------------------------------------------------

    @Transactional
    Model createModel(UserId owner, NewModel input) {
        Provider provider = providers.find(owner.value(), input.providerId())
                .orElseThrow(() -> new InvalidException("The request has invalid fields",
                        Map.of("providerId", "no such provider")));
        Instant now = now();
        Model model = new Model(UUID.randomUUID(), owner.value(), provider.id(), input.modelName().strip(),
                input.contextWindow() == null ? properties.defaultContextWindow() : input.contextWindow(),
                input.defaultTemperature(),
                input.inputPricePerMillion() == null ? BigDecimal.ZERO : input.inputPricePerMillion(),
                input.outputPricePerMillion() == null ? BigDecimal.ZERO : input.outputPricePerMillion(), now, now);
        try {
            models.insert(model);
        } catch (DuplicateKeyException e) {
            throw duplicateModelName(model.modelName());
        }
        return model;
    }

    /** The owner's models, all or only one provider's (none for a provider that is not the owner's). */
    List<Model> models(UserId owner, UUID providerId) {
        return providerId == null ? models.findByOwner(owner.value())
                : models.findByProvider(owner.value(), providerId);
    }

    Model model(UserId owner, UUID id) {
        return models.find(owner.value(), id).orElseThrow(() -> new NotFoundException("Model", id));
    }

    @Transactional
    Model updateModel(UserId owner, UUID id, JsonNode patch) {
        changed();
        Model current = model(owner, id);
        requireObject(patch);
        Map<String, String> errors = new LinkedHashMap<>();
        if (patch.has("providerId") && !(patch.get("providerId").isString()
                && patch.get("providerId").stringValue().equals(current.providerId().toString()))) {
            errors.put("providerId", "cannot be changed; create the model under the other provider instead");
        }
        String modelName = current.modelName();
        if (patch.has("modelName")) {
            JsonNode value = patch.get("modelName");
            if (!value.isString() || value.stringValue().isBlank()) {
                errors.put("modelName", "must not be blank");
            } else if (value.stringValue().strip().length() > MAX_MODEL_NAME) {
                errors.put("modelName", "size must be between 1 and " + MAX_MODEL_NAME);
            } else {
                modelName = value.stringValue().strip();
            }
        }
        int contextWindow = current.contextWindow();
        if (patch.has("contextWindow")) {
            JsonNode value = patch.get("contextWindow");
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                    || value.intValue() > MAX_CONTEXT_WINDOW) {
                errors.put("contextWindow", "must be a whole number from 1 to " + MAX_CONTEXT_WINDOW);
            } else {
                contextWindow = value.intValue();
            }
        }
        Double temperature = current.defaultTemperature();
        if (patch.has("defaultTemperature")) {
            JsonNode value = patch.get("defaultTemperature");
            if (value.isNull()) {
                temperature = null;
            } else if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 2) {
                errors.put("defaultTemperature", "must be a number from 0 to 2, or null");
            } else {
                temperature = value.doubleValue();
            }
        }
        BigDecimal inputPrice = price(patch, "inputPricePerMillion", current.inputPricePerMillion(), errors);
        BigDecimal outputPrice = price(patch, "outputPricePerMillion", current.outputPricePerMillion(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidException("The request has invalid fields", errors);
        }
        Model updated = new Model(current.id(), current.ownerId(), current.providerId(), modelName, contextWindow,
                temperature, inputPrice, outputPrice, current.createdAt(), now());
        try {
            models.update(updated);
        } catch (DuplicateKeyException e) {
            throw duplicateModelName(modelName);
        }
        return updated;
    }

    @Transactional
    void deleteModel(UserId owner, UUID id) {
        changed();
        if (!models.delete(owner.value(), id)) {
            throw new NotFoundException("Model", id);
        }
    }

    /** Now, to the microsecond PostgreSQL keeps, so an answer equals what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    // ---- rules --------------------------------------------------------------------------------

    /** The base URL to store: the given one, checked and without a trailing slash, or the type's default. */
    static String baseUrl(ProviderType type, String given, Map<String, String> errors) {
        if (given == null || given.isBlank()) {
            return type.defaultBaseUrl().orElseGet(() -> {
                errors.put("baseUrl", "is required for type " + type.wireName());
                return null;
            });
        }
        String url = given.strip();
        if (url.length() > MAX_URL) {
            errors.put("baseUrl", "size must be at most " + MAX_URL);
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getHost().isBlank()
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                errors.put("baseUrl", "must be an http(s) URL such as https://api.example.com/v1, without query or credentials");
                return null;
            }
        } catch (URISyntaxException e) {
            errors.put("baseUrl", "must be an http(s) URL such as https://api.example.com/v1");
            return null;
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private static BigDecimal price(JsonNode patch, String field, BigDecimal current, Map<String, String> errors) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (!value.isNumber()) {
            errors.put(field, "must be a number from 0 to " + MAX_PRICE);
            return current;
        }
        BigDecimal price = value.decimalValue();
        if (price.signum() < 0 || price.compareTo(MAX_PRICE) > 0 || Math.max(price.stripTrailingZeros().scale(), 0) > 6) {
            errors.put(field, "must be a number from 0 to " + MAX_PRICE + " with at most 6 decimals");
            return current;
        }
        return price;
    }

    private static void requireObject(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidException("The request body must be a JSON object");
        }
    }

    private static ConflictException duplicateProviderName(String name) {
        return new ConflictException("You already have a provider named '" + name + "'");
    }

    private static ConflictException duplicateModelName(String modelName) {
        return new ConflictException("This provider already has a model named '" + modelName + "'");
    }
}
