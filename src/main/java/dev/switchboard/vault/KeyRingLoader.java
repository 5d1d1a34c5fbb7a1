package dev.switchboard.vault;

import dev.switchboard.shared.SwitchboardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * Decides which master key this process uses, before any secret is touched:
 * <ol>
 * <li>{@code SWITCHBOARD_MASTER_KEY} if set, else the key file {@code <data dir>/master.key};</li>
 * <li>if neither exists a key file is generated (mode 0600), but only while the database holds
 *     no credential: a new key is never generated over existing ciphertext;</li>
 * <li>older keys from {@code SWITCHBOARD_PREVIOUS_MASTER_KEYS} (comma-separated) and
 *     {@code master.key.previous-*} files are accepted for reading, so keys can rotate;</li>
 * <li>a credential sealed under a key that is in none of these stops start-up with a message
 *     that says what to do.</li>
 * </ol>
 */
final class KeyRingLoader {

    static final String KEY_FILE = "master.key";
    static final String PREVIOUS_PREFIX = "master.key.previous-";
    private static final Logger log = LoggerFactory.getLogger(KeyRingLoader.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Environment environment;
    private final Path dataDir;
    private final CredentialStore store;
    private final SecureRandom random;

    KeyRingLoader(Environment environment, SwitchboardProperties properties, CredentialStore store, SecureRandom random) {
        this.environment = environment;
        this.dataDir = properties.dataDir();
        this.store = store;
        this.random = random;
    }

    KeyRing load(boolean rotate) {
        String fromEnvironment = environment.getProperty("switchboard.master-key");
        boolean environmentKey = fromEnvironment != null && !fromEnvironment.isBlank();
        List<MasterKey> previous = new ArrayList<>(previousKeys());
        MasterKey current;
        if (environmentKey) {
            if (rotate) {
                throw new VaultException("switchboard.vault.rotate-master-key works with the generated key file only. "
                        + "With SWITCHBOARD_MASTER_KEY, rotate by setting the new key in SWITCHBOARD_MASTER_KEY and "
                        + "the old one in SWITCHBOARD_PREVIOUS_MASTER_KEYS, then start once.");
            }
            current = MasterKey.fromBase64(fromEnvironment, "SWITCHBOARD_MASTER_KEY");
        } else {
            current = loadOrCreateKeyFile(previous);
            if (rotate) {
                previous.add(current);
                current = rotateKeyFile(current);
            }
        }
        KeyRing ring = new KeyRing(current, previous);
        refuseUnknownKeys(ring);
        return ring;
    }

    private MasterKey loadOrCreateKeyFile(List<MasterKey> previous) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            warnIfReadableByOthers(keyFile);
            return MasterKey.fromBase64(read(keyFile), keyFile.toString());
        }
        long sealed = store.count();
        if (sealed > 0) {
            throw new VaultException("The database holds " + sealed + " encrypted credentials but no master key was "
                    + "given: set SWITCHBOARD_MASTER_KEY or restore " + keyFile.toAbsolutePath()
                    + ". Refusing to generate a new key over existing data.");
        }
        MasterKey generated = MasterKey.generate(random);
        writeOwnerOnly(keyFile, generated);
        log.info("Generated a new master key (id {}) in {}; back it up: without it the stored credentials are lost",
                generated.id(), keyFile.toAbsolutePath());
        return generated;
    }

    /** Keeps the old key as a previous-key file until every credential is re-sealed, then writes a new one. */
    private MasterKey rotateKeyFile(MasterKey old) {
        Path previousFile = dataDir.resolve(PREVIOUS_PREFIX + old.id());
        if (!Files.exists(previousFile)) {
            writeOwnerOnly(previousFile, old);
        }
        MasterKey fresh = MasterKey.generate(random);
        Path temporary = dataDir.resolve(KEY_FILE + ".new");
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeOwnerOnly(temporary, fresh);
        try {
            Files.move(temporary, dataDir.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Rotating the master key from id {} to id {}", old.id(), fresh.id());
        return fresh;
    }

    /** Removes previous-key files once no credential needs them. */
    void forgetPreviousKeyFiles() {
        try (Stream<Path> files = previousKeyFiles()) {
            files.forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                    log.info("Removed {}: every credential is sealed under the current master key", file.getFileName());
                } catch (IOException e) {
                    log.warn("Could not remove {}", file, e);
                }
            });
        }
    }

    private void refuseUnknownKeys(KeyRing ring) {
        Map<String, Long> counts = store.countByKeyId();
        List<String> unknown = counts.keySet().stream().filter(id -> ring.find(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            long affected = unknown.stream().mapToLong(counts::get).sum();
            throw new VaultException(affected + " credentials are sealed under master key id(s) " + unknown
                    + ", but this process has key id(s) " + ring.ids() + ". Start with the original "
                    + "SWITCHBOARD_MASTER_KEY (or restore " + dataDir.resolve(KEY_FILE).toAbsolutePath()
                    + "); to rotate, put the old key in SWITCHBOARD_PREVIOUS_MASTER_KEYS. Refusing to start.");
        }
    }

    private List<MasterKey> previousKeys() {
        List<MasterKey> keys = new ArrayList<>();
        String fromEnvironment = environment.getProperty("switchboard.previous-master-keys");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            Arrays.stream(fromEnvironment.split(","))
                    .map(String::trim)
                    .filter(value -> !value.isEmpty())
                    .forEach(value -> keys.add(MasterKey.fromBase64(value, "SWITCHBOARD_PREVIOUS_MASTER_KEYS")));
        }
        try (Stream<Path> files = previousKeyFiles()) {
            files.forEach(file -> keys.add(MasterKey.fromBase64(read(file), file.toString())));
        }
        return keys;
    }

    private Stream<Path> previousKeyFiles() {
        if (!Files.isDirectory(dataDir)) {
            return Stream.empty();
        }
        try {
            return Files.list(dataDir).filter(file -> file.getFileName().toString().startsWith(PREVIOUS_PREFIX)).sorted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void writeOwnerOnly(Path file, MasterKey key) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, key.toBase64() + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException("Refusing to overwrite existing key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void warnIfReadableByOthers(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!OWNER_ONLY.containsAll(permissions)) {
                log.warn("{} is readable by other users ({}); chmod 600 it",
                        keyFile, PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Cannot check the permissions of {}", keyFile, e);
        }
    }
}
