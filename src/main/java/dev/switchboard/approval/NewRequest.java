package dev.switchboard.approval;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A request for a human decision.
 *
 * @param type {@code approval}, {@code clarification} or {@code error_recovery}
 * @param title a short title
 * @param message what is asked
 * @param options the choices; empty means {@code approve}/{@code reject} for an approval and free text for a
 *     clarification
 * @param timeout how long it waits before resolving to {@code defaultOption}, or null for no timeout
 * @param defaultOption what a timeout resolves to (one of the options), or null
 * @param botId the bot in whose chat it is asked, or null (then it is answered in the web app or by its owner
 *     in Telegram)
 * @param telegramChatId the chat of {@code botId} it is asked in, where {@code /confirm}, {@code /cancel} or a
 *     text reply answer it; null with {@code botId} null
 * @param reference the caller's reference (e.g. a workflow execution), echoed in {@link RequestResolved}
 */
public record NewRequest(String type, String title, String message, List<String> options, Duration timeout,
        String defaultOption, UUID botId, Long telegramChatId, String reference) {
}
