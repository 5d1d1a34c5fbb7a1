package dev.switchboard.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * What a chat turn looks up about its model for a few seconds: the model with its provider, and
 * the provider's API key out of the vault. A busy bot's turns then do not each read two catalog
 * rows and decrypt a credential. Any catalog change on this instance clears it at once; a change
 * made on another instance is seen within {@link #TTL}.
 */
@Component
class RecentCatalog {

    static final Duration TTL = Duration.ofSeconds(5);

    private record Key(UUID ownerId, UUID modelId) {
    }

    /** A model with its provider as the catalog has them. */
    record Entry(Model model, Provider provider) {
    }

    private final Cache<Key, Entry> models = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();
    private final Cache<UUID, String> apiKeys = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).build();

    /** The cached entry, or the loaded one (cached only if found). */
    Optional<Entry> model(UUID ownerId, UUID modelId, Supplier<Optional<Entry>> load) {
        Key key = new Key(ownerId, modelId);
        Entry cached = models.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Entry> loaded = load.get();
        loaded.ifPresent(entry -> models.put(key, entry));
        return loaded;
    }

    /** The API key stored under {@code credentialId}, revealed by {@code reveal} on a miss. */
    String apiKey(UUID credentialId, java.util.function.Function<UUID, String> reveal) {
        return apiKeys.get(credentialId, reveal);
    }

    /** The catalog changed on this instance. */
    void forgetAll() {
        models.invalidateAll();
        apiKeys.invalidateAll();
    }
}
