/**
 * Approval: people in the loop. Owns the approval mode of each chat (a per-chat override of the
 * bot's {@code auto | review | off}), the drafts a model wrote in review mode and their life
 * ({@code PENDING_APPROVAL -> APPROVED -> SENT | FAILED}, {@code REJECTED}, {@code SUPERSEDED}),
 * general requests for a human decision (approval, clarification, error recovery, with options,
 * a timeout and a default) and the audit of every decision on them. Owns the {@code approval_*}
 * tables and db-scheduler's {@code scheduled_tasks} (request timeouts).
 *
 * <p>{@link dev.switchboard.approval.ApprovalService} is the front door. Approved drafts and
 * request messages leave through the telegram outbox; what other modules must learn (a draft was
 * sent, a request was resolved) is published as events such as
 * {@link dev.switchboard.approval.DraftSent} and {@link dev.switchboard.approval.RequestResolved}.
 * It does not know conversations: the conversation module calls it and listens to its events.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "telegram"})
package dev.switchboard.approval;
