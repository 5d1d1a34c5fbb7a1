package dev.switchboard.telegram;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Hands accepted updates on as {@link UpdateReceived}, inside the caller's transaction: the webhook
 * answers and the poller confirms its offset only after that transaction commits.
 */
@Component
class Intake {

    private final ApplicationEventPublisher events;

    Intake(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * @param update one Bot API update object with a numeric {@code update_id}
     * @param json the update as received, stored as it came
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void accept(Bot bot, JsonNode update, String json) {
        String type = UpdateTypes.typeOf(update);
        boolean handled = bot.enabled() && UpdateTypes.isHandled(type);
        events.publishEvent(new UpdateReceived(bot.id(), bot.ownerId(), update.get("update_id").asLong(), type,
                handled, UpdateTypes.chatIdOf(update, type), UpdateTypes.fromUserIdOf(update, type), json));
    }

    /** True if this is an update object Switchboard can store. */
    static boolean isUpdate(JsonNode update) {
        return update != null && update.isObject() && update.path("update_id").isIntegralNumber()
                && update.path("update_id").canConvertToLong();
    }
}
