package dev.switchboard.telegram;

import dev.switchboard.shared.JsonValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Keeps business connections and reply windows current as updates are accepted, inside the
 * accepting transaction: a connection disabled (or losing its right to reply) stops its replies at
 * once, before any of its queued messages is processed, and its pending outbox entries are
 * cancelled in the same transaction. Decides whether a reply may go out through a connection now.
 */
@Component
class BusinessConnections {

    /** Telegram lets a business bot answer chats whose customer wrote within this time. */
    static final Duration REPLY_WINDOW = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(BusinessConnections.class);

    private final BusinessRepository repository;
    private final OutboxRepository outbox;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    BusinessConnections(BusinessRepository repository, OutboxRepository outbox, Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
        this.events = events;
    }

    /** Called for every accepted update of an enabled bot, in the accepting transaction. */
    void onUpdate(Bot bot, long updateId, String type, JsonNode update) {
        switch (type) {
            case "business_connection" -> connection(bot, updateId, update.path(type));
            case "business_message" -> incoming(bot, update.path(type));
            default -> {
            }
        }
    }

    private void connection(Bot bot, long updateId, JsonNode payload) {
        String id = payload.path("id").asString("");
        Long user = JsonValues.longOrNull(payload.path("user").path("id"));
        if (id.isEmpty() || user == null) {
            return;
        }
        // Bot API 9 moved the flag into rights; older servers (and updates) still send can_reply.
        boolean canReply = payload.path("rights").isObject() ? payload.path("rights").path("can_reply").asBoolean(false)
                : payload.path("can_reply").asBoolean(false);
        boolean enabled = payload.path("is_enabled").asBoolean(false);
        Instant now = clock.instant();
        Instant connectedAt = Objects.requireNonNullElse(JsonValues.epochSecondOrNull(payload.path("date")), now);
        long userChatId = JsonValues.longOr(payload.path("user_chat_id"), user);
        repository.upsert(new BusinessConnection(id, bot.id(), user, userChatId, canReply, enabled,
                connectedAt, now), updateId);
        Optional<BusinessConnection> current = repository.find(bot.id(), id);
        String refusal = current.flatMap(BusinessConnections::connectionRefusal).orElse(null);
        if (refusal != null) {
            List<ReplyFailed> cancelled = outbox.cancelBusiness(bot.id(), id, refusal, now);
            log.info("Business connection {} of bot {}: {}; {} pending replies cancelled", id, bot.id(), refusal,
                    cancelled.size());
            // Announced like any reply that could not be sent, so whoever waits on one (an approved
            // draft) records it as failed.
            cancelled.forEach(events::publishEvent);
        }
    }

    private void incoming(Bot bot, JsonNode message) {
        String connectionId = message.path("business_connection_id").asString("");
        Long chat = JsonValues.longOrNull(message.path("chat").path("id"));
        Long from = JsonValues.longOrNull(message.path("from").path("id"));
        // In a business chat the customer's messages come from the chat's own user; the person's
        // own messages (and the bot's replies as them) come from the person.
        if (connectionId.isEmpty() || chat == null || !chat.equals(from)) {
            return;
        }
        Instant at = Objects.requireNonNullElse(JsonValues.epochSecondOrNull(message.path("date")), clock.instant());
        repository.noteIncoming(bot.id(), connectionId, chat, at);
    }

    /** Why nothing may be sent through the connection at all, or empty if it is usable. */
    static Optional<String> connectionRefusal(BusinessConnection connection) {
        if (!connection.enabled()) {
            return Optional.of("the business connection is disabled");
        }
        if (!connection.canReply()) {
            return Optional.of("the business connection does not allow replying");
        }
        return Optional.empty();
    }

    /** Why a reply may not go to this business chat now, or empty if it may. */
    Optional<String> replyRefusal(UUID botId, String connectionId, long chatId) {
        Optional<BusinessConnection> connection = repository.find(botId, connectionId);
        if (connection.isEmpty()) {
            return Optional.of("the business connection is unknown");
        }
        Optional<String> refusal = connectionRefusal(connection.get());
        if (refusal.isPresent()) {
            return refusal;
        }
        Optional<Instant> last = repository.lastIncoming(botId, connectionId, chatId);
        if (last.isEmpty() || last.get().plus(REPLY_WINDOW).isBefore(clock.instant())) {
            return Optional.of("outside Telegram's reply window (the customer last wrote more than 24 hours ago)");
        }
        return Optional.empty();
    }
}
