package dev.switchboard.vault;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit AES master key and its id. The id is derived from the key itself (a truncated
 * SHA-256), so a ciphertext's stored key id tells, without decrypting, whether this key made it.
 */
record MasterKey(String id, SecretKey key) {

    static final int BYTES = 32;

    static MasterKey fromBase64(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new VaultException("The master key from " + source + " is not valid base64");
        }
        if (bytes.length != BYTES) {
            throw new VaultException("The master key from " + source + " must be " + BYTES
                    + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), not " + bytes.length);
        }
        return of(bytes);
    }

    static MasterKey generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return of(bytes);
    }

    private static MasterKey of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            String id = HexFormat.of().formatHex(digest, 0, 8);
            return new MasterKey(id, new SecretKeySpec(bytes, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
