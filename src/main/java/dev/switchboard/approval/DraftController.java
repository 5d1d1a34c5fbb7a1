package dev.switchboard.approval;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's drafts: list, read with their audit trail, approve (optionally edited), reject. */
@RestController
@Validated
class DraftController {

    private final ApprovalService approvals;

    DraftController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    /** @param text the text to send instead of the suggestion; absent or blank sends the suggestion */
    record Approve(@Size(max = 20_000) String text) {
    }

    @GetMapping("/api/drafts")
    List<DraftView> drafts(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) String status, @RequestParam(required = false) UUID botId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return approvals.drafts(user.id(), status, botId, limit);
    }

    @GetMapping("/api/drafts/{id}")
    DraftView draft(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return approvals.draft(user.id(), id);
    }

    @PostMapping("/api/drafts/{id}/approve")
    DraftView approve(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @Valid @RequestBody(required = false) Approve body) {
        return approvals.approve(Decider.web(user.id()), id, body == null ? null : body.text());
    }

    @PostMapping("/api/drafts/{id}/reject")
    DraftView reject(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return approvals.reject(Decider.web(user.id()), id);
    }

    /** The caller's latest decisions on drafts and requests, newest first. */
    @GetMapping("/api/approvals/audit")
    List<DecisionView> audit(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return approvals.audit(user.id(), limit);
    }
}
