package dev.switchboard.telegram;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Switchboard reaches the Telegram Bot API.
 *
 * @param apiUrl base URL of the Bot API ({@code SWITCHBOARD_TELEGRAM_API_URL}, default
 *     {@code https://api.telegram.org}); point it at a self-hosted Bot API server or a test fake.
 *     Methods are called at {@code <apiUrl>/bot<token>/<method>}
 * @param connectTimeout how long to wait for a TCP (and TLS) connection to the Bot API
 * @param readTimeout how long to wait for an answer to an ordinary call; a long poll
 *     ({@code getUpdates} with a timeout) waits its poll timeout plus this
 */
@Validated
@ConfigurationProperties("switchboard.telegram")
public record TelegramProperties(
        @NotNull @DefaultValue("https://api.telegram.org") URI apiUrl,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout) {
}
