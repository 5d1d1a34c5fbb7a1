package dev.switchboard.approval;

import dev.switchboard.identity.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Requests for a human decision: open, list, read, answer. */
@RestController
@Validated
class RequestController {

    private final ApprovalService approvals;

    RequestController(ApprovalService approvals) {
        this.approvals = approvals;
    }

    /**
     * @param type approval, clarification or error_recovery
     * @param title a short title
     * @param message what is asked
     * @param options the choices (an approval without them gets approve and reject)
     * @param timeoutSeconds seconds until it resolves to {@code defaultOption}; absent for never
     * @param defaultOption one of the options
     * @param botId the bot in whose chat it is asked (with chatId)
     * @param chatId the Telegram chat id it is asked in (with botId)
     * @param reference the caller's reference
     */
    record Open(@NotNull @Pattern(regexp = "(?i)approval|clarification|error_recovery",
                    message = "must be approval, clarification or error_recovery") String type,
            @NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 4000) String message,
            @Size(max = 10) List<@NotBlank @Size(max = 64) String> options,
            @Min(1) @Max(30L * 24 * 3600) Long timeoutSeconds, @Size(max = 64) String defaultOption, UUID botId,
            Long chatId, @Size(max = 200) String reference) {
    }

    /** @param option one of the request's options @param text a clarification's answer */
    record Answer(@Size(max = 64) String option, @Size(max = 4000) String text) {
    }

    @PostMapping("/api/requests")
    @ResponseStatus(HttpStatus.CREATED)
    RequestView open(@AuthenticationPrincipal AuthenticatedUser user, @Valid @RequestBody Open body) {
        return approvals.openRequest(user.id(), new NewRequest(body.type(), body.title(), body.message(),
                body.options(), body.timeoutSeconds() == null ? null : Duration.ofSeconds(body.timeoutSeconds()),
                body.defaultOption(), body.botId(), body.chatId(), body.reference()));
    }

    @GetMapping("/api/requests")
    List<RequestView> requests(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return approvals.requests(user.id(), status, limit);
    }

    @GetMapping("/api/requests/{id}")
    RequestView request(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return approvals.request(user.id(), id);
    }

    @PostMapping("/api/requests/{id}/answer")
    RequestView answer(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id,
            @Valid @RequestBody Answer body) {
        return approvals.answer(Decider.web(user.id()), id, body.option(), body.text());
    }
}
