package dev.switchboard.processing;

import dev.switchboard.identity.UserId;
import dev.switchboard.telegram.UpdateReceived;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox's writes: storing accepted updates, and a worker's claim (one statement), completion and
 * failure (transactions) of a chat's batch. Every write after the claim first checks the chat's lease under the chat row's
 * lock, so a worker that lost its lease changes nothing. Transactions lock a chat row before its
 * items (the manual retry too), so they cannot deadlock one another.
 */
@Component
class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    /** Claims that find a due chat with nothing takeable (e.g. a stale due time) before giving up this round. */
    private static final int CLAIM_TRIES = 10;

    /** A chat's items taken into one turn under a lease. */
    record Batch(InboxRepository.Lease lease, UserId ownerId, List<InboxItem> items, int attempt) {
    }

    private record Claim(Batch batch, boolean chatFound) {
    }

    private final InboxRepository repository;
    private final WorkSignal signal;
    private final ApplicationEventPublisher events;
    private final ProcessingProperties properties;
    private final Backoff backoff;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoints;
    private final Clock clock;
    private final MeterRegistry meters;

    Inbox(InboxRepository repository, WorkSignal signal, ApplicationEventPublisher events,
            ProcessingProperties properties, PlatformTransactionManager transactionManager, Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.signal = signal;
        this.events = events;
        this.properties = properties;
        this.backoff = new Backoff(properties.baseBackoff(), properties.maxBackoff());
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Stores an accepted update as an inbox item, once per (bot, update_id).
     *
     * <p>A plain {@code @EventListener}, deliberately not {@code @TransactionalEventListener}:
     * it runs on the publisher's thread inside the transaction that accepts the update, so the
     * update is acknowledged to Telegram only if it is stored, and a failure here rolls the
     * acceptance back and Telegram delivers it again (promise 1). An after-commit listener could
     * lose the update between the commit and the insert.
     *
     * <p>The updates of one transaction (a batch of webhook deliveries committed together, or one
     * {@code getUpdates} answer) are collected and written just before it commits, with one
     * statement for the items and one for their chats, instead of two statements per update.
     */
    @EventListener
    void on(UpdateReceived update) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            Integer madeDue = transactions.execute(status -> store(List.of(update)));
            signal.wake(madeDue == null ? 0 : madeDue);
            return;
        }
        @SuppressWarnings("unchecked")
        List<UpdateReceived> pending = (List<UpdateReceived>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            List<UpdateReceived> collected = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, collected);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                private int chatsMadeDue;

                @Override
                public void beforeCommit(boolean readOnly) {
                    chatsMadeDue = store(collected);
                }

                @Override
                public void afterCommit() {
                    signal.wake(chatsMadeDue);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Inbox.this);
                }
            });
            pending = collected;
        }
        pending.add(update);
    }

    /** Stores the updates' items and makes their chats due; returns how many chats became due. */
    private int store(List<UpdateReceived> updates) {
        if (updates.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<ProcessingItem> items = updates.stream().map(update -> ProcessingItem.received(update, now)).toList();
        InboxRepository.Stored stored = repository.store(items, now);
        if (items.size() > stored.items()) {
            log.debug("{} of {} updates were repeats", items.size() - stored.items(), items.size());
        }
        return stored.chatsMadeDue();
    }

    /** After the current transaction commits, wake a worker for the one chat it made due. */
    void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake(1);
                }
            });
        } else {
            signal.wake(1);
        }
    }

    /**
     * Leases the chat due longest and takes all its takeable items, in order, into a batch:
     * RECEIVED ones, FAILED ones whose retry time has come, and PROCESSING ones whose worker's lease
     * expired; it stops at a FAILED item still waiting, so later items never overtake it.
     *
     * <p>No transaction around it: the claim is one statement that commits on its own, one round
     * trip where a transaction took two (the statement, then its COMMIT), and its locks go as soon
     * as it ends. A claim that found a chat with nothing due frees the chat with a second statement.
     *
     * @param worker this instance's id, written as the lease owner
     * @return the batch, or empty if no chat has work now
     */
    Optional<Batch> claim(String worker) {
        for (int tries = 0; tries < CLAIM_TRIES; tries++) {
            Claim claim = claimOnce(worker);
            if (claim.batch() != null) {
                return Optional.of(claim.batch());
            }
            if (!claim.chatFound()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Claim claimOnce(String worker) {
        // PostgreSQL's precision, so the statement and the state machine agree on what is due.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<InboxRepository.LeasedChat> leased = repository.leaseDueChat(now, worker,
                now.plus(properties.leaseDuration()));
        if (leased.isEmpty()) {
            return new Claim(null, false);
        }
        InboxRepository.Lease lease = leased.get().lease();
        List<ProcessingItem> open = leased.get().openItems();
        // The statement has started (and committed) the first items of the chat: those are the batch.
        List<ProcessingItem> batch = open.subList(0, leased.get().started());
        long due = open.stream().takeWhile(item -> item.isDue(now)).count();
        if (batch.size() != due) {
            log.error("Claiming {} started {} items where {} of {} open ones are due; taking the {} started",
                    lease, batch.size(), due, open.size(), batch.size());
        }
        if (batch.isEmpty()) {
            // Read again, not from the claim's items: the claim's lock is gone, and an item stored
            // since then left the chat as it was (leased), trusting this release to make it due.
            repository.releaseChatToFirstOpen(lease.botId(), lease.chatId());
            return new Claim(null, true);
        }
        int attempt = 0;
        List<InboxItem> items = new ArrayList<>();
        for (ProcessingItem item : batch) {
            if (item.status() == InboxStatus.PROCESSING) {
                log.warn("Took over item {} of {}: the previous worker's lease expired", item.id(), lease);
            }
            item.start(); // as the statement did
            attempt = Math.max(attempt, item.attempts());
            items.add(item.view());
        }
        return new Claim(new Batch(lease, new UserId(batch.getFirst().ownerId()), List.copyOf(items), attempt), true);
    }

    /** Extends the batch's lease; false if it was lost. */
    boolean renew(Batch batch) {
        return repository.renewLease(batch.lease(), clock.instant().plus(properties.leaseDuration()));
    }

    /**
     * Runs {@code writes} and marks the batch COMPLETED in one transaction, after checking the lease;
     * then frees the chat.
     *
     * @throws LeaseLostException if another worker took the chat; nothing is written
     */
    void complete(Batch batch, Runnable writes) {
        transactions.executeWithoutResult(status -> {
            requireLease(batch);
            writes.run();
            // The chat's lease (checked above, row locked) keeps every other worker off these items,
            // so they are still PROCESSING under this fence: no need to read them back one by one.
            InboxRepository.Lease lease = batch.lease();
            if (repository.completeAndRelease(lease.botId(), lease.chatId(),
                    batch.items().stream().map(InboxItem::id).toList(), lease.fence(), clock.instant()).isPresent()) {
                wakeAfterCommit();
            }
        });
        count("completed", batch.items().size());
    }

    /**
     * Records a failed turn: each item goes FAILED with the next attempt after the backoff, or
     * TERMINAL if the failure is fatal or the item has used its attempts. For TERMINAL items,
     * {@link ChatTurnHandler#giveUp} runs once, in a savepoint of this transaction, and
     * {@link ProcessingFailedTerminally} is published. Does nothing but log if the lease was lost.
     */
    void fail(Batch batch, Failure failure, ChatTurnHandler handler) {
        int terminalCount = transactions.execute(status -> {
            Instant now = clock.instant();
            if (!holdsLease(batch)) {
                log.warn("Turn of {} failed after losing its lease; its failure is not recorded on the items: {}",
                        batch.lease(), failure.error());
                recordLeaseLost(batch, "lease lost; the turn then failed: " + failure.error(), now);
                return -1;
            }
            Instant retryAt = now.plus(backoff.delay(batch.attempt(), failure.retryAfter()));
            List<ProcessingItem> terminal = new ArrayList<>();
            String reason = null;
            for (InboxItem view : batch.items()) {
                ProcessingItem item = repository.lockItem(view.id()).orElseThrow();
                if (!failure.retryable() || item.attempts() >= properties.maxAttempts()) {
                    String itemReason = failure.retryable()
                            ? "Gave up after " + item.attempts() + " attempts: " + failure.error()
                            : "Failed fatally: " + failure.error();
                    item.giveUp(failure.error(), itemReason, now);
                    reason = reason == null ? item.terminalReason() : reason;
                    terminal.add(item);
                    repository.finish(item, batch.lease().fence(), "TERMINAL", failure.error(), now);
                } else {
                    item.fail(failure.error(), retryAt, now);
                    repository.finish(item, batch.lease().fence(), "FAILED", failure.error(), now);
                }
            }
            if (!terminal.isEmpty()) {
                giveUp(batch, terminal, reason, handler);
            }
            release(batch.lease());
            return terminal.size();
        });
        if (terminalCount < 0) {
            count("lease_lost", batch.items().size());
        } else {
            count("failed", batch.items().size() - terminalCount);
            count("terminal", terminalCount);
        }
    }

    /** Records on the batch's attempts that its worker lost the lease (after the rejected transaction rolled back). */
    void leaseLost(Batch batch, String error) {
        transactions.executeWithoutResult(status -> recordLeaseLost(batch, error, clock.instant()));
        count("lease_lost", batch.items().size());
    }

    /** {@code switchboard.processing.attempts}: attempts at items by how they ended. */
    private void count(String outcome, int items) {
        if (items > 0) {
            meters.counter("switchboard.processing.attempts", "outcome", outcome).increment(items);
        }
    }

    private void giveUp(Batch batch, List<ProcessingItem> terminal, String reason, ChatTurnHandler handler) {
        List<InboxItem> items = terminal.stream().map(ProcessingItem::view).toList();
        ChatTurn turn = new GivenUpTurn(batch.lease().botId(), batch.ownerId(), batch.lease().chatId(), items,
                batch.attempt(), properties.maxAttempts());
        try {
            savepoints.executeWithoutResult(status -> handler.giveUp(turn, reason));
        } catch (RuntimeException e) {
            log.error("The handler's giveUp failed for {}; the items are TERMINAL anyway", batch.lease(), e);
        }
        log.warn("Items {} of {} went TERMINAL: {}", items.stream().map(InboxItem::id).toList(), batch.lease(), reason);
        events.publishEvent(new ProcessingFailedTerminally(items.stream().map(InboxItem::id).toList(),
                batch.lease().botId(), batch.ownerId(), batch.lease().chatId(), reason));
    }

    private void recordLeaseLost(Batch batch, String error, Instant now) {
        for (InboxItem item : batch.items()) {
            repository.finishAttempt(item.id(), batch.lease().fence(), "LEASE_LOST", error, now);
        }
    }

    private void requireLease(Batch batch) {
        if (!holdsLease(batch)) {
            throw new LeaseLostException("Lost the lease on " + batch.lease() + "; another worker took the chat over");
        }
    }

    /** Locks the chat row and checks it still carries this batch's lease. */
    private boolean holdsLease(Batch batch) {
        InboxRepository.Lease lease = batch.lease();
        return repository.lockChat(lease.botId(), lease.chatId())
                .filter(chat -> chat.fence() == lease.fence() && lease.owner().equals(chat.leaseOwner()))
                .isPresent();
    }

    /** Frees the chat and makes it due when its first open item is (items that came during the turn). */
    private void release(InboxRepository.Lease lease) {
        if (repository.releaseChatToFirstOpen(lease.botId(), lease.chatId()).isPresent()) {
            wakeAfterCommit();
        }
    }

    /** The turn handed to {@link ChatTurnHandler#giveUp}: it can no longer complete. */
    private record GivenUpTurn(UUID botId, UserId ownerId, long chatId, List<InboxItem> items, int attempt,
            int maxAttempts) implements ChatTurn {

        @Override
        public void complete(Runnable writes) {
            throw new IllegalStateException("These items went TERMINAL; they cannot complete");
        }
    }
}
