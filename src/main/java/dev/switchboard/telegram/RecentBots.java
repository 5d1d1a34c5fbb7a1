package dev.switchboard.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Bots by id for a few seconds, for the paths every message takes (webhook delivery, the turn, its
 * stream and its sends): a busy bot's messages do not each read its row several times. A change
 * made on this instance is seen at once ({@link #forget}); another instance's change (a new
 * secret, disabling, new settings) within {@link #TTL}.
 */
@Component
class RecentBots {

    static final Duration TTL = Duration.ofSeconds(5);

    private final Cache<UUID, Optional<Bot>> bots = Caffeine.newBuilder().expireAfterWrite(TTL)
            .maximumSize(100_000).build();
    private final BotRepository repository;

    RecentBots(BotRepository repository) {
        this.repository = repository;
    }

    /** The bot as read at most {@link #TTL} ago; an unknown id is remembered as unknown too. */
    Optional<Bot> find(UUID botId) {
        return bots.get(botId, repository::find);
    }

    /**
     * The bot changed on this instance: read it afresh. Forgotten now and, inside a transaction,
     * again when it ends (a read in between could have kept the row as it was before the change).
     */
    void forget(UUID botId) {
        bots.invalidate(botId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    bots.invalidate(botId);
                }
            });
        }
    }
}
