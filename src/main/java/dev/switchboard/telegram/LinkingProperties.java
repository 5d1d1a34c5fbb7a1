package dev.switchboard.telegram;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Linking Switchboard accounts to Telegram users.
 *
 * @param tokenTtl how long a connection token ({@code POST /api/telegram/link-tokens}) may be used
 *     ({@code SWITCHBOARD_TELEGRAM_LINKING_TOKEN_TTL}); it works once either way
 */
@Validated
@ConfigurationProperties("switchboard.telegram.linking")
public record LinkingProperties(@NotNull @DefaultValue("15m") Duration tokenTtl) {
}
