package dev.switchboard.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class GroupCommitTest {

    /** A transaction manager whose transactions write to a list that is kept only on commit. */
    static final class RecordingTransactions extends AbstractPlatformTransactionManager {
        final List<String> committed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger commits = new AtomicInteger();
        final ThreadLocal<List<String>> current = new ThreadLocal<>();

        void write(String value) {
            current.get().add(value);
        }

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            current.set(new ArrayList<>());
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            try {
                Thread.sleep(20); // a WAL flush: others gather meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            committed.addAll(current.get());
            commits.incrementAndGet();
            current.remove();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            current.remove();
        }
    }

    private final RecordingTransactions transactions = new RecordingTransactions();
    private final GroupCommit group = new GroupCommit(new TransactionTemplate(transactions), 2, 256,
            Duration.ofSeconds(10), "test-commit");

    @AfterEach
    void stop() {
        group.stop(Duration.ofSeconds(1));
    }

    @Test
    void concurrentWorkSharesCommitsAndEveryCallerReturnsAfterItsOwn() throws Exception {
        int callers = 200;
        var returnedBeforeCommit = ConcurrentHashMap.<String>newKeySet();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String value = "update-" + i;
                futures.add(executor.submit(() -> {
                    group.run(() -> transactions.write(value));
                    if (!transactions.committed.contains(value)) {
                        returnedBeforeCommit.add(value);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(transactions.committed).hasSize(callers).doesNotHaveDuplicates();
        assertThat(returnedBeforeCommit).isEmpty();
        assertThat(transactions.commits.get()).isLessThan(callers / 4);
    }

    @Test
    void aFailingPieceFailsOnlyItsOwnCallerAndIsNotCommitted() throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> good = new ArrayList<>();
            // A slow commit first, so the rest gather into one group with the failing piece.
            good.add(executor.submit(() -> group.run(() -> transactions.write("first"))));
            for (int i = 0; i < 20; i++) {
                String value = "good-" + i;
                good.add(executor.submit(() -> group.run(() -> transactions.write(value))));
            }
            Future<?> bad = executor.submit(() -> group.run(() -> {
                transactions.write("bad");
                throw new IllegalArgumentException("poison");
            }));
            for (Future<?> future : good) {
                future.get();
            }
            assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalArgumentException.class)
                    .hasRootCauseMessage("poison");
        }

        assertThat(transactions.committed).hasSize(21).doesNotContain("bad");
    }

    @Test
    void afterStopNothingIsTaken() {
        group.stop(Duration.ofSeconds(1));

        assertThatThrownBy(() -> group.run(() -> transactions.write("late")))
                .isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);
        assertThat(transactions.committed).isEmpty();
    }
}
