package dev.switchboard.llm;

import java.time.Instant;
import java.util.UUID;

/**
 * A provider row: an endpoint of some {@link ProviderType} and, optionally, the vault entry that
 * holds its API key.
 *
 * @param apiKeyCredential the vault credential id of the API key, or null for none
 */
record Provider(UUID id, UUID ownerId, String name, ProviderType type, String baseUrl, UUID apiKeyCredential,
        Instant createdAt, Instant updatedAt) {

    boolean hasApiKey() {
        return apiKeyCredential != null;
    }
}
