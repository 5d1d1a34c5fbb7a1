package dev.switchboard.vault;

import dev.switchboard.shared.SwitchboardProperties;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The vault's front door: seals secrets (bot tokens, provider API keys, ...) with AES-256-GCM under
 * the master key and opens them again for the module that stored them. Calls join the caller's
 * transaction, so a secret and the row that refers to it are written together.
 *
 * <p>On start it settles the master key (see {@link KeyRingLoader}): a missing or wrong key for
 * existing credentials stops start-up, and credentials sealed under a previous key are re-sealed
 * under the current one, which is how keys rotate.
 */
@Service
public class VaultService {

    private static final Logger log = LoggerFactory.getLogger(VaultService.class);
    private static final byte[] DERIVATION_SALT = "switchboard.vault.derive".getBytes(StandardCharsets.UTF_8);

    private final CredentialStore store;
    private final Clock clock;
    private final Cipher cipher;
    private final KeyRing keys;

    VaultService(CredentialStore store, Clock clock, Environment environment, SwitchboardProperties properties,
            VaultProperties vaultProperties, TransactionTemplate transactions) {
        this.store = store;
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        this.cipher = new Cipher(random);
        KeyRingLoader loader = new KeyRingLoader(environment, properties, store, random);
        this.keys = loader.load(vaultProperties.rotateMasterKey());
        int resealed = transactions.execute(status -> resealUnderCurrentKey());
        if (resealed > 0) {
            log.info("Re-sealed {} credentials under master key {}", resealed, keys.current().id());
        }
        if (store.countByKeyId().keySet().stream().allMatch(keys.current().id()::equals)) {
            loader.forgetPreviousKeyFiles();
        }
    }

    /**
     * Seals a secret and stores it.
     *
     * @param label what the secret is, for operators (e.g. "bot token"); never the secret itself
     * @return the id to keep in the owning row
     */
    @Transactional
    public CredentialId store(String label, String secret) {
        UUID id = UUID.randomUUID();
        store.insert(id, label, cipher.encrypt(keys.current(), id, secret), clock.instant());
        return new CredentialId(id);
    }

    /**
     * Opens a stored secret.
     *
     * @throws VaultException if it does not exist, was altered, or was sealed under an unknown key
     */
    @Transactional(readOnly = true)
    public String reveal(CredentialId id) {
        Cipher.Sealed sealed = store.find(id.value())
                .orElseThrow(() -> new VaultException("Credential " + id + " does not exist"));
        MasterKey key = keys.find(sealed.keyId())
                .orElseThrow(() -> new VaultException("Credential " + id + " is sealed under unknown key " + sealed.keyId()));
        return cipher.decrypt(key, id.value(), sealed);
    }

    /** Replaces a stored secret, keeping its id. */
    @Transactional
    public void replace(CredentialId id, String secret) {
        if (!store.update(id.value(), cipher.encrypt(keys.current(), id.value(), secret), clock.instant())) {
            throw new VaultException("Credential " + id + " does not exist");
        }
    }

    /** Deletes a stored secret; deleting one that is already gone does nothing. */
    @Transactional
    public void delete(CredentialId id) {
        store.delete(id.value());
    }

    /**
     * A 32-byte key for another purpose (such as signing tokens), derived from the master key with
     * HKDF-SHA256, so every instance sharing the master key derives the same one. It changes when
     * the master key rotates.
     *
     * @param purpose a stable name, e.g. "identity.jwt"
     */
    public byte[] deriveKey(String purpose) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(keys.current().key().getEncoded(), DERIVATION_SALT,
                purpose.getBytes(StandardCharsets.UTF_8)));
        byte[] derived = new byte[32];
        hkdf.generateBytes(derived, 0, derived.length);
        return derived;
    }

    /** Id of the master key that seals new secrets (not secret; shown to operators). */
    public String currentKeyId() {
        return keys.current().id();
    }

    private int resealUnderCurrentKey() {
        MasterKey current = keys.current();
        List<UUID> stale = store.lockIdsNotSealedBy(current.id());
        for (UUID id : stale) {
            String secret = reveal(new CredentialId(id));
            store.update(id, cipher.encrypt(current, id, secret), clock.instant());
        }
        return stale.size();
    }
}
