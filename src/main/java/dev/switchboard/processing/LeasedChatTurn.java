package dev.switchboard.processing;

import dev.switchboard.identity.UserId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/** The turn a worker hands to the {@link ChatTurnHandler}: a batch under a lease. */
final class LeasedChatTurn implements ChatTurn {

    enum State { RUNNING, COMPLETED, LEASE_LOST }

    private final Inbox inbox;
    private final Inbox.Batch batch;
    private final int maxAttempts;
    private final Runnable beforeCompletion;
    private final ReentrantLock completing = new ReentrantLock();
    private volatile State state = State.RUNNING;

    /** @param beforeCompletion runs before the completing transaction, e.g. to stop renewing the lease */
    LeasedChatTurn(Inbox inbox, Inbox.Batch batch, int maxAttempts, Runnable beforeCompletion) {
        this.inbox = inbox;
        this.batch = batch;
        this.maxAttempts = maxAttempts;
        this.beforeCompletion = beforeCompletion;
    }

    @Override
    public UUID botId() {
        return batch.lease().botId();
    }

    @Override
    public UserId ownerId() {
        return batch.ownerId();
    }

    @Override
    public long chatId() {
        return batch.lease().chatId();
    }

    @Override
    public List<InboxItem> items() {
        return batch.items();
    }

    @Override
    public int attempt() {
        return batch.attempt();
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public void complete(Runnable writes) {
        // A lock rather than synchronized: virtual threads must not pin their carrier over JDBC on Java 21.
        completing.lock();
        try {
            if (state != State.RUNNING) {
                throw new IllegalStateException("This turn of " + batch.lease() + " is already " + state);
            }
            beforeCompletion.run();
            inbox.complete(batch, writes);
            state = State.COMPLETED;
        } catch (LeaseLostException e) {
            state = State.LEASE_LOST;
            throw e;
        } finally {
            completing.unlock();
        }
    }

    State state() {
        return state;
    }

    @Override
    public String toString() {
        return "turn " + attempt() + " of " + batch.lease() + " with updates "
                + items().stream().map(InboxItem::updateId).toList();
    }
}
