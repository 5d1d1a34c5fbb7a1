package dev.switchboard.vault;

import java.util.Objects;
import java.util.UUID;

/** Identifies a secret in the vault; the owning module keeps it in its own row. */
public record CredentialId(UUID value) {

    public CredentialId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
