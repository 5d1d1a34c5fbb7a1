package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import dev.switchboard.shared.ConflictException;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.shared.SwitchboardProperties;
import dev.switchboard.shared.UpstreamException;
import dev.switchboard.telegram.botapi.BotApi;
import dev.switchboard.telegram.botapi.BotIdentity;
import dev.switchboard.telegram.botapi.WebhookRegistration;
import dev.switchboard.vault.CredentialId;
import dev.switchboard.vault.VaultService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bots: create (the token checked with {@code getMe} first), change, enable, disable, delete, and
 * keeping Telegram's side in step (the webhook set or removed). Telegram is called outside database
 * transactions; a bot whose token Telegram rejects is disabled with the reason.
 *
 * <p>Other modules read a bot's {@link BotSettings} here.
 */
@Service
public class BotService {

    private static final Logger log = LoggerFactory.getLogger(BotService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Enough parallel webhook deliveries for a busy bot without flooding one instance. */
    private static final int WEBHOOK_MAX_CONNECTIONS = 40;

    private final BotRepository bots;
    private final BotClients clients;
    private final VaultService vault;
    private final SwitchboardProperties switchboard;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final List<BotModelCheck> modelChecks;
    private final RecentBots recentBots;

    BotService(BotRepository bots, BotClients clients, VaultService vault, SwitchboardProperties switchboard,
            TransactionTemplate transactions, Clock clock, List<BotModelCheck> modelChecks, RecentBots recentBots) {
        this.bots = bots;
        this.clients = clients;
        this.vault = vault;
        this.switchboard = switchboard;
        this.transactions = transactions;
        this.clock = clock;
        this.modelChecks = modelChecks;
        this.recentBots = recentBots;
    }

    /**
     * The bot's settings, whoever owns it; empty if there is no such bot. For the message path:
     * another instance's change is seen within a few seconds ({@link RecentBots}).
     */
    public Optional<BotSettings> settings(UUID botId) {
        return recentBots.find(botId).map(Bot::settings);
    }

    /** The owner's bot, or 404. */
    public BotSettings settings(UserId owner, UUID botId) {
        return owned(owner, botId).settings();
    }

    /** The owner's bots, oldest first. */
    public List<BotSettings> settingsOf(UserId owner) {
        return bots.findByOwner(owner).stream().map(Bot::settings).toList();
    }

    List<BotView> list(UserId owner) {
        return bots.findByOwner(owner).stream().map(BotView::of).toList();
    }

    BotView get(UserId owner, UUID botId) {
        return BotView.of(owned(owner, botId));
    }

    BotView create(UserId owner, NewBot request) {
        checkModels(owner, request.modelId(), request.fallbackModelId(), request.allowedModelIds());
        requireReachable(request.mode());
        BotIdentity identity = checkToken(request.token());
        UUID id = UUID.randomUUID();
        if (bots.existsWithTelegramId(identity.id(), id)) {
            throw new ConflictException("Telegram bot @" + identity.username() + " is already registered");
        }
        Instant now = clock.instant();
        String secret = newWebhookSecret();
        Bot bot = transactions.execute(status -> {
            CredentialId token = vault.store("telegram bot " + identity.username(), request.token());
            Bot created = new Bot(id, owner, request.name().strip(), identity.id(), identity.username(), token.value(),
                    request.modelId(), request.fallbackModelId(), request.mode(),
                    request.approval() == null ? Approval.AUTO : request.approval(), blankToNull(request.systemPrompt()),
                    request.temperature(), blankToNull(request.startMessage()), blankToNull(request.helpMessage()),
                    blankToNull(request.errorMessage()),
                    request.allowedTelegramUserIds() == null ? List.of() : request.allowedTelegramUserIds(),
                    request.allowedModelIds() == null ? List.of() : request.allowedModelIds(),
                    request.recordGroupMessages(), request.monthlyBudget(), blankToNull(request.budgetMessage()), true, null,
                    request.mode() == BotMode.WEBHOOK ? sha256(secret) : null, 0, null, null, now, now);
            bots.insert(created);
            return created;
        });
        try {
            connect(bot, secret);
        } catch (RuntimeException e) {
            // Telegram refused to deliver to us: a bot that cannot receive anything is not created.
            transactions.executeWithoutResult(status -> {
                bots.delete(id);
                vault.delete(new CredentialId(bot.tokenCredentialId()));
            });
            forget(id);
            throw e;
        }
        log.info("Bot {} (@{}) created in {} mode", id, identity.username(), bot.mode());
        return BotView.of(bot);
    }

    BotView update(UserId owner, UUID botId, BotChanges changes) {
        Bot current = owned(owner, botId);
        checkModels(owner, changes.modelId(), changes.fallbackModelId() == null ? null
                : changes.fallbackModelId().orElse(null), changes.allowedModelIds());
        BotMode mode = changes.mode() == null ? current.mode() : changes.mode();
        BotIdentity identity = null;
        if (changes.token() != null) {
            identity = checkToken(changes.token());
            if (bots.existsWithTelegramId(identity.id(), botId)) {
                throw new ConflictException("Telegram bot @" + identity.username() + " is already registered");
            }
        }
        boolean reconnect = current.enabled() && (identity != null || mode != current.mode());
        if (reconnect) {
            requireReachable(mode);
        }
        BotIdentity newIdentity = identity;
        String secret = reconnect && mode == BotMode.WEBHOOK ? newWebhookSecret() : null;
        Bot updated = transactions.execute(status -> {
            Bot locked = bots.lockOwned(botId, owner).orElseThrow(() -> notFound(botId));
            UUID credential = locked.tokenCredentialId();
            if (changes.token() != null) {
                vault.replace(new CredentialId(credential), changes.token());
            }
            Bot next = new Bot(locked.id(), locked.ownerId(),
                    changes.name() == null ? locked.name() : changes.name().strip(),
                    newIdentity == null ? locked.telegramBotId() : newIdentity.id(),
                    newIdentity == null ? locked.username() : newIdentity.username(), credential,
                    changes.modelId() == null ? locked.modelId() : changes.modelId(),
                    pick(changes.fallbackModelId(), locked.fallbackModelId()), mode,
                    changes.approval() == null ? locked.approval() : changes.approval(),
                    blankToNull(pick(changes.systemPrompt(), locked.systemPrompt())),
                    pick(changes.temperature(), locked.temperature()),
                    blankToNull(pick(changes.startMessage(), locked.startMessage())),
                    blankToNull(pick(changes.helpMessage(), locked.helpMessage())),
                    blankToNull(pick(changes.errorMessage(), locked.errorMessage())),
                    changes.allowedTelegramUserIds() == null ? locked.allowedTelegramUserIds()
                            : changes.allowedTelegramUserIds(),
                    changes.allowedModelIds() == null ? locked.allowedModelIds() : changes.allowedModelIds(),
                    changes.recordGroupMessages() == null ? locked.recordGroupMessages() : changes.recordGroupMessages(),
                    pick(changes.monthlyBudget(), locked.monthlyBudget()),
                    blankToNull(pick(changes.budgetMessage(), locked.budgetMessage())),
                    locked.enabled(), locked.disabledReason(),
                    secret != null ? sha256(secret) : locked.webhookSecretHash(), locked.pollOffset(),
                    locked.lastError(), locked.lastErrorAt(), locked.createdAt(), clock.instant());
            bots.update(next);
            return next;
        });
        forget(botId);
        if (reconnect) {
            connect(updated, secret);
        }
        return BotView.of(updated);
    }

    BotView enable(UserId owner, UUID botId) {
        Bot current = owned(owner, botId);
        if (current.enabled()) {
            return BotView.of(current);
        }
        requireReachable(current.mode());
        // The token may have been revoked while the bot was off: ask Telegram before turning it on.
        BotIdentity identity;
        try {
            identity = clients.forBot(current).getMe();
        } catch (TelegramException e) {
            throw tokenProblem(e);
        }
        String secret = current.mode() == BotMode.WEBHOOK ? newWebhookSecret() : null;
        Bot enabled = transactions.execute(status -> {
            Bot locked = bots.lockOwned(botId, owner).orElseThrow(() -> notFound(botId));
            Bot next = withState(locked, true, null, secret != null ? sha256(secret) : locked.webhookSecretHash(),
                    identity.username());
            bots.update(next);
            return next;
        });
        recentBots.forget(botId);
        connect(enabled, secret);
        return BotView.of(enabled);
    }

    BotView disable(UserId owner, UUID botId) {
        Bot current = owned(owner, botId);
        Bot disabled = transactions.execute(status -> {
            Bot locked = bots.lockOwned(botId, owner).orElseThrow(() -> notFound(botId));
            Bot next = withState(locked, false, "Disabled by the owner", locked.webhookSecretHash(), locked.username());
            bots.update(next);
            return next;
        });
        recentBots.forget(botId);
        if (current.mode() == BotMode.WEBHOOK) {
            removeWebhook(current);
        }
        return BotView.of(disabled);
    }

    void delete(UserId owner, UUID botId) {
        Bot current = owned(owner, botId);
        if (current.enabled() && current.mode() == BotMode.WEBHOOK) {
            removeWebhook(current);
        }
        transactions.executeWithoutResult(status -> {
            bots.delete(botId);
            vault.delete(new CredentialId(current.tokenCredentialId()));
        });
        forget(botId);
        log.info("Bot {} (@{}) deleted", botId, current.username());
    }

    /**
     * Turns a bot off because Telegram rejected its token (401) while working; the owner sees the
     * reason and must give a new token.
     */
    void disableRejectedToken(UUID botId, TelegramException cause) {
        String reason = "Telegram rejected the bot token (" + cause.description() + "); set a new token and enable the bot";
        bots.disable(botId, reason, clock.instant());
        forget(botId);
        log.warn("Bot {} disabled: {}", botId, reason);
    }

    /** Drops what this instance keeps about the bot (its API client, its cached row). */
    private void forget(UUID botId) {
        clients.forget(botId);
        recentBots.forget(botId);
    }

    private void connect(Bot bot, String webhookSecret) {
        BotApi api = clients.forBot(bot);
        try {
            if (bot.mode() == BotMode.WEBHOOK) {
                api.setWebhook(new WebhookRegistration(webhookUrl(bot.id()), webhookSecret, UpdateTypes.HANDLED,
                        WEBHOOK_MAX_CONNECTIONS));
            } else {
                // getUpdates fails while a webhook is set; pending updates stay for the poller.
                api.deleteWebhook(false);
            }
        } catch (TelegramException e) {
            if (e.isUnauthorized()) {
                throw tokenProblem(e);
            }
            throw new UpstreamException("Telegram refused to " + (bot.mode() == BotMode.WEBHOOK
                    ? "set the webhook" : "remove the webhook") + ": " + e.getMessage());
        }
    }

    private void removeWebhook(Bot bot) {
        try {
            clients.forBot(bot).deleteWebhook(false);
        } catch (TelegramException e) {
            // The bot is off on our side either way; updates Telegram still sends are refused.
            log.warn("Could not remove the webhook of bot {}: {}", bot.id(), e.getMessage());
            bots.recordError(bot.id(), e.getMessage(), clock.instant());
        }
    }

    private BotIdentity checkToken(String token) {
        try {
            return clients.forToken(token).getMe();
        } catch (TelegramException e) {
            throw tokenProblem(e);
        } catch (IllegalArgumentException e) {
            throw new InvalidException("The bot token is not valid", Map.of("token", "must be a bot token from @BotFather"));
        }
    }

    private static RuntimeException tokenProblem(TelegramException e) {
        if (e.isRetryable()) {
            return new UpstreamException("Telegram could not be reached to check the bot token: " + e.getMessage());
        }
        return new InvalidException("Telegram did not accept the bot token: " + e.description(),
                Map.of("token", "Telegram did not accept this token"));
    }

    private void requireReachable(BotMode mode) {
        if (mode == BotMode.WEBHOOK && switchboard.publicUrl() == null) {
            throw new InvalidException("Webhook mode needs SWITCHBOARD_PUBLIC_URL, the address Telegram can reach;"
                    + " set it or use polling", Map.of("mode", "webhook needs SWITCHBOARD_PUBLIC_URL"));
        }
    }

    private void checkModels(UserId owner, UUID modelId, UUID fallbackModelId, List<UUID> allowedModelIds) {
        for (BotModelCheck check : modelChecks) {
            if (allowedModelIds != null && allowedModelIds.stream().anyMatch(id -> !check.isUsableBy(owner, id))) {
                throw new InvalidException("No such model", Map.of("allowedModelIds", "contains an unknown model id"));
            }
            if (modelId != null && !check.isUsableBy(owner, modelId)) {
                throw new InvalidException("No such model", Map.of("modelId", "no model with this id"));
            }
            if (fallbackModelId != null && !check.isUsableBy(owner, fallbackModelId)) {
                throw new InvalidException("No such model", Map.of("fallbackModelId", "no model with this id"));
            }
        }
    }

    URI webhookUrl(UUID botId) {
        String base = switchboard.publicUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/telegram/webhook/" + botId);
    }

    private Bot owned(UserId owner, UUID botId) {
        return bots.findOwned(botId, owner).orElseThrow(() -> notFound(botId));
    }

    private static NotFoundException notFound(UUID botId) {
        return new NotFoundException("bot", botId);
    }

    private Bot withState(Bot bot, boolean enabled, String reason, byte[] secretHash, String username) {
        return new Bot(bot.id(), bot.ownerId(), bot.name(), bot.telegramBotId(), username, bot.tokenCredentialId(),
                bot.modelId(), bot.fallbackModelId(), bot.mode(), bot.approval(), bot.systemPrompt(),
                bot.temperature(), bot.startMessage(), bot.helpMessage(), bot.errorMessage(),
                bot.allowedTelegramUserIds(), bot.allowedModelIds(), bot.recordGroupMessages(), bot.monthlyBudget(),
                bot.budgetMessage(), enabled, reason, secretHash, bot.pollOffset(),
                enabled ? null : bot.lastError(), enabled ? null : bot.lastErrorAt(), bot.createdAt(), clock.instant());
    }

    private static <T> T pick(Optional<T> change, T current) {
        return change == null ? current : change.orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String newWebhookSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
