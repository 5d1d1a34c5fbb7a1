package dev.switchboard.telegram;

import dev.switchboard.telegram.botapi.BotApi;
import dev.switchboard.telegram.botapi.BotApiFactory;
import dev.switchboard.vault.CredentialId;
import dev.switchboard.vault.VaultService;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One {@link BotApi} per bot, made from the token in the vault the first time it is needed and
 * kept, keyed by the token's credential id so a new token gets a new client.
 */
@Component
class BotClients {

    private record Key(UUID botId, UUID credentialId) {
    }

    private final BotApiFactory factory;
    private final VaultService vault;
    private final Map<Key, BotApi> clients = new ConcurrentHashMap<>();

    BotClients(BotApiFactory factory, VaultService vault) {
        this.factory = factory;
        this.vault = vault;
    }

    BotApi forBot(Bot bot) {
        return clients.computeIfAbsent(new Key(bot.id(), bot.tokenCredentialId()),
                key -> factory.forToken(vault.reveal(new CredentialId(key.credentialId()))));
    }

    /** A client for a token that is not stored yet (checking it on create or change). */
    BotApi forToken(String token) {
        return factory.forToken(token);
    }

    void forget(UUID botId) {
        clients.keySet().removeIf(key -> key.botId().equals(botId));
    }
}
