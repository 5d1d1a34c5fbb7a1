package dev.switchboard.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class VaultServiceTest extends IntegrationTest {

    @Autowired
    VaultService vault;

    @Autowired
    JdbcClient jdbc;

    @Test
    void storesOnlyCiphertextAndRevealsTheSecret() {
        CredentialId id = vault.store("provider api key", "canary-vault-secret-1");
        assertThat(vault.reveal(id)).isEqualTo("canary-vault-secret-1");
        byte[] stored = jdbc.sql("SELECT ciphertext FROM vault_credentials WHERE id = :id")
                .param("id", id.value()).query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("canary-vault-secret-1");
        String keyId = jdbc.sql("SELECT key_id FROM vault_credentials WHERE id = :id")
                .param("id", id.value()).query(String.class).single();
        assertThat(keyId).isEqualTo(vault.currentKeyId());
    }

    @Test
    void replaceKeepsTheIdAndDeleteRemovesTheSecret() {
        CredentialId id = vault.store("bot token", "first");
        vault.replace(id, "second");
        assertThat(vault.reveal(id)).isEqualTo("second");
        vault.delete(id);
        assertThatThrownBy(() -> vault.reveal(id)).isInstanceOf(VaultException.class);
    }

    @Test
    void tamperedCiphertextInTheDatabaseFailsClosed() {
        CredentialId id = vault.store("bot token", "tamper-me");
        jdbc.sql("UPDATE vault_credentials SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE id = :id")
                .param("id", id.value()).update();
        assertThatThrownBy(() -> vault.reveal(id))
                .isInstanceOf(VaultException.class)
                .hasMessageNotContaining("tamper-me");
    }

    @Test
    void derivedKeysAreStablePerPurposeAndDifferBetweenPurposes() {
        assertThat(vault.deriveKey("identity.jwt")).hasSize(32).isEqualTo(vault.deriveKey("identity.jwt"));
        assertThat(vault.deriveKey("identity.jwt")).isNotEqualTo(vault.deriveKey("other"));
    }
}
