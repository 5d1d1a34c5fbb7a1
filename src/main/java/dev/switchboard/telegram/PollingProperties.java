package dev.switchboard.telegram;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Long polling for bots in polling mode.
 *
 * @param enabled whether this instance polls (any instance may take a bot's lease)
 * @param timeout how long one {@code getUpdates} may wait for an update (Telegram allows up to 50 s)
 * @param lease how long a bot's poller lease lasts; renewed before every poll, so it must be longer
 *     than {@code timeout} plus the read timeout. When an instance dies, another takes the bot after this
 * @param scanInterval how often an instance looks for polling bots without a poller
 * @param maxBackoff the longest wait after repeated errors
 */
@Validated
@ConfigurationProperties("switchboard.telegram.polling")
public record PollingProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("25s") Duration timeout,
        @NotNull @DefaultValue("90s") Duration lease,
        @NotNull @DefaultValue("2s") Duration scanInterval,
        @NotNull @DefaultValue("60s") Duration maxBackoff) {
}
