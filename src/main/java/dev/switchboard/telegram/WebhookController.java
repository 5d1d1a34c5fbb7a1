package dev.switchboard.telegram;

import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.UnauthorizedException;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Telegram's deliveries for webhook-mode bots. The secret header must match the one given to
 * {@code setWebhook} (compared in constant time) or nothing is stored. The answer is 200 only after
 * the update is committed; if that fails the answer is 5xx and Telegram delivers it again, and a
 * repeat of a stored update is acknowledged and ignored.
 */
@RestController
class WebhookController {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final BotRepository bots;
    private final Intake intake;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    WebhookController(BotRepository bots, Intake intake, TransactionTemplate transactions, JsonMapper json) {
        this.bots = bots;
        this.intake = intake;
        this.transactions = transactions;
        this.json = json;
    }

    @PostMapping(path = "/telegram/webhook/{botId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> receive(@PathVariable String botId,
            @RequestHeader(name = SECRET_HEADER, required = false) String secret, @RequestBody String body) {
        Bot bot = authenticate(botId, secret);
        JsonNode update;
        try {
            update = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidException("The body is not JSON");
        }
        if (!Intake.isUpdate(update)) {
            throw new InvalidException("The body is not a Telegram update (no numeric update_id)");
        }
        transactions.executeWithoutResult(status -> intake.accept(bot, update, body));
        return ResponseEntity.ok().build();
    }

    private Bot authenticate(String botId, String secret) {
        Optional<Bot> bot = parse(botId).flatMap(bots::find);
        // The digest is compared even when there is no bot, so timing does not tell ids apart.
        byte[] expected = bot.map(Bot::webhookSecretHash).orElse(new byte[32]);
        byte[] given = BotService.sha256(secret == null ? "" : secret);
        boolean matches = MessageDigest.isEqual(given, expected);
        if (bot.isEmpty() || bot.get().webhookSecretHash() == null || secret == null || !matches) {
            throw new UnauthorizedException("Wrong or missing " + SECRET_HEADER);
        }
        return bot.get();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
