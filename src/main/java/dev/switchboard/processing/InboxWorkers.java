package dev.switchboard.processing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's workers. A few dispatchers (virtual threads) claim chats, woken after a local
 * commit stored an update or polling every {@code poll-interval} for the rest; each claimed batch
 * runs on its own virtual thread, at most {@code concurrency} at once, while a companion thread
 * renews its lease. This is the one place that catches every exception: whatever a turn throws is
 * classified and recorded on its items.
 *
 * <p>Without a {@link ChatTurnHandler} bean the workers do not start; intake stores updates anyway.
 */
@Component
class InboxWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWorkers.class);
    /**
     * Dispatchers claiming at once. When a claim was a transaction of a few round trips and a
     * commit, one dispatcher alone capped an instance near 300 turns/s with chats queueing 100 ms
     * for it; a claim is one round trip now, and several dispatchers still cover its wait.
     */
    static final int DISPATCHERS = 4;

    private final Inbox inbox;
    private final WorkSignal signal;
    private final ObjectProvider<ChatTurnHandler> handlers;
    private final ProcessingProperties properties;
    private final String instanceId = "sb-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Thread> turns = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile boolean renewLeases = true;
    private ChatTurnHandler handler;
    private Semaphore permits;
    private final List<Thread> dispatchers = new ArrayList<>();

    InboxWorkers(Inbox inbox, WorkSignal signal, ObjectProvider<ChatTurnHandler> handlers,
            ProcessingProperties properties) {
        this.inbox = inbox;
        this.signal = signal;
        this.handlers = handlers;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.info("Processing workers are disabled (switchboard.processing.enabled=false); updates are stored only");
            return;
        }
        List<ChatTurnHandler> found = handlers.orderedStream().toList();
        if (found.isEmpty()) {
            log.warn("No ChatTurnHandler bean: processing workers not started; accepted updates are stored and wait");
            return;
        }
        // Several handlers only work with one marked @Primary (tests replace the real one this way).
        handler = handlers.getIfUnique();
        if (handler == null) {
            throw new IllegalStateException("Exactly one ChatTurnHandler bean (or one @Primary) is expected, found "
                    + found.size());
        }
        permits = new Semaphore(properties.concurrency());
        running = true;
        for (int i = 0; i < DISPATCHERS; i++) {
            dispatchers.add(Thread.ofVirtual().name("processing-dispatcher-" + i).start(this::dispatch));
        }
        log.info("Processing workers started as {} with up to {} turns at once", instanceId, properties.concurrency());
    }

    @Override
    public void stop() {
        running = false;
        if (dispatchers.isEmpty()) {
            return;
        }
        // Not interrupted: interrupting a virtual thread in socket I/O closes the socket, which would
        // break the pooled connection of a claim in flight. It sees running = false within a poll interval.
        signal.wake(DISPATCHERS);
        long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
        try {
            for (Thread dispatcher : dispatchers) {
                dispatcher.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            dispatchers.clear();
            for (Thread turn : Set.copyOf(turns)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !turn.join(Duration.ofNanos(left))) {
                    // Its lease expires and another instance takes the chat over.
                    log.warn("Interrupting {} at shutdown", turn.getName());
                    turn.interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** This instance's id as written into the leases it holds. */
    String instanceId() {
        return instanceId;
    }

    /** Tests stop renewing leases to make a turn outlive its lease. */
    void renewLeases(boolean renew) {
        this.renewLeases = renew;
    }

    /**
     * Claims until a claim finds nothing, then waits for a wake-up or the next poll. Each wake-up
     * stands for one chat that became due, so a burst that made several chats due sets every idle
     * dispatcher claiming at once. Measured: eager claiming dispatched sooner than one claim per
     * wake-up, though it makes a claim that finds nothing at the end of each dispatcher's run.
     */
    private void dispatch() {
        boolean claimOwed = true; // at start: work may have waited while no instance ran
        while (running) {
            try {
                if (!claimOwed) {
                    signal.await(properties.pollInterval());
                    claimOwed = true;
                }
                if (!permits.tryAcquire(properties.pollInterval().toNanos(), TimeUnit.NANOSECONDS)) {
                    continue;
                }
                if (!running) {
                    permits.release();
                    return;
                }
                Optional<Inbox.Batch> claimed;
                try {
                    claimed = inbox.claim(instanceId);
                } catch (RuntimeException e) {
                    permits.release();
                    log.warn("Claiming work failed; trying again in {}", properties.pollInterval(), e);
                    Thread.sleep(properties.pollInterval());
                    continue;
                }
                if (claimed.isEmpty()) {
                    permits.release();
                    claimOwed = false;
                    continue;
                }
                claimOwed = true;
                Inbox.Batch batch = claimed.get();
                Thread turn = Thread.ofVirtual().name("processing-turn-" + batch.lease().chatId()).unstarted(() -> {
                    try {
                        run(batch);
                    } finally {
                        turns.remove(Thread.currentThread());
                        permits.release();
                    }
                });
                turns.add(turn);
                turn.start();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void run(Inbox.Batch batch) {
        CountDownLatch finished = new CountDownLatch(1);
        LeasedChatTurn turn = new LeasedChatTurn(inbox, batch, properties.maxAttempts(), finished::countDown);
        Thread.ofVirtual().name("processing-lease-" + batch.lease().chatId()).start(() -> renew(batch, finished));
        try {
            handler.handle(turn);
            finished.countDown();
            if (turn.state() == LeasedChatTurn.State.RUNNING) {
                turn.complete(() -> { });
            } else if (turn.state() == LeasedChatTurn.State.LEASE_LOST) {
                leaseLost(turn, batch);
            }
        } catch (LeaseLostException e) {
            leaseLost(turn, batch);
        } catch (Throwable e) {
            finished.countDown();
            failed(turn, batch, e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        } finally {
            finished.countDown();
        }
    }

    private void failed(LeasedChatTurn turn, Inbox.Batch batch, Throwable e) {
        switch (turn.state()) {
            case COMPLETED -> log.warn("The handler threw after completing {}; the items stay COMPLETED", turn, e);
            case LEASE_LOST -> leaseLost(turn, batch);
            case RUNNING -> {
                Failure failure = Failure.of(e);
                log.warn("{} failed ({}): {}", turn, failure.retryable() ? "retryable" : "fatal", failure.error());
                try {
                    inbox.fail(batch, failure, handler);
                } catch (RuntimeException recording) {
                    log.error("Could not record the failure of {}; the chat is retried when its lease expires",
                            turn, recording);
                }
            }
        }
    }

    private void leaseLost(LeasedChatTurn turn, Inbox.Batch batch) {
        log.warn("Rejected the late completion of {}: another worker took the chat over; nothing it wrote is kept",
                turn);
        try {
            inbox.leaseLost(batch, "lease lost: the turn outlived its lease and its completion was rejected");
        } catch (RuntimeException e) {
            log.warn("Could not record the lost lease of {}", turn, e);
        }
    }

    /** Renews the batch's lease every third of its duration until the turn finishes or the lease is lost. */
    private void renew(Inbox.Batch batch, CountDownLatch finished) {
        long interval = Math.max(1, properties.leaseDuration().toMillis() / 3);
        try {
            while (!finished.await(interval, TimeUnit.MILLISECONDS)) {
                if (!renewLeases) {
                    continue;
                }
                try {
                    if (!inbox.renew(batch)) {
                        if (finished.getCount() > 0) {
                            log.warn("Lost the lease on {} while its turn was running", batch.lease());
                        }
                        return;
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not renew the lease on {}", batch.lease(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
