package dev.switchboard.telegram;

import dev.switchboard.shared.JsonValues;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Which update types Switchboard asks Telegram for and acts on, and where their chat and sender are. */
final class UpdateTypes {

    /** Asked for in {@code setWebhook} and {@code getUpdates}; every other type is recorded as ignored. */
    static final List<String> HANDLED = List.of("message", "callback_query", "business_connection",
            "business_message", "edited_business_message", "deleted_business_messages");

    private static final Set<String> HANDLED_SET = Set.copyOf(HANDLED);

    private UpdateTypes() {
    }

    static boolean isHandled(String type) {
        return HANDLED_SET.contains(type);
    }

    /** The update's kind: the name of its one payload field. */
    static String typeOf(JsonNode update) {
        for (String field : update.propertyNames()) {
            if (!field.equals("update_id")) {
                return field;
            }
        }
        return "unknown";
    }

    /** The chat the update belongs to, or null. */
    static Long chatIdOf(JsonNode update, String type) {
        JsonNode payload = update.path(type);
        JsonNode chat = switch (type) {
            case "callback_query" -> payload.path("message").path("chat").path("id");
            case "business_connection" -> payload.path("user_chat_id");
            default -> payload.path("chat").path("id");
        };
        return JsonValues.longOrNull(chat);
    }

    /** The Telegram user who caused the update, or null. */
    static Long fromUserIdOf(JsonNode update, String type) {
        JsonNode payload = update.path(type);
        JsonNode from = type.equals("business_connection") ? payload.path("user").path("id")
                : payload.path("from").path("id");
        return JsonValues.longOrNull(from);
    }
}
