package dev.switchboard.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per encryption. The credential id is the associated data,
 * so a ciphertext copied onto another row fails to decrypt instead of revealing the wrong secret.
 */
final class Cipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    Cipher(SecureRandom random) {
        this.random = random;
    }

    Sealed encrypt(MasterKey key, UUID credentialId, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION);
            cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(credentialId));
            return new Sealed(key.id(), nonce, cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new VaultException("Encryption failed", e);
        }
    }

    String decrypt(MasterKey key, UUID credentialId, Sealed sealed) {
        try {
            javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION);
            cipher.init(javax.crypto.Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData(credentialId));
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new VaultException("Credential " + credentialId
                    + " cannot be decrypted: it was altered or sealed under another key", e);
        }
    }

    private static byte[] associatedData(UUID credentialId) {
        return ByteBuffer.allocate(16)
                .putLong(credentialId.getMostSignificantBits())
                .putLong(credentialId.getLeastSignificantBits())
                .array();
    }

    /** What is stored: the id of the key that sealed it, the nonce and ciphertext with its tag. */
    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }
}
