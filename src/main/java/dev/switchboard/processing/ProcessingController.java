package dev.switchboard.processing;

import dev.switchboard.identity.AuthenticatedUser;
import dev.switchboard.shared.InvalidException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's inbox: items by status and bot, one item with its attempts, manual retry, counts. */
@RestController
@RequestMapping("/api/processing")
class ProcessingController {

    private final ProcessingService processing;

    ProcessingController(ProcessingService processing) {
        this.processing = processing;
    }

    @GetMapping
    List<ProcessingService.ItemView> list(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) String status, @RequestParam(required = false) UUID botId,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > ProcessingService.MAX_LIMIT) {
            throw new InvalidException("The request has invalid values",
                    Map.of("limit", "must be between 1 and " + ProcessingService.MAX_LIMIT));
        }
        return processing.list(user.id(), status(status), botId, limit);
    }

    @GetMapping("/summary")
    ProcessingService.Summary summary(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) UUID botId) {
        return processing.summary(user.id(), botId);
    }

    @GetMapping("/{id}")
    ProcessingService.ItemDetail get(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return processing.get(user.id(), id);
    }

    @PostMapping("/{id}/retry")
    ProcessingService.ItemView retry(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID id) {
        return processing.retry(user.id(), id);
    }

    private static InboxStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return InboxStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidException("The request has invalid values", Map.of("status",
                    "must be one of " + Arrays.toString(InboxStatus.values())));
        }
    }
}
