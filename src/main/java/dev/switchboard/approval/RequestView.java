package dev.switchboard.approval;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A request for a human decision as its owner sees it.
 *
 * @param id the request
 * @param type {@code approval}, {@code clarification} or {@code error_recovery}
 * @param title a short title
 * @param message what is asked
 * @param options the choices ({@code approve}/{@code reject} for an approval unless others were given)
 * @param defaultOption what a timeout resolves to, or null
 * @param timeoutAt when it times out, or null for never
 * @param botId the bot whose chat it was asked in, or null
 * @param telegramChatId the chat it was asked in, or null
 * @param reference the creator's reference, or null
 * @param status {@code pending}, {@code approved}, {@code rejected}, {@code answered} or {@code timed_out}
 * @param response the chosen option or the text given, or the default after a timeout
 * @param answeredBy the Switchboard user who answered, or null
 * @param answeredByTelegramUserId the Telegram user who answered in the chat, or null
 * @param answeredVia {@code web}, {@code telegram} or {@code system}
 * @param createdAt when it was asked
 * @param resolvedAt when it was resolved
 * @param decisions its audit trail (only when one request is read)
 */
public record RequestView(UUID id, String type, String title, String message, List<String> options,
        String defaultOption, Instant timeoutAt, UUID botId, Long telegramChatId, String reference, String status,
        String response, UUID answeredBy, Long answeredByTelegramUserId, String answeredVia, Instant createdAt,
        Instant resolvedAt, List<DecisionView> decisions) {

    static RequestView of(HumanRequest request, List<DecisionView> decisions) {
        return new RequestView(request.id, lower(request.type), request.title, request.message, request.options,
                request.defaultOption, request.timeoutAt, request.botId, request.telegramChatId, request.reference,
                lower(request.status()), request.response(), request.answeredBy(), request.answeredByTelegram(),
                request.answeredVia() == null ? null : lower(request.answeredVia()), request.createdAt,
                request.resolvedAt(), decisions);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
