package dev.switchboard.telegram;

import dev.switchboard.identity.AuthenticatedUser;
import dev.switchboard.identity.IdentityService;
import dev.switchboard.identity.UserId;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.telegram.botapi.BotApi;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Telegram features beyond bots and replies, for other modules and the web app: linking
 * Switchboard accounts to Telegram users, alerting owners in their linked chats, Telegram Business
 * connections, and answering button presses.
 *
 * <p><b>Account links.</b> A user makes a one-time token for one of their bots
 * ({@link #createLinkToken}); opening {@code t.me/<bot>?start=<token>} sends the bot
 * {@code /start <token>}, and the conversation turn calls {@link #link} in its transaction. The
 * token is single-use and expires ({@code switchboard.telegram.linking.token-ttl}); only its SHA-256
 * digest is stored. Unlinking works from the web ({@link #unlink(UserId, UUID)}) and with
 * {@code /unlink} in the linked chat ({@link #unlinkChat}).
 *
 * <p><b>Why callback answers do not go through the outbox:</b> an answer is not a message. It
 * shows nothing in the chat, counts against none of the chat limits the outbox keeps, has no order
 * to keep, and Telegram refuses it once the query is a few seconds old ("query is too old"), so a
 * durable, retried answer would only ever fail later. It is sent directly, once, after the
 * caller's transaction commits (so a rolled-back turn answers nothing and its retry answers), and a
 * failure is logged, never retried: the user's client just stops its spinner on its own.
 */
@Service
public class TelegramService {

    /** What a link token starts with, so a {@code /start} payload is recognisably a link attempt. */
    public static final String LINK_TOKEN_PREFIX = "link_";
    static final String LINKED = "Linked to %s. You will get alerts and approval requests here. Send /unlink to undo.";
    static final String LINK_REFUSED = "This link has expired or was used. Make a new one in Switchboard.";
    static final String LINKED_ELSEWHERE = "This Telegram account is already linked to another Switchboard account"
            + " through this bot. Send /unlink first.";
    static final String ALREADY_LINKED = "This Telegram account is already linked to %s.";
    static final String UNLINKED = "Unlinked from %s. You will get no more alerts here.";
    static final String NOT_LINKED = "This chat is not linked to a Switchboard account.";
    static final String UNLINKED_FROM_WEB = "This chat was unlinked from %s in Switchboard. You will get no more alerts here.";

    private static final Logger log = LoggerFactory.getLogger(TelegramService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BotRepository bots;
    private final BotClients clients;
    private final AccountLinkRepository links;
    private final OutboxService outbox;
    private final IdentityService identity;
    private final LinkingProperties properties;
    private final BusinessRepository businessConnections;
    private final BusinessConnections business;
    private final Clock clock;

    TelegramService(BotRepository bots, BotClients clients, AccountLinkRepository links, OutboxService outbox,
            IdentityService identity, LinkingProperties properties, BusinessRepository businessConnections,
            BusinessConnections business, Clock clock) {
        this.bots = bots;
        this.clients = clients;
        this.links = links;
        this.outbox = outbox;
        this.identity = identity;
        this.properties = properties;
        this.businessConnections = businessConnections;
        this.business = business;
        this.clock = clock;
    }

    // ---- account links ------------------------------------------------------------------------

    /**
     * A new one-time token linking the caller's Telegram account through one of their bots.
     *
     * @throws NotFoundException if the bot is not the user's
     */
    @Transactional
    public LinkToken createLinkToken(UserId user, UUID botId) {
        Bot bot = bots.find(botId).filter(b -> b.ownerId().equals(user))
                .orElseThrow(() -> new NotFoundException("bot", botId));
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = LINK_TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.tokenTtl());
        links.deleteStaleTokens(now.minus(Duration.ofDays(1)));
        links.insertToken(UUID.randomUUID(), user, botId, BotService.sha256(token), now, expiresAt);
        return new LinkToken(token, "https://t.me/" + bot.username() + "?start=" + token, botId, expiresAt);
    }

    /** The user's linked Telegram chats, oldest first (for alerts and approval requests). */
    @Transactional(readOnly = true)
    public List<LinkedChat> linkedChats(UserId user) {
        return links.linksOf(user);
    }

    /**
     * Removes one of the user's links.
     *
     * @throws NotFoundException if there is no such link of this user
     */
    @Transactional
    public void unlink(UserId user, UUID linkId) {
        Optional<LinkedChat> link = links.linksOf(user).stream().filter(l -> l.id().equals(linkId)).findFirst();
        if (link.isEmpty() || !links.deleteLink(linkId, user)) {
            throw new NotFoundException("Telegram link", linkId);
        }
        // The chat is told, so nobody there waits for alerts that will not come.
        if (bots.find(link.get().botId()).filter(Bot::enabled).isPresent()) {
            outbox.enqueue(OutgoingReply.plain(link.get().botId(), link.get().chatId(),
                    UNLINKED_FROM_WEB.formatted(accountName(user))));
        }
        log.info("User {} removed Telegram link {}", user.value(), linkId);
    }

    /**
     * {@code /start <payload>} in a private chat: if the payload is a link token, uses it up and
     * links the sender to its account. Must run inside the transaction of the turn that answers the
     * message, so a rolled-back turn leaves the token unused.
     *
     * @param botId the bot that got the message
     * @param chatId the private chat
     * @param telegramUserId the sender
     * @param username the sender's Telegram username, or null
     * @param firstName the sender's first name, or null
     * @param payload the text after {@code /start}
     * @return the answer to send, or empty if the payload is not a link token (an ordinary deep link)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> link(UUID botId, long chatId, long telegramUserId, String username, String firstName,
            String payload) {
        if (payload == null || !payload.startsWith(LINK_TOKEN_PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<AccountLinkRepository.TokenRow> token = links.lockToken(BotService.sha256(payload))
                .filter(t -> t.botId().equals(botId) && t.usedAt() == null && t.expiresAt().isAfter(now));
        if (token.isEmpty()) {
            return Optional.of(LINK_REFUSED);
        }
        UserId user = token.get().userId();
        String account = accountName(user);
        Optional<LinkedChat> existing = links.findLink(botId, telegramUserId);
        if (existing.isPresent()) {
            // The token stays unused: the user may /unlink and open it again.
            return Optional.of(existing.get().userId().equals(user) ? ALREADY_LINKED.formatted(account)
                    : LINKED_ELSEWHERE);
        }
        links.markUsed(token.get().id(), now);
        links.insertLink(UUID.randomUUID(), user, botId, telegramUserId, chatId, username, firstName, now);
        log.info("Telegram user {} linked to user {} through bot {}", telegramUserId, user.value(), botId);
        return Optional.of(LINKED.formatted(account));
    }

    /**
     * {@code /unlink} in a linked private chat: removes the sender's link through this bot. Must run
     * inside the turn's transaction.
     *
     * @return the answer to send
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String unlinkChat(UUID botId, long telegramUserId) {
        Optional<LinkedChat> existing = links.findLink(botId, telegramUserId);
        if (existing.isEmpty() || !links.deleteLink(botId, telegramUserId)) {
            return NOT_LINKED;
        }
        log.info("Telegram user {} unlinked from user {} with /unlink", telegramUserId, existing.get().userId().value());
        return UNLINKED.formatted(accountName(existing.get().userId()));
    }

    /**
     * Sends an alert to every chat the owner linked, each through the bot it was linked through (a
     * disabled bot's chat is skipped), through the outbox; at most once per {@code key}, so a
     * listener that sees an event twice alerts once. Runs in its own transaction.
     *
     * @param owner whom to alert
     * @param key names what the alert is about, e.g. {@code "terminal:<item id>"}
     * @param text plain text
     * @return how many chats it went to (0 when it was sent before or the owner linked none)
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public int alertOwner(UserId owner, String key, String text) {
        List<LinkedChat> chats = links.linksOf(owner);
        if (chats.isEmpty() || !links.noteAlert(key, owner, clock.instant())) {
            return 0;
        }
        int sent = 0;
        for (LinkedChat chat : chats) {
            if (bots.find(chat.botId()).filter(Bot::enabled).isPresent()) {
                outbox.enqueue(OutgoingReply.plain(chat.botId(), chat.chatId(), text).correlatedWith("alert:" + key));
                sent++;
            }
        }
        return sent;
    }

    private String accountName(UserId user) {
        return identity.findUser(user).map(AuthenticatedUser::email).orElse("your Switchboard account");
    }

    // ---- Telegram Business ---------------------------------------------------------------------

    /**
     * A business connection of a bot as last heard from Telegram. One Switchboard never saw an update
     * of (made before the bot was added here) is asked of Telegram ({@code getBusinessConnection})
     * and stored, so call this outside transactions; empty if Telegram does not know it either or
     * cannot be asked now.
     */
    public Optional<BusinessConnection> businessConnection(UUID botId, String connectionId) {
        Optional<BusinessConnection> stored = businessConnections.find(botId, connectionId);
        if (stored.isPresent()) {
            return stored;
        }
        Optional<Bot> bot = bots.find(botId).filter(Bot::enabled);
        if (bot.isEmpty()) {
            return Optional.empty();
        }
        try {
            var info = clients.forBot(bot.get()).getBusinessConnection(connectionId);
            Instant now = clock.instant();
            // Stored as of update 0: any business_connection update that arrives later wins.
            businessConnections.upsert(new BusinessConnection(info.id(), botId, info.userId(), info.userChatId(),
                    info.canReply(), info.enabled(), info.date() > 0 ? Instant.ofEpochSecond(info.date()) : now, now), 0);
            log.info("Business connection {} of bot {} fetched from Telegram", connectionId, botId);
            return businessConnections.find(botId, connectionId);
        } catch (TelegramException e) {
            log.info("Business connection {} of bot {} is unknown to Telegram too: {}", connectionId, botId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Why a reply through a business connection to one of its chats may not be sent now: the
     * connection is unknown, disabled or may not reply, or the customer last wrote more than 24
     * hours ago (Telegram's reply window). Empty if it may be sent. The outbox checks this again
     * right before sending.
     */
    @Transactional(readOnly = true)
    public Optional<String> businessReplyRefusal(UUID botId, String connectionId, long chatId) {
        return business.replyRefusal(botId, connectionId, chatId);
    }

    /**
     * The business connections of the owner's bot, newest first.
     *
     * @throws NotFoundException if the bot is not the owner's
     */
    @Transactional(readOnly = true)
    public List<BusinessConnection> businessConnections(UserId owner, UUID botId) {
        bots.find(botId).filter(b -> b.ownerId().equals(owner)).orElseThrow(() -> new NotFoundException("bot", botId));
        return businessConnections.ofBot(botId);
    }

    // ---- button presses -----------------------------------------------------------------------

    /**
     * Answers a button press ({@code answerCallbackQuery}): after the current transaction commits if
     * there is one, else at once; on a virtual thread, best effort.
     *
     * @param botId the bot that received the press
     * @param callbackQueryId {@link CallbackQuery#id()}
     * @param answer what the user sees
     */
    public void answerCallbackQuery(UUID botId, String callbackQueryId, CallbackAnswer answer) {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(callbackQueryId, "callbackQueryId");
        Objects.requireNonNull(answer, "answer");
        Runnable send = () -> Thread.ofVirtual().name("callback-answer").start(() -> send(botId, callbackQueryId, answer));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    private void send(UUID botId, String callbackQueryId, CallbackAnswer answer) {
        try {
            Optional<Bot> bot = bots.find(botId).filter(Bot::enabled);
            if (bot.isEmpty()) {
                return;
            }
            BotApi api = clients.forBot(bot.get());
            api.answerCallbackQuery(callbackQueryId, answer.text(), answer.showAlert());
        } catch (TelegramException e) {
            log.info("Answering callback query of bot {} failed: {}", botId, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Answering callback query of bot {} failed", botId, e);
        }
    }
}
