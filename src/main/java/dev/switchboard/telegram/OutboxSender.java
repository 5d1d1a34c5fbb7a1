package dev.switchboard.telegram;

import dev.switchboard.telegram.botapi.BotApi;
import dev.switchboard.telegram.botapi.OutgoingMessage;
import dev.switchboard.telegram.botapi.TextFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox. One dispatcher claims due replies (the oldest of each chat only, rows held by
 * other instances skipped) and sends each on its own virtual thread, so a slow or rate-limited chat
 * never holds up the others.
 *
 * <p>A reply written while this instance sends is usually born claimed and handed over directly
 * ({@link #sendClaimed}); the dispatcher takes the rest: replies queued behind another of their
 * chat, retries, and those of an instance that died.
 *
 * <p>Limits, per instance: {@code perBotPerSecond} over a bot's chats, {@code perChatPerSecond} per
 * private chat and {@code perGroupPerMinute} per group (negative chat ids). A chat that is over its
 * limit is put back until its next slot instead of waiting on a thread. A 429 pauses the whole bot
 * for Telegram's {@code retry_after}.
 *
 * <p>The reply is marked sent in its own statement right after Telegram answers: if the process dies
 * between Telegram accepting a message and that commit, the reply is sent again when its lease ends.
 * That window is one database round trip long; it cannot be closed because Telegram's sendMessage
 * has no idempotency key.
 */
@Component
class OutboxSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final OutboxRepository outbox;
    private final RecentBots bots;
    private final BotClients clients;
    private final BotService botService;
    private final OutboxProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SendLimits limits;
    private final BusinessConnections business;
    private final Map<UUID, Instant> pausedBots = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final Object signal = new Object();
    private volatile boolean woken;
    private volatile boolean running;
    private ExecutorService senders;
    private Thread dispatcher;

    OutboxSender(OutboxRepository outbox, RecentBots bots, BotClients clients, BotService botService,
            OutboxProperties properties, SendLimits limits, BusinessConnections business, ApplicationEventPublisher events,
            Clock clock) {
        this.outbox = outbox;
        this.bots = bots;
        this.clients = clients;
        this.botService = botService;
        this.properties = properties;
        this.limits = limits;
        this.business = business;
        this.events = events;
        this.clock = clock;
        this.slots = new Semaphore(properties.concurrency());
    }

    /**
     * The lease a reply written now should be born with, claimed by this instance (see
     * {@link #sendClaimed}); null when this instance does not send, so the reply waits for a claim.
     */
    Instant leaseForNewReply(Instant now) {
        return running ? now.plus(properties.lease()) : null;
    }

    /** Sends a reply that was written already claimed by this instance, without claiming it. */
    void sendClaimed(OutboxRepository.Pending reply) {
        try {
            senders.execute(() -> {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    // Stopping: the reply's lease runs out and a sender takes it then.
                    return;
                }
                try {
                    send(reply);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.debug("Not sending reply {} now: stopping; it goes when its lease runs out", reply.id());
        }
    }

    /** Something was enqueued: look now instead of at the next poll. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("outbox-send-", 0).factory());
        dispatcher = Thread.ofVirtual().name("outbox-dispatch").start(this::dispatch);
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher == null) {
            return;
        }
        wake();
        dispatcher.interrupt();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(10, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void dispatch() {
        while (running) {
            try {
                int free = slots.availablePermits();
                List<OutboxRepository.Pending> claimed = free == 0 ? List.of()
                        : outbox.claim(Math.min(free, 100), clock.instant(), clock.instant().plus(properties.lease()));
                for (OutboxRepository.Pending reply : claimed) {
                    slots.acquire();
                    senders.execute(() -> {
                        try {
                            send(reply);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    awaitWork();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database may be down; nothing is lost, the replies wait in the outbox.
                log.warn("Outbox dispatch failed, trying again: {}", e.getMessage());
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(properties.pollInterval().toMillis());
            }
            woken = false;
        }
    }

    private void send(OutboxRepository.Pending reply) {
        Instant now = clock.instant();
        Optional<Bot> bot = bots.find(reply.botId());
        if (bot.isEmpty()) {
            fail(reply, "The bot was deleted");
            return;
        }
        if (reply.businessConnectionId() != null) {
            // Checked at the last moment: the connection may have been disabled, or the chat's
            // reply window closed, since the reply was written (e.g. while it waited for approval).
            Optional<String> refusal = business.replyRefusal(reply.botId(), reply.businessConnectionId(), reply.chatId());
            if (refusal.isPresent()) {
                cancel(reply, refusal.get());
                return;
            }
        }
        Instant pausedUntil = pausedBots.get(reply.botId());
        if (pausedUntil != null && pausedUntil.isAfter(now)) {
            outbox.postpone(reply.id(), pausedUntil);
            return;
        }
        Duration chatWait = limits.tryChat(reply.botId(), reply.chatId());
        if (!chatWait.isZero()) {
            outbox.postpone(reply.id(), now.plus(chatWait));
            wakeLater(chatWait);
            return;
        }
        try {
            // The bot-wide limit is a fraction of a second at most: wait for it on this thread.
            limits.awaitBot(reply.botId());
            BotApi api = clients.forBot(bot.get());
            long messageId;
            if (reply.editMessageId() != null) {
                edit(api, reply);
                messageId = reply.editMessageId();
            } else {
                messageId = api.sendMessage(message(reply)).messageId();
            }
            outbox.markSent(reply.id(), messageId, clock.instant());
            events.publishEvent(new ReplySent(reply.id(), reply.botId(), reply.chatId(), messageId, reply.correlation()));
        } catch (TelegramException e) {
            handle(reply, bot.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outbox.postpone(reply.id(), clock.instant());
        } catch (RuntimeException e) {
            log.error("Sending outbox reply {} failed unexpectedly", reply.id(), e);
            retryLater(reply, e.toString(), null);
        }
    }

    /** Sets a streamed message's final text; an unchanged text is fine (the stream already showed it). */
    private static void edit(BotApi api, OutboxRepository.Pending reply) {
        try {
            api.editMessageText(reply.chatId(), reply.editMessageId(), reply.text(),
                    reply.format() == ReplyFormat.HTML ? TextFormat.HTML : TextFormat.PLAIN, reply.businessConnectionId(),
                    reply.buttons());
        } catch (TelegramException e) {
            if (!(e.errorCode() == 400 && e.description().toLowerCase().contains("message is not modified"))) {
                throw e;
            }
        }
    }

    private void handle(OutboxRepository.Pending reply, Bot bot, TelegramException e) {
        Instant now = clock.instant();
        if (reply.editMessageId() != null && e.errorCode() == 400 && !e.isCantParseEntities()) {
            // The streamed message is gone or cannot be edited (e.g. too old): send the text anew.
            log.warn("Could not edit streamed message {} for reply {}: {}; sending it as a new message",
                    reply.editMessageId(), reply.id(), e.description());
            outbox.sendAsNew(reply.id());
            outbox.retryAt(reply.id(), now, e.getMessage(), now);
            wake();
            return;
        }
        if (e.isCantParseEntities() && reply.format() == ReplyFormat.HTML) {
            String plain = reply.plainText() != null ? reply.plainText() : reply.text().replaceAll("<[^>]*>", "");
            log.warn("Telegram could not parse the entities of reply {} (correlation {}) of bot {} to chat {};"
                    + " sending it as plain text: {}", reply.id(), reply.correlation(), reply.botId(), reply.chatId(),
                    e.description());
            outbox.switchToPlain(reply.id(), plain);
            outbox.retryAt(reply.id(), now, e.getMessage(), now);
            wake();
        } else if (e.migrateToChatId().isPresent()) {
            outbox.moveChat(reply.botId(), reply.chatId(), e.migrateToChatId().get());
            outbox.retryAt(reply.id(), now, e.getMessage(), now);
            wake();
        } else if (e.isUnauthorized()) {
            botService.disableRejectedToken(bot.id(), e);
            fail(reply, e.getMessage());
        } else if (e.isRetryable()) {
            e.retryAfter().ifPresent(wait -> pausedBots.put(reply.botId(), now.plus(wait)));
            retryLater(reply, e.getMessage(), e.retryAfter().orElse(null));
        } else {
            fail(reply, e.getMessage());
        }
    }

    private void retryLater(OutboxRepository.Pending reply, String error, Duration retryAfter) {
        Instant now = clock.instant();
        if (reply.attempts() >= properties.maxAttempts()) {
            fail(reply, error);
            return;
        }
        long ceiling = Math.min(properties.maxBackoff().toMillis(),
                properties.baseBackoff().toMillis() << Math.min(20, reply.attempts() - 1));
        Duration wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        outbox.retryAt(reply.id(), now.plus(wait), error, now);
        wakeLater(wait);
    }

    private void fail(OutboxRepository.Pending reply, String error) {
        log.warn("Reply {} of bot {} to chat {} failed for good: {}", reply.id(), reply.botId(), reply.chatId(), error);
        outbox.markFailed(reply.id(), error, clock.instant());
        events.publishEvent(new ReplyFailed(reply.id(), reply.botId(), reply.chatId(), error, reply.correlation()));
    }

    private void cancel(OutboxRepository.Pending reply, String reason) {
        log.info("Reply {} of bot {} to chat {} through business connection {} not sent: {}", reply.id(),
                reply.botId(), reply.chatId(), reply.businessConnectionId(), reason);
        outbox.markCancelled(reply.id(), reason, clock.instant());
        events.publishEvent(new ReplyFailed(reply.id(), reply.botId(), reply.chatId(), "Not sent: " + reason,
                reply.correlation()));
    }

    /** Rescheduled replies are found by the poll anyway; a short wait is worth a precise wake-up. */
    private void wakeLater(Duration wait) {
        if (wait.compareTo(properties.pollInterval()) < 0 && running) {
            senders.execute(() -> {
                try {
                    Thread.sleep(wait);
                    wake();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static OutgoingMessage message(OutboxRepository.Pending reply) {
        return new OutgoingMessage(reply.chatId(), reply.text(),
                reply.format() == ReplyFormat.HTML ? TextFormat.HTML : TextFormat.PLAIN, reply.replyToMessageId(),
                reply.businessConnectionId(), reply.buttons());
    }
}
