package dev.switchboard.telegram;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How replies leave: Telegram's published limits and the retry policy of the outbox.
 *
 * @param enabled whether this instance sends (turn off to run an intake-only instance)
 * @param perBotPerSecond messages a bot may send per second over all chats (Telegram: about 30)
 * @param perChatPerSecond messages per second to one private chat (Telegram: about 1)
 * @param perGroupPerMinute messages per minute to one group (Telegram: 20)
 * @param maxAttempts attempts before a reply that keeps failing with retryable errors is FAILED
 * @param baseBackoff the first retry's wait; it doubles per attempt, with full jitter
 * @param maxBackoff the longest wait between attempts
 * @param lease how long a claimed reply is reserved for one sender before another may take it
 * @param pollInterval how often the sender looks for due replies when nothing woke it
 * @param concurrency replies in flight at once in this instance
 * @param retention how long a reply that was sent or has failed for good is kept after it was
 *     written (default 30 days); waiting replies are kept whatever their age
 */
@Validated
@ConfigurationProperties("switchboard.telegram.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @DefaultValue("30") int perBotPerSecond,
        @Min(1) @DefaultValue("1") int perChatPerSecond,
        @Min(1) @DefaultValue("20") int perGroupPerMinute,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration baseBackoff,
        @NotNull @DefaultValue("5m") Duration maxBackoff,
        @NotNull @DefaultValue("60s") Duration lease,
        @NotNull @DefaultValue("500ms") Duration pollInterval,
        @Min(1) @DefaultValue("256") int concurrency,
        @NotNull @DefaultValue("30d") Duration retention) {
}
