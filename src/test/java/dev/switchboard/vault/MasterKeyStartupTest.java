package dev.switchboard.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.AppInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-ups against existing data: the master key is never lost, replaced or guessed. */
class MasterKeyStartupTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartGeneratesAnOwnerOnlyKeyFileThatLaterStartsReuse() throws Exception {
        Map<String, String> settings = AppInstance.onFreshDatabase(dataDir.toString());
        CredentialId id;
        try (AppInstance app = AppInstance.start(settings)) {
            id = app.bean(VaultService.class).store("bot token", "kept across restarts");
        }
        Path keyFile = dataDir.resolve("master.key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String keyBefore = Files.readString(keyFile);

        try (AppInstance app = AppInstance.start(settings)) {
            assertThat(app.bean(VaultService.class).reveal(id)).isEqualTo("kept across restarts");
        }
        assertThat(Files.readString(keyFile)).isEqualTo(keyBefore);
    }

    @Test
    void aWrongMasterKeyStopsStartUpWithAClearMessage() {
        Map<String, String> settings = AppInstance.onFreshDatabase(dataDir.toString());
        settings.put("switchboard.master-key", randomKey().toBase64());
        try (AppInstance app = AppInstance.start(settings)) {
            app.bean(VaultService.class).store("bot token", "sealed under the first key");
        }
        settings.put("switchboard.master-key", randomKey().toBase64());

        assertThatThrownBy(() -> AppInstance.start(settings).close())
                .rootCause()
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("SWITCHBOARD_MASTER_KEY");
    }

    @Test
    void aLostKeyFileIsNeverReplacedByANewKeyOverExistingCredentials() throws Exception {
        Map<String, String> settings = AppInstance.onFreshDatabase(dataDir.toString());
        try (AppInstance app = AppInstance.start(settings)) {
            app.bean(VaultService.class).store("bot token", "needs the original key");
        }
        Files.delete(dataDir.resolve("master.key"));

        assertThatThrownBy(() -> AppInstance.start(settings).close())
                .rootCause()
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("Refusing to generate a new key");
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void rotatingTheKeyFileReSealsEveryCredentialUnderANewKey() throws Exception {
        Map<String, String> settings = AppInstance.onFreshDatabase(dataDir.toString());
        List<CredentialId> ids = new ArrayList<>();
        String oldKeyId;
        try (AppInstance app = AppInstance.start(settings)) {
            VaultService vault = app.bean(VaultService.class);
            oldKeyId = vault.currentKeyId();
            for (int i = 0; i < 5; i++) {
                ids.add(vault.store("secret " + i, "value " + i));
            }
        }
        String oldKey = Files.readString(dataDir.resolve("master.key")).trim();

        Map<String, String> rotate = new HashMap<>(settings);
        rotate.put("switchboard.vault.rotate-master-key", "true");
        try (AppInstance app = AppInstance.start(rotate)) {
            VaultService vault = app.bean(VaultService.class);
            assertThat(vault.currentKeyId()).isNotEqualTo(oldKeyId);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(vault.reveal(ids.get(i))).isEqualTo("value " + i);
            }
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("the previous key is removed once nothing needs it")
                    .noneMatch(name -> name.startsWith("master.key.previous-"));
        }
        try (AppInstance app = AppInstance.start(settings)) {
            assertThat(app.bean(VaultService.class).reveal(ids.get(4))).isEqualTo("value 4");
        }

        Map<String, String> oldKeyOnly = new HashMap<>(settings);
        oldKeyOnly.put("switchboard.master-key", oldKey);
        assertThatThrownBy(() -> AppInstance.start(oldKeyOnly).close())
                .rootCause().isInstanceOf(VaultException.class);
    }

    @Test
    void anEnvironmentKeyRotatesWithThePreviousKeyListed() {
        Map<String, String> settings = AppInstance.onFreshDatabase(dataDir.toString());
        MasterKey oldKey = randomKey();
        MasterKey newKey = randomKey();
        settings.put("switchboard.master-key", oldKey.toBase64());
        CredentialId id;
        try (AppInstance app = AppInstance.start(settings)) {
            id = app.bean(VaultService.class).store("provider key", "rotate me");
        }
        settings.put("switchboard.master-key", newKey.toBase64());
        settings.put("switchboard.previous-master-keys", oldKey.toBase64());
        try (AppInstance app = AppInstance.start(settings)) {
            assertThat(app.bean(VaultService.class).reveal(id)).isEqualTo("rotate me");
        }
        settings.remove("switchboard.previous-master-keys");
        try (AppInstance app = AppInstance.start(settings)) {
            assertThat(app.bean(VaultService.class).reveal(id)).isEqualTo("rotate me");
            assertThat(app.bean(VaultService.class).currentKeyId()).isEqualTo(newKey.id());
        }
    }

    private static MasterKey randomKey() {
        return MasterKey.generate(new SecureRandom());
    }
}
