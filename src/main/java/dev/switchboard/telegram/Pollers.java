package dev.switchboard.telegram;

import dev.switchboard.telegram.botapi.IncomingUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long polling for bots in polling mode: each instance takes the leases of bots that have no
 * poller and runs one loop per bot on a virtual thread. A loop renews its lease before every
 * {@code getUpdates}, stores what arrives and moves the offset in one transaction (so Telegram only
 * forgets updates that are committed), and stops when the bot is disabled, switched to webhook
 * mode or deleted, or when it loses the lease. Errors back off exponentially; a rejected token
 * disables the bot.
 */
@Component
class Pollers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Pollers.class);

    private final PollerLeases leases;
    private final BotRepository bots;
    private final BotClients clients;
    private final BotService botService;
    private final Intake intake;
    private final TransactionTemplate transactions;
    private final PollingProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final String instance = "poller-" + UUID.randomUUID();
    private final Set<UUID> polling = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread scanner;

    Pollers(PollerLeases leases, BotRepository bots, BotClients clients, BotService botService, Intake intake,
            TransactionTemplate transactions, PollingProperties properties, JsonMapper json, Clock clock) {
        this.leases = leases;
        this.bots = bots;
        this.clients = clients;
        this.botService = botService;
        this.intake = intake;
        this.transactions = transactions;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        scanner = Thread.ofVirtual().name("poller-scan").start(this::scan);
    }

    /**
     * Releases this instance's leases while the database is still there, so a restarted or other
     * instance takes the bots over at once; a poll still in flight finds its lease gone and stores
     * nothing (Telegram delivers those updates again).
     */
    @Override
    public void stop() {
        running = false;
        if (scanner == null) {
            return;
        }
        scanner.interrupt();
        try {
            leases.releaseAll(instance);
        } catch (RuntimeException e) {
            log.warn("Could not release the poller leases of {}; they expire by themselves", instance);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void scan() {
        while (running) {
            try {
                Instant now = clock.instant();
                for (UUID botId : leases.acquire(instance, now, now.plus(properties.lease()), 100)) {
                    if (polling.add(botId)) {
                        Thread.ofVirtual().name("poller-" + botId).start(() -> poll(botId));
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Looking for bots to poll failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(properties.scanInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poll(UUID botId) {
        int failures = 0;
        try {
            while (running) {
                try {
                    Instant now = clock.instant();
                    Optional<Bot> found = bots.find(botId);
                    if (found.isEmpty() || !leases.renew(botId, instance, now, now.plus(properties.lease()))) {
                        return;
                    }
                    Bot bot = found.get();
                    List<IncomingUpdate> updates = clients.forBot(bot)
                            .getUpdates(bot.pollOffset(), properties.timeout(), UpdateTypes.HANDLED);
                    if (!updates.isEmpty() && !store(bot, updates)) {
                        return;
                    }
                    failures = 0;
                } catch (TelegramException e) {
                    if (!running) {
                        return;
                    }
                    if (e.isUnauthorized()) {
                        botService.disableRejectedToken(botId, e);
                        return;
                    }
                    failures++;
                    bots.recordError(botId, e.getMessage(), clock.instant());
                    log.warn("Polling bot {} failed ({} in a row): {}", botId, failures, e.getMessage());
                    if (e.errorCode() == 409) {
                        // A webhook is set (e.g. by another tool): polling cannot work until it is gone.
                        bots.find(botId).ifPresent(this::tryDeleteWebhook);
                    }
                    Thread.sleep(backoff(failures, e.retryAfter().orElse(Duration.ZERO)));
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    failures++;
                    log.warn("Polling bot {} failed ({} in a row)", botId, failures, e);
                    Thread.sleep(backoff(failures, Duration.ZERO));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            polling.remove(botId);
            if (running) {
                try {
                    leases.release(botId, instance);
                } catch (RuntimeException e) {
                    log.debug("Could not release the poller lease of bot {}; it expires by itself", botId);
                }
            }
        }
    }

    /** Stores the updates and moves the offset past them; false if the lease was lost meanwhile. */
    private boolean store(Bot bot, List<IncomingUpdate> updates) {
        long next = updates.getLast().updateId() + 1;
        Boolean stored = transactions.execute(status -> {
            if (!leases.advance(bot.id(), instance, bot.pollOffset(), next, clock.instant())) {
                return false;
            }
            for (IncomingUpdate update : updates) {
                JsonNode node = json.readTree(update.json());
                intake.accept(bot, node, update.json());
            }
            return true;
        });
        return Boolean.TRUE.equals(stored);
    }

    private void tryDeleteWebhook(Bot bot) {
        try {
            clients.forBot(bot).deleteWebhook(false);
        } catch (TelegramException e) {
            log.warn("Could not remove the webhook of polling bot {}: {}", bot.id(), e.getMessage());
        }
    }

    private Duration backoff(int failures, Duration retryAfter) {
        long ceiling = Math.min(properties.maxBackoff().toMillis(), 500L << Math.min(16, failures));
        Duration wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
        return retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
