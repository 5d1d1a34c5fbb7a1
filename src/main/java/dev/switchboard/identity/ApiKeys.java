package dev.switchboard.identity;

import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * API keys: {@code sb_<8-character prefix>_<256 random bits>}. The full key is returned once, at
 * creation; afterwards only its prefix (to find it and to show it) and SHA-256 digest exist. A key
 * authenticates as its owner, for as long as the owner is enabled and the key is neither deleted
 * nor expired.
 */
@Service
class ApiKeys {

    static final String KEY_START = "sb_";
    private static final Pattern FORMAT = Pattern.compile("sb_([a-z0-9]{8})_[A-Za-z0-9_-]{43}");

    /** A key as its owner sees it; {@code key} only in the answer to its creation. */
    record ApiKeyView(UUID id, String name, String prefix, String key, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt) {
    }

    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final Clock clock;

    ApiKeys(ApiKeyRepository keys, AuditLog audit, IdentityProperties properties, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    ApiKeyView create(AuthenticatedUser owner, String name, Instant expiresAt, ClientInfo client) {
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidException("The request has invalid fields", Map.of("expiresAt", "must be in the future"));
        }
        String prefix = SecretTokens.randomAlphanumeric(8);
        String key = KEY_START + prefix + "_" + SecretTokens.random256();
        var row = new ApiKeyRepository.ApiKeyRow(UUID.randomUUID(), owner.id().value(), name.strip(), prefix,
                SecretTokens.sha256(key), now, expiresAt, null);
        keys.insert(row);
        audit.record(AuditLog.Event.API_KEY_CREATED, owner.id().value(), owner.email(), client.ip());
        return new ApiKeyView(row.id(), row.name(), prefix, key, now, expiresAt, null);
    }

    List<ApiKeyView> list(AuthenticatedUser owner) {
        return keys.findByUser(owner.id().value()).stream()
                .map(k -> new ApiKeyView(k.id(), k.name(), k.prefix(), null, k.createdAt(), k.expiresAt(), k.lastUsedAt()))
                .toList();
    }

    void delete(AuthenticatedUser owner, UUID id, ClientInfo client) {
        if (!keys.delete(id, owner.id().value())) {
            throw new NotFoundException("API key", id);
        }
        audit.record(AuditLog.Event.API_KEY_DELETED, owner.id().value(), owner.email(), client.ip());
    }

    /** The owner of a valid key; empty for anything else, without saying why. */
    Optional<AuthenticatedUser> authenticate(String key) {
        Matcher matcher = FORMAT.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        byte[] hash = SecretTokens.sha256(key);
        return keys.findByPrefix(matcher.group(1))
                .filter(found -> MessageDigest.isEqual(found.key().keyHash(), hash))
                .filter(found -> found.key().expiresAt() == null || found.key().expiresAt().isAfter(now))
                .filter(found -> found.owner().enabled())
                .map(found -> {
                    Instant staleBefore = now.minus(properties.apiKeyLastUsedResolution());
                    Instant lastUsed = found.key().lastUsedAt();
                    if (lastUsed == null || lastUsed.isBefore(staleBefore)) {
                        keys.touch(found.key().id(), now, staleBefore);
                    }
                    return found.owner().authenticated();
                });
    }
}
