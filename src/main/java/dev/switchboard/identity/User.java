package dev.switchboard.identity;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code identity_user}. */
record User(UUID id, String email, String name, String passwordHash, Role role, boolean enabled, Instant createdAt) {

    AuthenticatedUser authenticated() {
        return new AuthenticatedUser(new UserId(id), email, role);
    }
}
