package dev.switchboard.shared;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every module may read.
 *
 * @param dataDir where the embedded database and the generated master key live
 *     ({@code SWITCHBOARD_DATA_DIR}, default {@code ./data})
 * @param publicUrl the base URL Telegram reaches for webhooks ({@code SWITCHBOARD_PUBLIC_URL});
 *     unset means webhooks cannot be registered and bots must poll
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 */
@Validated
@ConfigurationProperties("switchboard")
public record SwitchboardProperties(
        @DefaultValue("./data") Path dataDir,
        URI publicUrl,
        @DefaultValue("1048576") long maxRequestBytes) {
}
