package dev.switchboard.telegram;

import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.StorableText;
import dev.switchboard.shared.UnauthorizedException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Accepts updates from either path (webhook and long polling) and hands them on as
 * {@link UpdateReceived} inside the accepting transaction: the webhook answers and the poller
 * confirms its offset only after that transaction commits. Concurrent webhook deliveries share
 * transactions ({@link GroupCommit}); a poller's {@code getUpdates} answer is one transaction.
 */
@Component
class Intake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /** Open webhook transactions at once: while one commits, the next group gathers. */
    private static final int WRITERS = 2;
    /** The most webhook deliveries in one transaction. */
    private static final int MAX_GROUP = 256;

    private final RecentBots bots;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final BusinessConnections business;
    private volatile GroupCommit webhookCommits;

    Intake(RecentBots bots, ApplicationEventPublisher events, TransactionTemplate transactions, JsonMapper json,
            BusinessConnections business) {
        this.bots = bots;
        this.events = events;
        this.transactions = transactions;
        this.json = json;
        this.business = business;
    }

    @Override
    public void start() {
        webhookCommits = new GroupCommit(transactions, WRITERS, MAX_GROUP, Duration.ofSeconds(30), "webhook-commit");
    }

    @Override
    public void stop() {
        GroupCommit commits = webhookCommits;
        webhookCommits = null;
        if (commits != null) {
            commits.stop(Duration.ofSeconds(10));
        }
    }

    @Override
    public boolean isRunning() {
        return webhookCommits != null;
    }

    /** Started before the web server takes requests and stopped after it finished its last ones. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /**
     * A webhook delivery: the secret must match the one given to {@code setWebhook} (compared in
     * constant time) or nothing is stored; returns once the update is committed.
     *
     * @throws UnauthorizedException for an unknown bot or a wrong or missing secret
     * @throws InvalidException if the body is not a Telegram update
     */
    void receiveWebhook(String botId, String secret, String body) {
        Bot bot = authenticate(botId, secret);
        JsonNode update;
        try {
            update = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidException("The body is not JSON");
        }
        if (!isUpdate(update)) {
            throw new InvalidException("The body is not a Telegram update (no numeric update_id)");
        }
        GroupCommit commits = webhookCommits;
        if (commits == null) {
            throw new DataAccessResourceFailureException("Not accepting updates: starting or stopping");
        }
        commits.run(() -> accept(bot, update, body));
    }

    /**
     * @param update one Bot API update object with a numeric {@code update_id}
     * @param json the update as received, stored as it came
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void accept(Bot bot, JsonNode update, String json) {
        if (mayHoldUnstorableText(json)) {
            JsonNode storable = storable(update);
            if (storable != update) {
                // PostgreSQL's jsonb holds neither a NUL nor half a surrogate pair: refused, the
                // update would fail its insert on every delivery and hold up the bot's later ones.
                log.warn("Update {} of bot {} has text that cannot be stored (a NUL or half a surrogate pair);"
                        + " stored with U+FFFD in its place", update.get("update_id").asLong(), bot.id());
                update = storable;
                json = this.json.writeValueAsString(storable);
            }
        }
        String type = UpdateTypes.typeOf(update);
        boolean handled = bot.enabled() && UpdateTypes.isHandled(type);
        if (handled) {
            business.onUpdate(bot, update.get("update_id").asLong(), type, update);
        }
        events.publishEvent(new UpdateReceived(bot.id(), bot.ownerId(), update.get("update_id").asLong(), type,
                handled, UpdateTypes.chatIdOf(update, type), UpdateTypes.fromUserIdOf(update, type), json));
    }

    /**
     * Whether the JSON may hold a NUL or half a surrogate pair: as a character (the poller's JSON),
     * or as a {@code \\u0000} or {@code \\uD800}-{@code \\uDFFF} escape (a whole pair, e.g. an
     * escaped emoji, also answers true, and the tree is then checked). Most updates have neither.
     */
    private static boolean mayHoldUnstorableText(String json) {
        // One pass over every update, so plain character tests; an escaped character is skipped,
        // so "\\\\u0000" (a backslash, then text) is not taken for an escape.
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\0' || Character.isSurrogate(c)) {
                return true;
            }
            if (c == '\\' && i + 5 < json.length()) {
                if (json.charAt(i + 1) == 'u' && (json.startsWith("0000", i + 2)
                        || (json.charAt(i + 2) | 0x20) == 'd' && "89abcdef".indexOf(json.charAt(i + 3) | 0x20) >= 0)) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** The update with its text and names {@link StorableText#scrubbed scrubbed}; the same node if nothing changed. */
    private static JsonNode storable(JsonNode node) {
        if (node.isString()) {
            String text = node.asString();
            String clean = StorableText.scrubbed(text);
            return clean == text ? node : StringNode.valueOf(clean);
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            boolean changed = false;
            for (JsonNode element : node) {
                JsonNode clean = storable(element);
                changed |= clean != element;
                copy.add(clean);
            }
            return changed ? copy : node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            boolean changed = false;
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode clean = storable(property.getValue());
                String name = StorableText.scrubbed(property.getKey());
                changed |= clean != property.getValue() || name != property.getKey();
                copy.set(name, clean);
            }
            return changed ? copy : node;
        }
        return node;
    }

    private Bot authenticate(String botId, String secret) {
        Optional<Bot> bot = parse(botId).flatMap(bots::find);
        // The digest is compared even when there is no bot, so timing does not tell ids apart.
        byte[] expected = bot.map(Bot::webhookSecretHash).orElse(new byte[32]);
        byte[] given = BotService.sha256(secret == null ? "" : secret);
        boolean matches = MessageDigest.isEqual(given, expected);
        if (bot.isEmpty() || bot.get().webhookSecretHash() == null || secret == null || !matches) {
            throw new UnauthorizedException("Wrong or missing " + WebhookEndpoint.SECRET_HEADER);
        }
        return bot.get();
    }

    private static boolean isUpdate(JsonNode update) {
        return update != null && update.isObject() && update.path("update_id").isIntegralNumber()
                && update.path("update_id").canConvertToLong();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
