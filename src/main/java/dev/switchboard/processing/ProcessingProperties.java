package dev.switchboard.processing;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the processing workers, bound to {@code switchboard.processing}.
 *
 * @param enabled whether this instance runs workers at all; intake stores updates either way
 *     (default true)
 * @param concurrency how many chats' turns this instance runs at once, each on a virtual thread
 *     (default 64)
 * @param pollInterval how often an idle instance looks for due work it was not woken for: updates
 *     accepted by other instances, retries coming due, expired leases (default 200 ms)
 * @param leaseDuration how long a worker holds a chat without renewing; renewed every third of
 *     it while the turn runs, so a crashed instance's chats are taken over after at most this long
 *     (default 30 s)
 * @param maxAttempts attempts per item before a retryable failure makes it TERMINAL (default 5)
 * @param baseBackoff the cap of the first retry's random delay; it doubles with each attempt
 *     (exponential backoff with full jitter, default 2 s)
 * @param maxBackoff the largest cap of the random retry delay (default 5 minutes); a failure's
 *     retry-after can ask for longer and is honoured
 * @param shutdownTimeout how long stopping waits for running turns before interrupting them; their
 *     chats are then taken over when the leases expire (default 10 s)
 * @param retention how long an item that is no longer open (COMPLETED, IGNORED or TERMINAL) is
 *     kept after it arrived, with its attempts (default 30 days). At least 2 days: the item is
 *     also how a repeat of its update is recognised, and Telegram repeats an update for up to a day.
 */
@Validated
@ConfigurationProperties("switchboard.processing")
public record ProcessingProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("64") @Min(1) @Max(10000) int concurrency,
        @DefaultValue("200ms") @DurationMin(millis = 1) Duration pollInterval,
        @DefaultValue("30s") @DurationMin(millis = 100) Duration leaseDuration,
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration baseBackoff,
        @DefaultValue("5m") @DurationMin(millis = 1) Duration maxBackoff,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("30d") @DurationMin(days = 2) Duration retention) {
}
