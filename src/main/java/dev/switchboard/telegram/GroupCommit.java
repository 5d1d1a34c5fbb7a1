package dev.switchboard.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: small pieces of transactional work handed in by many threads at once run together
 * in one transaction, so a burst of webhook deliveries costs one commit (one WAL flush) instead of
 * one each. A caller returns only after the transaction holding its work committed, so nothing is
 * acknowledged before it is durable. If a shared transaction fails, its pieces are retried one per
 * transaction, so one bad piece fails only its own caller.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Work(Runnable body, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Work> waiting = new LinkedBlockingQueue<>();
    private final TransactionTemplate transactions;
    private final int maxBatch;
    private final Duration maxWait;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param writers how many transactions may be open at once (while one commits, the next batch
     *     collects and runs)
     * @param maxBatch the most pieces of work in one transaction
     * @param maxWait how long a caller waits for its commit before giving up with an exception
     */
    GroupCommit(TransactionTemplate transactions, int writers, int maxBatch, Duration maxWait, String name) {
        this.transactions = transactions;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        running = true;
        for (int i = 0; i < writers; i++) {
            this.writers.add(Thread.ofVirtual().name(name + "-" + i).start(this::write));
        }
    }

    /**
     * Runs {@code body} inside a transaction shared with other callers' work and returns once that
     * transaction committed.
     *
     * @throws RuntimeException what {@code body} or the commit threw; the work is then not committed
     * @throws DataAccessResourceFailureException when shutting down or no commit came in time
     */
    void run(Runnable body) {
        if (!running) {
            throw new DataAccessResourceFailureException("Shutting down");
        }
        Work work = new Work(body, new CompletableFuture<>());
        waiting.add(work);
        try {
            work.done().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("No commit within " + maxWait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("Interrupted while waiting for the commit", e);
        }
    }

    /** Stops taking work; what is already waiting is still committed. */
    void stop(Duration timeout) {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread writer : writers) {
            try {
                writer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Work left;
        while ((left = waiting.poll()) != null) {
            left.done().completeExceptionally(new DataAccessResourceFailureException("Shutting down"));
        }
    }

    private void write() {
        List<Work> batch = new ArrayList<>(maxBatch);
        while (running || !waiting.isEmpty()) {
            try {
                Work first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Work> batch) {
        try {
            transactions.executeWithoutResult(status -> batch.forEach(work -> work.body().run()));
            batch.forEach(work -> work.done().complete(null));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(e);
                return;
            }
            log.debug("A group of {} failed ({}); committing them one by one", batch.size(), e.toString());
        }
        for (Work work : batch) {
            try {
                transactions.executeWithoutResult(status -> work.body().run());
                work.done().complete(null);
            } catch (RuntimeException e) {
                work.done().completeExceptionally(e);
            }
        }
    }
}
