package dev.switchboard.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CipherTest {

    private final SecureRandom random = new SecureRandom();
    private final Cipher cipher = new Cipher(random);
    private final MasterKey key = MasterKey.generate(random);
    private final UUID id = UUID.randomUUID();

    @Test
    void sealedSecretsOpenWithTheSameKeyAndId() {
        Cipher.Sealed sealed = cipher.encrypt(key, id, "sk-test-secret");
        assertThat(sealed.keyId()).isEqualTo(key.id());
        assertThat(new String(sealed.ciphertext())).doesNotContain("sk-test-secret");
        assertThat(cipher.decrypt(key, id, sealed)).isEqualTo("sk-test-secret");
    }

    @Test
    void everySealingUsesAFreshNonce() {
        assertThat(cipher.encrypt(key, id, "same").nonce()).isNotEqualTo(cipher.encrypt(key, id, "same").nonce());
    }

    @Test
    void tamperedCiphertextFailsClosed() {
        Cipher.Sealed sealed = cipher.encrypt(key, id, "secret");
        byte[] altered = sealed.ciphertext().clone();
        altered[0] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(key, id, new Cipher.Sealed(sealed.keyId(), sealed.nonce(), altered)))
                .isInstanceOf(VaultException.class)
                .hasMessageNotContaining("secret\"");
    }

    @Test
    void aCiphertextMovedToAnotherCredentialDoesNotOpen() {
        Cipher.Sealed sealed = cipher.encrypt(key, id, "secret");
        assertThatThrownBy(() -> cipher.decrypt(key, UUID.randomUUID(), sealed)).isInstanceOf(VaultException.class);
    }

    @Test
    void anotherKeyDoesNotOpen() {
        Cipher.Sealed sealed = cipher.encrypt(key, id, "secret");
        assertThatThrownBy(() -> cipher.decrypt(MasterKey.generate(random), id, sealed)).isInstanceOf(VaultException.class);
    }

    @Test
    void masterKeysMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!", "test")).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16]), "test"))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("32 bytes");
        MasterKey parsed = MasterKey.fromBase64(key.toBase64(), "test");
        assertThat(parsed.id()).isEqualTo(key.id());
    }
}
