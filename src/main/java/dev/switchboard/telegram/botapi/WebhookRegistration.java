package dev.switchboard.telegram.botapi;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What {@code setWebhook} tells Telegram.
 *
 * @param url the HTTPS URL Telegram posts updates to
 * @param secretToken sent back by Telegram in {@code X-Telegram-Bot-Api-Secret-Token} with every
 *     update (1-256 characters of {@code A-Z a-z 0-9 _ -})
 * @param allowedUpdates the update types to receive, e.g. {@code message}, {@code callback_query};
 *     empty means Telegram's default (all but a few)
 * @param maxConnections at most this many simultaneous deliveries (1-100)
 */
public record WebhookRegistration(URI url, String secretToken, List<String> allowedUpdates, int maxConnections) {

    public WebhookRegistration {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secretToken, "secretToken");
        allowedUpdates = List.copyOf(allowedUpdates);
        if (maxConnections < 1 || maxConnections > 100) {
            throw new IllegalArgumentException("maxConnections must be 1-100, was " + maxConnections);
        }
    }

    @Override
    public String toString() {
        return "WebhookRegistration[url=" + url + ", allowedUpdates=" + allowedUpdates + ", maxConnections="
                + maxConnections + "]";
    }
}
