package dev.switchboard.processing;

import dev.switchboard.identity.UserId;
import java.util.List;
import java.util.UUID;

/**
 * One chat's pending items handed to a {@link ChatTurnHandler}, under the chat's lease.
 */
public interface ChatTurn {

    /** The Switchboard bot the chat belongs to. */
    UUID botId();

    /** The user who owns the bot. */
    UserId ownerId();

    /** Telegram's id of the chat. */
    long chatId();

    /** The chat's pending items in arrival ({@code update_id}) order; never empty. */
    List<InboxItem> items();

    /** Which attempt this is: the highest attempt count among the items, starting at 1. */
    int attempt();

    /** How many attempts an item gets before it goes TERMINAL ({@code switchboard.processing.max-attempts}). */
    int maxAttempts();

    /** True if a retryable failure of this turn makes (some of) its items TERMINAL. */
    default boolean isLastAttempt() {
        return attempt() >= maxAttempts();
    }

    /**
     * Runs {@code writes} in the transaction that marks the items COMPLETED and releases the
     * chat, after checking that the lease is still this turn's. Call it at most once.
     *
     * @param writes the handler's writes that must be kept only if the items complete (e.g. the
     *     stored reply); if it throws, nothing is kept and the exception propagates
     * @throws LeaseLostException if another worker took the chat over; nothing is kept
     * @throws IllegalStateException if the turn was already completed
     */
    void complete(Runnable writes);
}
