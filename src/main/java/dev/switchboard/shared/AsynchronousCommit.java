package dev.switchboard.shared;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes whose commit need not wait for PostgreSQL to flush its write-ahead log to disk. Each such
 * wait is a disk flush on the turn's path, and on a busy disk a flush now and then takes tens of
 * milliseconds: measured, it set the p99 of a whole turn. A write qualifies only if losing it in a
 * crash of PostgreSQL itself (not of Switchboard) costs nothing worth the wait: the log is
 * sequential, so the next commit that does wait (a webhook's, a turn's completion) flushes it too,
 * and PostgreSQL's WAL writer does within a fraction of a second anyway. A commit that stands for a
 * promise (an update acknowledged to Telegram, a completed turn, a reply Telegram accepted) waits.
 */
public final class AsynchronousCommit {

    /**
     * A {@code RETURNING} (or select list) item that switches {@code synchronous_commit} off for the
     * rest of the current transaction (in autocommit, for the statement's own), in the statement
     * itself rather than a {@code SET LOCAL} round trip before it.
     */
    public static final String RETURNING = "set_config('synchronous_commit', 'off', true) AS synchronous_commit";

    /**
     * {@link #RETURNING} for a statement that commits on its own (autocommit); inside a transaction
     * an item of the same name that changes nothing, so a caller's transaction, which may stand for
     * a promise, keeps waiting for its flush.
     */
    public static String returningIfAutocommit() {
        return TransactionSynchronizationManager.isActualTransactionActive() ? "NULL AS synchronous_commit" : RETURNING;
    }

    private AsynchronousCommit() {
    }
}
