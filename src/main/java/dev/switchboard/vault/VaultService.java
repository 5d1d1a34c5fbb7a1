package dev.switchboard.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/** Placeholder until the real vault lands on main: derives keys as HMAC-SHA256(master key, purpose). */
@Service
public class VaultService {

    private final byte[] masterKey;

    VaultService(Environment environment) {
        String configured = environment.getProperty("switchboard.master-key");
        if (configured != null && !configured.isBlank()) {
            masterKey = Base64.getDecoder().decode(configured.trim());
        } else {
            masterKey = new byte[32];
            new SecureRandom().nextBytes(masterKey);
        }
    }

    /** 32 bytes derived from the master key for one purpose. */
    public byte[] deriveKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
