package dev.switchboard.telegram;

import java.util.Optional;

/**
 * Acts on button presses: the plug-in through which a module that sends {@link InlineButton}s (e.g.
 * approval's Approve / Edit / Reject) learns of a press. Any number of beans may exist; the
 * conversation turn of the chat the press belongs to asks them in {@code @Order} order and the
 * first that returns an answer has handled it. A press no handler takes is answered with
 * {@link CallbackAnswer#none()}.
 *
 * <p>Called inside the transaction that completes the chat's turn (after the turn's other writes,
 * in the order the updates arrived), so a handler's writes, including replies it puts in the
 * {@link OutboxService outbox} (e.g. editing the message to drop its buttons), commit or roll back
 * with the turn, and a retried turn calls it again: handlers must be idempotent (e.g. approving an
 * already approved draft answers "already approved"). Telegram repeats nothing itself. The answer
 * is sent to Telegram after the commit.
 *
 * <p>Handlers must check that {@link CallbackQuery#fromUserId()} may do what the data asks: any
 * user who sees the message can press its buttons.
 */
public interface CallbackQueryHandler {

    /**
     * @return the answer to show if this handler took the press (by convention, by a prefix of its
     *     own in {@link CallbackQuery#data()}, such as {@code "draft:"}), else empty to let the next
     *     handler try
     */
    Optional<CallbackAnswer> handle(CallbackQuery query);
}
