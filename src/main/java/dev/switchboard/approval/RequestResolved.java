package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import java.util.UUID;

/**
 * A request for a human decision is no longer pending: answered, approved, rejected, or timed out to
 * its default. Published in the transaction that resolved it, exactly once per request.
 *
 * @param requestId the request
 * @param ownerId whose request it was
 * @param reference the creator's reference (e.g. a workflow execution), or null
 * @param status {@code approved}, {@code rejected}, {@code answered} or {@code timed_out}
 * @param response the chosen option or the text given (for a timeout: the default option, or null)
 * @param source where it was decided
 */
public record RequestResolved(UUID requestId, UserId ownerId, String reference, String status, String response,
        DecisionSource source) {
}
