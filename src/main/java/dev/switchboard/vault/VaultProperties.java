package dev.switchboard.vault;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Vault settings. The keys themselves are deliberately not properties here (secrets are never
 * configuration properties): they are read once from {@code SWITCHBOARD_MASTER_KEY} and
 * {@code SWITCHBOARD_PREVIOUS_MASTER_KEYS}, or from the key files in the data directory.
 *
 * @param rotateMasterKey when true (file-based key only), this start generates a new master key,
 *     re-encrypts every credential under it and keeps running; start once with
 *     {@code --switchboard.vault.rotate-master-key=true}
 */
@Validated
@ConfigurationProperties("switchboard.vault")
record VaultProperties(@DefaultValue("false") boolean rotateMasterKey) {
}
