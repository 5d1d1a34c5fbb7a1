package dev.switchboard.telegram.botapi;

import java.time.Instant;
import java.util.List;

/**
 * The webhook Telegram has on record for a bot ({@code getWebhookInfo}).
 *
 * @param url the webhook URL; empty when the bot uses {@code getUpdates}
 * @param pendingUpdateCount updates waiting to be delivered
 * @param maxConnections the connection limit, or null when no webhook is set
 * @param allowedUpdates the update types requested; empty means Telegram's default
 * @param lastErrorAt when the last delivery failed, or null
 * @param lastErrorMessage why the last delivery failed, or null
 */
public record WebhookInfo(String url, int pendingUpdateCount, Integer maxConnections, List<String> allowedUpdates,
        Instant lastErrorAt, String lastErrorMessage) {

    public WebhookInfo {
        allowedUpdates = List.copyOf(allowedUpdates);
    }

    /** True if Telegram delivers this bot's updates to a webhook. */
    public boolean isSet() {
        return url != null && !url.isEmpty();
    }
}
