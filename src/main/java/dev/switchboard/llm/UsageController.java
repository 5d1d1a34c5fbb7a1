package dev.switchboard.llm;

import dev.switchboard.identity.AuthenticatedUser;
import dev.switchboard.shared.InvalidException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's model usage: sums per model, bot, UTC day or Telegram user over a period, and the
 * individual calls. Periods are {@code [from, to)}; see {@link UsageQuery} for the parameters.
 */
@RestController
@RequestMapping("/api/usage")
class UsageController {

    /** Calls listed when no {@code limit} is given. */
    static final int DEFAULT_LIMIT = 50;
    /** The most calls one listing returns. */
    static final int MAX_LIMIT = 500;

    /**
     * One recorded call, for the details of a reply.
     *
     * @param outcome {@code OK}, {@code RETRYABLE} or {@code FATAL}
     * @param timeToFirstTokenMs absent when no text arrived
     * @param modelId absent for a provider test of a model not in the catalog
     */
    record CallJson(UUID id, Instant at, UUID modelId, String modelName, String providerType, UUID botId,
            Long chatId, Long telegramUserId, boolean streaming, int inputTokens, int outputTokens, BigDecimal cost,
            long latencyMs, Long timeToFirstTokenMs, String outcome, Integer httpStatus, String error) {

        static CallJson of(LlmCall call) {
            return new CallJson(call.id(), call.at(), call.model() == null ? null : call.model().value(),
                    call.modelName(), call.providerType(), call.tags().botId(), call.tags().chatId(),
                    call.tags().telegramUserId(), call.streaming(), call.inputTokens(), call.outputTokens(),
                    call.cost(), call.latency().toMillis(),
                    call.timeToFirstToken() == null ? null : call.timeToFirstToken().toMillis(),
                    call.outcome().name(), call.status(), call.error());
        }
    }

    /** A page of calls, newest first. */
    record CallsJson(Instant from, Instant to, List<CallJson> calls) {
    }

    private final UsageReports reports;
    private final Clock clock;

    UsageController(UsageReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping
    UsageReports.Report usage(@AuthenticationPrincipal AuthenticatedUser user,
            @RequestParam(required = false) String groupBy, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String botId,
            @RequestParam(required = false) String modelId) {
        return reports.report(user.id(), UsageQuery.parse(groupBy, from, to, botId, modelId, clock.instant()));
    }

    @GetMapping("/calls")
    CallsJson calls(@AuthenticationPrincipal AuthenticatedUser user, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String botId,
            @RequestParam(required = false) String modelId, @RequestParam(required = false) String limit) {
        int max = limit(limit);
        UsageQuery query = UsageQuery.parse(null, from, to, botId, modelId, clock.instant());
        List<CallJson> calls = reports.calls(user.id(), query, max).stream().map(CallJson::of).toList();
        return new CallsJson(query.from(), query.to(), calls);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidException("The call listing has invalid parameters",
                Map.of("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }
}
