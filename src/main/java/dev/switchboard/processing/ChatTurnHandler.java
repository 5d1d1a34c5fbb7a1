package dev.switchboard.processing;

/**
 * What a chat's turn does: the plug-in through which a later module (conversation) answers
 * messages without this module knowing how. Exactly one Spring bean is expected; when there is
 * none the workers do not start (intake still stores every update), and this is logged once.
 *
 * <p>A turn gets all of one chat's pending items, in arrival order; no two turns of one chat run
 * at once, anywhere in the cluster.
 */
public interface ChatTurnHandler {

    /**
     * Produces and delivers the answer to a chat's pending items. Runs outside any transaction, on
     * a virtual thread, while the worker keeps the chat's lease alive. Writes that must be atomic
     * with the items' completion go through {@link ChatTurn#complete(Runnable)}; if this returns
     * without calling it, the worker completes the items itself. Throw {@link TurnException} to
     * classify a failure; a {@code TelegramException} is classified by its kind, and anything else
     * counts as retryable.
     *
     * @param turn the chat, its items and the attempt
     */
    void handle(ChatTurn turn);

    /**
     * The items went TERMINAL: they will not be tried again unless the owner retries them. Runs
     * inside the transaction that marks them so, once per item, e.g. to tell the user that the bot
     * could not answer. If it throws, its writes are rolled back, the failure is logged, and the
     * items still go TERMINAL.
     *
     * @param turn the chat and the items that gave up
     * @param reason why, as shown to the owner
     */
    void giveUp(ChatTurn turn, String reason);
}
