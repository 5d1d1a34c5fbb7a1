/**
 * Vault: credentials encrypted at rest with AES-256-GCM under a master key whose id travels with
 * each ciphertext, the master key itself (environment or a generated key file) and key rotation.
 * Owns the {@code vault_*} tables. Never returns a secret except to the module that stored it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared"})
package dev.switchboard.vault;
