package dev.switchboard.testing;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A protocol-level fake of the Telegram Bot API: a real HTTP server on a loopback port that serves
 * {@code /bot<token>/<method>} for several bots, takes parameters as JSON, form or multipart (as
 * Telegram does), answers with Telegram's envelope and error descriptions, and records every call.
 *
 * <p>Methods: getMe, setWebhook, deleteWebhook, getWebhookInfo, getUpdates (offset confirms, the
 * timeout is a real long poll that answers as soon as an update is queued), sendMessage (checks
 * {@code parse_mode=HTML} like Telegram, see {@link TelegramHtml}), editMessageText,
 * sendChatAction, sendMessageDraft, getBusinessConnection (see {@link #addBusinessConnection}),
 * answerCallbackQuery (recorded, see {@link #callbackAnswers}; a
 * second answer to one query is refused as Telegram does). {@code reply_markup} inline keyboards are
 * checked, kept with each message ({@link #messageButtons}; an edit without one removes it, as in
 * Telegram) and recorded in {@link SentText}. Unknown tokens get 401, unknown methods 404.
 * Failures and slowness are injected with {@link #inject(Fault)}. Updates are queued for
 * {@code getUpdates} with {@link #enqueueUpdate} or posted to the bot's webhook with
 * {@link #deliverToWebhook}; build them with {@link TelegramUpdates}.
 *
 * <pre>{@code
 * try (var telegram = FakeTelegram.start()) {
 *     telegram.addBot("123456:TEST-TOKEN-not-real", 123456, "test_bot");
 *     // point switchboard.telegram.api-url at telegram.apiUrl(), then:
 *     var sent = telegram.awaitSentMessages(42, 1);
 * }
 * }</pre>
 */
public final class FakeTelegram implements AutoCloseable {

    /** The header Telegram sends with every webhook delivery. */
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video", "upload_video",
            "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Bot> bots = new ConcurrentHashMap<>();
    private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Calls received and not yet answered, as "method chatId" (a slow fault holds them). */
    private final Map<String, Integer> answering = new ConcurrentHashMap<>();
    private final List<SentText> sent = new CopyOnWriteArrayList<>();
    private final List<CallbackAnswer> callbackAnswers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * One request the fake answered.
     *
     * @param method the Bot API method as called
     * @param botId the bot whose token was used; 0 for an unknown token
     * @param chatId the {@code chat_id} parameter, or null
     * @param params every parameter as text (JSON objects and arrays as JSON text)
     * @param at when the request arrived
     * @param status the HTTP status of the answer
     */
    public record Call(String method, long botId, Long chatId, Map<String, String> params, Instant at, int status) {

        /** A parameter, or null. */
        public String param(String name) {
            return params.get(name);
        }

        /** A parameter that holds JSON (e.g. {@code reply_parameters}), parsed. */
        public JsonNode json(String name) {
            var value = params.get(name);
            return value == null ? null : JSON.readTree(value);
        }

        /** True if Telegram accepted the call. */
        public boolean succeeded() {
            return status == 200;
        }
    }

    /**
     * A message Telegram accepted with {@code sendMessage}.
     *
     * @param botId the bot that sent it
     * @param chatId the chat it went to
     * @param messageId the id the fake gave it (increasing per chat)
     * @param text the text as sent (HTML source when {@code parseMode} is HTML)
     * @param plainText the text a user sees
     * @param parseMode the {@code parse_mode}, or null
     * @param replyToMessageId {@code reply_parameters.message_id}, or null
     * @param businessConnectionId the {@code business_connection_id}, or null
     * @param at when it was accepted
     * @param replyMarkup the {@code reply_markup} as sent, parsed, or null
     */
    public record SentText(long botId, long chatId, long messageId, String text, String plainText, String parseMode,
            Long replyToMessageId, String businessConnectionId, Instant at, JsonNode replyMarkup) {

        /** The labels and callback data of the inline keyboard, row by row, as {@code "label=data"}; empty for none. */
        public List<List<String>> buttons() {
            return FakeTelegram.buttons(replyMarkup);
        }
    }

    /**
     * An {@code answerCallbackQuery} Telegram accepted.
     *
     * @param botId the bot that answered
     * @param callbackQueryId the query answered
     * @param text the notification, or null
     * @param showAlert whether it was an alert
     */
    public record CallbackAnswer(long botId, String callbackQueryId, String text, boolean showAlert) {
    }

    /**
     * A webhook a bot set.
     *
     * @param url where updates are posted
     * @param secretToken the {@code X-Telegram-Bot-Api-Secret-Token} sent with them, or null
     * @param allowedUpdates the {@code allowed_updates} JSON, or null
     * @param maxConnections {@code max_connections}
     */
    public record Webhook(URI url, String secretToken, String allowedUpdates, int maxConnections) {
    }

    private record ActiveFault(Fault fault, AtomicInteger remaining) {
    }

    private record Answer(int status, String body, String contentType) {

        static Answer ok(Object result) {
            var envelope = JSON.createObjectNode().put("ok", true);
            envelope.set("result", JSON.valueToTree(result));
            return new Answer(200, envelope.toString(), "application/json");
        }

        static Answer error(int code, String description, Integer retryAfter) {
            return error(code, description, retryAfter, null);
        }

        static Answer error(int code, String description, Integer retryAfter, Long migrateToChatId) {
            var envelope = JSON.createObjectNode().put("ok", false).put("error_code", code)
                    .put("description", description);
            if (retryAfter != null) {
                envelope.putObject("parameters").put("retry_after", retryAfter);
            }
            if (migrateToChatId != null) {
                envelope.putObject("parameters").put("migrate_to_chat_id", migrateToChatId);
            }
            return new Answer(code, envelope.toString(), "application/json");
        }
    }

    /** What the fake refuses, with Telegram's wording. */
    private static final class Refused extends RuntimeException {

        private final int code;

        Refused(int code, String description) {
            super(description);
            this.code = code;
        }
    }

    private static final class Bot {
        final String token;
        final long id;
        final String username;
        final ReentrantLock lock = new ReentrantLock();
        final Condition updateQueued = lock.newCondition();
        final ArrayDeque<ObjectNode> pending = new ArrayDeque<>();
        final Map<Long, Long> lastMessageId = new HashMap<>();
        final Map<String, String> texts = new HashMap<>();
        final Map<String, JsonNode> markups = new HashMap<>();
        final Map<String, ObjectNode> businessConnections = new HashMap<>();
        long nextUpdateId = 1;
        int waitingPollers;
        Webhook webhook;

        Bot(String token, long id, String username) {
            this.token = token;
            this.id = id;
            this.username = username;
        }
    }

    private FakeTelegram() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on a random loopback port. */
    public static FakeTelegram start() {
        return new FakeTelegram();
    }

    /** The base URL to configure as {@code switchboard.telegram.api-url}. */
    public URI apiUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Registers a bot: calls with its token are answered as that bot. */
    public FakeTelegram addBot(String token, long botId, String username) {
        bots.put(token, new Bot(token, botId, username));
        return this;
    }

    /** Makes matching calls fail or answer slowly (see {@link Fault}). */
    public FakeTelegram inject(Fault fault) {
        faults.add(new ActiveFault(fault, new AtomicInteger(fault.times())));
        return this;
    }

    /** Forgets every call, message, update, webhook and fault; keeps the bots. */
    public void reset() {
        faults.clear();
        calls.clear();
        sent.clear();
        callbackAnswers.clear();
        for (var bot : bots.values()) {
            bot.lock.lock();
            try {
                bot.pending.clear();
                bot.lastMessageId.clear();
                bot.texts.clear();
                bot.markups.clear();
                bot.businessConnections.clear();
                bot.webhook = null;
            } finally {
                bot.lock.unlock();
            }
        }
    }

    /** Every call so far, in arrival order of their answers. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits (up to 10 s) until a call of {@code method} for the chat has arrived and is not answered yet. */
    public void awaitCallInProgress(String method, long chatId) {
        await().atMost(AWAIT).until(() -> answering.containsKey(method.toLowerCase(Locale.ROOT) + " " + chatId));
    }

    /** The calls of one method (case-insensitive). */
    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equalsIgnoreCase(method)).toList();
    }

    /** The messages Telegram accepted for a chat, from any bot, in order. */
    public List<SentText> sentMessages(long chatId) {
        return sent.stream().filter(m -> m.chatId() == chatId).toList();
    }

    /** Every message Telegram accepted, in order. */
    public List<SentText> sentMessages() {
        return List.copyOf(sent);
    }

    /** Waits (up to 10 s, polling) until a chat got at least {@code count} messages; returns them all. */
    public List<SentText> awaitSentMessages(long chatId, int count) {
        return await().atMost(AWAIT).until(() -> sentMessages(chatId), list -> list.size() >= count);
    }

    /** Waits (up to 10 s, polling) until a method was called at least {@code count} times; returns the calls. */
    public List<Call> awaitCalls(String method, int count) {
        return await().atMost(AWAIT).until(() -> calls(method), list -> list.size() >= count);
    }

    /** The current text of a message a bot sent (after edits), as a user sees it, or empty. */
    public Optional<String> messageText(long chatId, long messageId) {
        for (var bot : bots.values()) {
            var text = withBot(bot, b -> b.texts.get(chatId + "/" + messageId));
            if (text != null) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /**
     * The inline keyboard a message a bot sent has now (after edits), row by row as
     * {@code "label=data"}; empty if it has none or there is no such message.
     */
    public List<List<String>> messageButtons(long chatId, long messageId) {
        for (var bot : bots.values()) {
            var markup = withBot(bot, b -> b.markups.get(chatId + "/" + messageId));
            if (markup != null) {
                return buttons(markup);
            }
        }
        return List.of();
    }

    /**
     * Makes a business connection known to {@code getBusinessConnection} (as Telegram knows
     * connections whose update the bot never processed).
     */
    public FakeTelegram addBusinessConnection(String token, String connectionId, long userId, boolean canReply,
            boolean enabled) {
        var connection = JSON.createObjectNode().put("id", connectionId);
        connection.set("user", TelegramUpdates.user(userId));
        connection.put("user_chat_id", userId).put("date", clock.instant().getEpochSecond());
        connection.putObject("rights").put("can_reply", canReply).put("can_read_messages", true);
        connection.put("is_enabled", enabled);
        withBot(bot(token), b -> b.businessConnections.put(connectionId, connection));
        return this;
    }

    /** The callback queries answered so far, in order. */
    public List<CallbackAnswer> callbackAnswers() {
        return List.copyOf(callbackAnswers);
    }

    /** Waits (up to 10 s, polling) until a callback query was answered; returns that answer. */
    public CallbackAnswer awaitCallbackAnswer(String callbackQueryId) {
        return await().atMost(AWAIT).until(() -> callbackAnswers.stream()
                .filter(a -> a.callbackQueryId().equals(callbackQueryId)).findFirst(), Optional::isPresent).get();
    }

    /**
     * Queues an update for {@code getUpdates}, waking a waiting long poll.
     *
     * @param update an update without {@code update_id} (one is assigned) or with one (kept, e.g. to
     *     deliver the same update twice)
     * @return its {@code update_id}
     */
    public long enqueueUpdate(String token, ObjectNode update) {
        var bot = bot(token);
        return withBot(bot, b -> {
            var copy = withUpdateId(b, update);
            b.pending.addLast(copy);
            b.updateQueued.signalAll();
            return copy.get("update_id").asLong();
        });
    }

    /** Updates queued and not yet confirmed by an offset. */
    public int pendingUpdates(String token) {
        return withBot(bot(token), b -> b.pending.size());
    }

    /** Long polls currently waiting for an update. */
    public int waitingPollers(String token) {
        return withBot(bot(token), b -> b.waitingPollers);
    }

    /** The webhook the bot set, if any. */
    public Optional<Webhook> webhook(String token) {
        return Optional.ofNullable(withBot(bot(token), b -> b.webhook));
    }

    /**
     * Posts an update to the bot's webhook as Telegram does, with the secret header.
     *
     * @param update as for {@link #enqueueUpdate}
     * @return the HTTP status the webhook answered
     */
    public int deliverToWebhook(String token, ObjectNode update) {
        var bot = bot(token);
        var webhook = webhook(token).orElseThrow(() -> new IllegalStateException("bot " + bot.id + " set no webhook"));
        var body = withBot(bot, b -> withUpdateId(b, update));
        var request = HttpRequest.newBuilder(webhook.url())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (webhook.secretToken() != null) {
            request.header(SECRET_HEADER, webhook.secretToken());
        }
        try {
            return webhookClient.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (var bot : bots.values()) {
            withBot(bot, b -> {
                b.updateQueued.signalAll();
                return null;
            });
        }
        server.stop(0);
        executor.shutdownNow();
        webhookClient.close();
    }

    // ---- serving ------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var at = clock.instant();
            var path = exchange.getRequestURI().getRawPath();
            var slash = path.indexOf('/', 1);
            if (!path.startsWith("/bot") || slash < 0) {
                write(exchange, Answer.error(404, "Not Found", null));
                return;
            }
            var token = URLDecoder.decode(path.substring(4, slash), StandardCharsets.UTF_8);
            var method = path.substring(slash + 1);
            Map<String, String> params;
            try {
                params = Parameters.read(exchange);
            } catch (RuntimeException e) {
                var answer = Answer.error(400, "Bad Request: can't parse request parameters", null);
                record(method, 0, null, Map.of(), at, answer);
                write(exchange, answer);
                return;
            }
            var bot = bots.get(token);
            var chatId = chatId(params);
            Answer answer;
            if (bot == null) {
                answer = Answer.error(401, "Unauthorized", null);
            } else {
                String key = method.toLowerCase(Locale.ROOT) + " " + chatId;
                answering.merge(key, 1, Integer::sum);
                try {
                    answer = answer(bot, method, params, chatId);
                } finally {
                    answering.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
                }
            }
            record(method, bot == null ? 0 : bot.id, chatId, params, at, answer);
            write(exchange, answer);
        }
    }

    private Answer answer(Bot bot, String method, Map<String, String> params, Long chatId) {
        for (var active : faults) {
            var fault = active.fault();
            if (fault.matches(method, bot.id, chatId) && active.remaining().getAndDecrement() > 0) {
                pause(fault.delay());
                if (fault.errorCode() == 0) {
                    break;
                }
                if (fault.htmlBody()) {
                    return new Answer(fault.errorCode(), "<html><body><h1>" + fault.errorCode() + " "
                            + fault.description() + "</h1></body></html>", "text/html");
                }
                return Answer.error(fault.errorCode(), fault.description(), fault.retryAfter(),
                        fault.migrateToChatId());
            }
        }
        try {
            return switch (method.toLowerCase(Locale.ROOT)) {
                case "getme" -> Answer.ok(botUser(bot));
                case "setwebhook" -> setWebhook(bot, params);
                case "deletewebhook" -> deleteWebhook(bot, params);
                case "getwebhookinfo" -> webhookInfo(bot);
                case "getupdates" -> getUpdates(bot, params);
                case "sendmessage" -> sendMessage(bot, params, chatId);
                case "editmessagetext" -> editMessageText(bot, params, chatId);
                case "sendchataction" -> sendChatAction(params, chatId);
                case "sendmessagedraft" -> sendMessageDraft(params, chatId);
                case "answercallbackquery" -> answerCallbackQuery(bot, params);
                case "getbusinessconnection" -> withBot(bot, b -> {
                    var connection = b.businessConnections.get(params.getOrDefault("business_connection_id", ""));
                    if (connection == null) {
                        throw new Refused(400, "Bad Request: business connection not found");
                    }
                    return Answer.ok(connection);
                });
                default -> Answer.error(404, "Not Found", null);
            };
        } catch (Refused refused) {
            return Answer.error(refused.code, refused.getMessage(), null);
        } catch (TelegramHtml.InvalidException invalid) {
            return Answer.error(400, invalid.description(), null);
        } catch (NumberFormatException | tools.jackson.core.JacksonException malformed) {
            return Answer.error(400, "Bad Request: wrong parameter value", null);
        }
    }

    private Answer setWebhook(Bot bot, Map<String, String> params) {
        var url = params.getOrDefault("url", "");
        var secret = params.get("secret_token");
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new Refused(400, "Bad Request: secret token contains unallowed characters");
        }
        var maxConnections = Integer.parseInt(params.getOrDefault("max_connections", "40"));
        if (maxConnections < 1 || maxConnections > 100) {
            throw new Refused(400, "Bad Request: bad webhook: max_connections must be between 1 and 100");
        }
        if (!url.isEmpty() && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw new Refused(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
        }
        return withBot(bot, b -> {
            b.webhook = url.isEmpty() ? null
                    : new Webhook(URI.create(url), secret, params.get("allowed_updates"), maxConnections);
            if ("true".equals(params.get("drop_pending_updates"))) {
                b.pending.clear();
            }
            return Answer.ok(true);
        });
    }

    private Answer deleteWebhook(Bot bot, Map<String, String> params) {
        return withBot(bot, b -> {
            b.webhook = null;
            if ("true".equals(params.get("drop_pending_updates"))) {
                b.pending.clear();
            }
            return Answer.ok(true);
        });
    }

    private Answer webhookInfo(Bot bot) {
        return withBot(bot, b -> {
            var info = JSON.createObjectNode()
                    .put("url", b.webhook == null ? "" : b.webhook.url().toString())
                    .put("has_custom_certificate", false)
                    .put("pending_update_count", b.pending.size());
            if (b.webhook != null) {
                info.put("max_connections", b.webhook.maxConnections());
                if (b.webhook.allowedUpdates() != null) {
                    info.set("allowed_updates", JSON.readTree(b.webhook.allowedUpdates()));
                }
            }
            return Answer.ok(info);
        });
    }

    private Answer getUpdates(Bot bot, Map<String, String> params) {
        long offset = Long.parseLong(params.getOrDefault("offset", "0"));
        int limit = Math.clamp(Integer.parseInt(params.getOrDefault("limit", "100")), 1, 100);
        long timeoutSeconds = Math.max(0, Long.parseLong(params.getOrDefault("timeout", "0")));
        bot.lock.lock();
        try {
            if (bot.webhook != null) {
                throw new Refused(409, "Conflict: can't use getUpdates method while webhook is active; "
                        + "use deleteWebhook to delete the webhook first");
            }
            if (offset > 0) {
                bot.pending.removeIf(u -> u.get("update_id").asLong() < offset);
            } else if (offset < 0) {
                while (bot.pending.size() > -offset) {
                    bot.pending.removeFirst();
                }
            }
            long remaining = TimeUnit.SECONDS.toNanos(timeoutSeconds);
            bot.waitingPollers++;
            try {
                while (bot.pending.isEmpty() && remaining > 0 && !closed) {
                    remaining = bot.updateQueued.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                bot.waitingPollers--;
            }
            return Answer.ok(bot.pending.stream().limit(limit).toList());
        } finally {
            bot.lock.unlock();
        }
    }

    private Answer sendMessage(Bot bot, Map<String, String> params, Long chatId) {
        var chat = requireChat(chatId);
        var text = params.get("text");
        if (text == null || text.isEmpty()) {
            throw new Refused(400, "Bad Request: message text is empty");
        }
        var parseMode = params.get("parse_mode");
        var plain = plainText(text, parseMode);
        Long replyTo = null;
        var reply = params.get("reply_parameters");
        if (reply != null) {
            replyTo = JSON.readTree(reply).path("message_id").asLong();
        } else if (params.containsKey("reply_to_message_id")) {
            replyTo = Long.parseLong(params.get("reply_to_message_id"));
        }
        var businessConnectionId = params.get("business_connection_id");
        var replyToMessageId = replyTo;
        var markup = replyMarkup(params);
        return withBot(bot, b -> {
            long messageId = b.lastMessageId.merge(chat, 1L, Long::sum);
            b.texts.put(chat + "/" + messageId, plain);
            if (markup != null) {
                b.markups.put(chat + "/" + messageId, markup);
            }
            sent.add(new SentText(b.id, chat, messageId, text, plain, parseMode, replyToMessageId,
                    businessConnectionId, clock.instant(), markup));
            return Answer.ok(message(b, chat, messageId, plain, businessConnectionId));
        });
    }

    private Answer editMessageText(Bot bot, Map<String, String> params, Long chatId) {
        if (params.containsKey("inline_message_id")) {
            return Answer.ok(true);
        }
        var chat = requireChat(chatId);
        var messageId = Long.parseLong(params.getOrDefault("message_id", "0"));
        var text = params.get("text");
        if (text == null || text.isEmpty()) {
            throw new Refused(400, "Bad Request: message text is empty");
        }
        var plain = plainText(text, params.get("parse_mode"));
        var markup = replyMarkup(params);
        return withBot(bot, b -> {
            var key = chat + "/" + messageId;
            var current = b.texts.get(key);
            if (current == null) {
                throw new Refused(400, "Bad Request: message to edit not found");
            }
            if (current.equals(plain) && java.util.Objects.equals(b.markups.get(key), markup)) {
                throw new Refused(400, "Bad Request: message is not modified: specified new message content and "
                        + "reply markup are exactly the same as a current content and reply markup of the message");
            }
            b.texts.put(key, plain);
            // Like Telegram: an edit without reply_markup removes the inline keyboard.
            if (markup == null) {
                b.markups.remove(key);
            } else {
                b.markups.put(key, markup);
            }
            return Answer.ok(message(b, chat, messageId, plain, params.get("business_connection_id")));
        });
    }

    private Answer sendChatAction(Map<String, String> params, Long chatId) {
        requireChat(chatId);
        if (!CHAT_ACTIONS.contains(params.getOrDefault("action", ""))) {
            throw new Refused(400, "Bad Request: wrong parameter action in request");
        }
        return Answer.ok(true);
    }

    private Answer sendMessageDraft(Map<String, String> params, Long chatId) {
        requireChat(chatId);
        if (Long.parseLong(params.getOrDefault("draft_id", "0")) == 0) {
            throw new Refused(400, "Bad Request: draft_id must be non-zero");
        }
        var text = params.get("text");
        if (text == null || text.isEmpty()) {
            throw new Refused(400, "Bad Request: text is empty");
        }
        plainText(text, params.get("parse_mode"));
        return Answer.ok(true);
    }

    private Answer answerCallbackQuery(Bot bot, Map<String, String> params) {
        if (params.getOrDefault("callback_query_id", "").isEmpty()) {
            throw new Refused(400, "Bad Request: query_id is empty");
        }
        if (params.getOrDefault("text", "").length() > 200) {
            throw new Refused(400, "Bad Request: MESSAGE_TOO_LONG");
        }
        var id = params.get("callback_query_id");
        if (callbackAnswers.stream().anyMatch(a -> a.callbackQueryId().equals(id))) {
            throw new Refused(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
        callbackAnswers.add(new CallbackAnswer(bot.id, id, params.get("text"),
                "true".equals(params.get("show_alert"))));
        return Answer.ok(true);
    }

    /**
     * The {@code reply_markup} parameter, checked like Telegram checks an inline keyboard (each
     * button a non-empty text and 1–64 bytes of callback_data), or null if none was sent.
     */
    private static JsonNode replyMarkup(Map<String, String> params) {
        var value = params.get("reply_markup");
        if (value == null || value.isEmpty()) {
            return null;
        }
        var markup = JSON.readTree(value);
        var keyboard = markup.path("inline_keyboard");
        if (!keyboard.isArray()) {
            throw new Refused(400, "Bad Request: can't parse reply keyboard markup JSON object");
        }
        for (var row : keyboard) {
            for (var button : row) {
                if (button.path("text").asString("").isEmpty()) {
                    throw new Refused(400, "Bad Request: text buttons are unallowed in the inline keyboard");
                }
                var data = button.path("callback_data").asString("");
                int bytes = data.getBytes(StandardCharsets.UTF_8).length;
                if (button.has("callback_data") && (bytes < 1 || bytes > 64)) {
                    throw new Refused(400, "Bad Request: BUTTON_DATA_INVALID");
                }
            }
        }
        return markup;
    }

    static List<List<String>> buttons(JsonNode markup) {
        if (markup == null) {
            return List.of();
        }
        var rows = new java.util.ArrayList<List<String>>();
        for (var row : markup.path("inline_keyboard")) {
            var labels = new java.util.ArrayList<String>();
            row.forEach(button -> labels.add(button.path("text").asString() + "="
                    + button.path("callback_data").asString("")));
            rows.add(List.copyOf(labels));
        }
        return List.copyOf(rows);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static String plainText(String text, String parseMode) {
        if (parseMode == null || parseMode.isEmpty()) {
            return TelegramHtml.checkLength(text);
        }
        return switch (parseMode.toLowerCase(Locale.ROOT)) {
            case "html" -> TelegramHtml.plainText(text);
            case "markdown", "markdownv2" -> TelegramHtml.checkLength(text);
            default -> throw new Refused(400, "Bad Request: unsupported parse_mode");
        };
    }

    private static long requireChat(Long chatId) {
        if (chatId == null) {
            throw new Refused(400, "Bad Request: chat not found");
        }
        return chatId;
    }

    private static Long chatId(Map<String, String> params) {
        var value = params.get("chat_id");
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ObjectNode botUser(Bot bot) {
        return JSON.createObjectNode()
                .put("id", bot.id)
                .put("is_bot", true)
                .put("first_name", "Test bot " + bot.username)
                .put("username", bot.username)
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false);
    }

    private ObjectNode message(Bot bot, long chatId, long messageId, String text, String businessConnectionId) {
        var message = JSON.createObjectNode().put("message_id", messageId);
        message.set("from", botUser(bot));
        var chat = message.putObject("chat").put("id", chatId);
        if (chatId > 0) {
            chat.put("type", "private").put("first_name", "User " + chatId);
        } else {
            chat.put("type", "supergroup").put("title", "Group " + chatId);
        }
        message.put("date", clock.instant().getEpochSecond());
        if (businessConnectionId != null) {
            message.put("business_connection_id", businessConnectionId);
        }
        message.put("text", text);
        return message;
    }

    private ObjectNode withUpdateId(Bot bot, ObjectNode update) {
        var copy = update.deepCopy();
        if (copy.has("update_id")) {
            bot.nextUpdateId = Math.max(bot.nextUpdateId, copy.get("update_id").asLong() + 1);
        } else {
            var ordered = JSON.createObjectNode().put("update_id", bot.nextUpdateId++);
            ordered.setAll(copy);
            copy = ordered;
        }
        return copy;
    }

    private void record(String method, long botId, Long chatId, Map<String, String> params, Instant at,
            Answer answer) {
        calls.add(new Call(method, botId, chatId, Map.copyOf(params), at, answer.status()));
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private Bot bot(String token) {
        var bot = bots.get(token);
        if (bot == null) {
            throw new IllegalArgumentException("no bot registered with that token");
        }
        return bot;
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T withBot(Bot bot, java.util.function.Function<Bot, T> action) {
        bot.lock.lock();
        try {
            return action.apply(bot);
        } finally {
            bot.lock.unlock();
        }
    }

    /** Reads Bot API parameters from the query string and a JSON, form or multipart body. */
    private static final class Parameters {

        static Map<String, String> read(HttpExchange exchange) throws IOException {
            var params = new LinkedHashMap<String, String>();
            var query = exchange.getRequestURI().getRawQuery();
            if (query != null) {
                form(query, params);
            }
            var body = exchange.getRequestBody().readAllBytes();
            if (body.length == 0) {
                return params;
            }
            var contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            var type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                var node = JSON.readTree(body);
                for (var name : node.propertyNames()) {
                    var value = node.get(name);
                    params.put(name, value.isString() ? value.asString() : value.toString());
                }
            } else if (type.startsWith("multipart/form-data")) {
                multipart(body, boundary(contentType), params);
            } else {
                form(new String(body, StandardCharsets.UTF_8), params);
            }
            return params;
        }

        private static void form(String encoded, Map<String, String> params) {
            for (var pair : encoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                var eq = pair.indexOf('=');
                var name = eq < 0 ? pair : pair.substring(0, eq);
                var value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }

        private static String boundary(String contentType) {
            for (var part : contentType.split(";")) {
                var trimmed = part.strip();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    return trimmed.substring("boundary=".length()).replace("\"", "");
                }
            }
            throw new IllegalArgumentException("multipart without boundary");
        }

        private static void multipart(byte[] body, String boundary, Map<String, String> params) {
            // Text parts only: the fake accepts no files. ISO-8859-1 keeps bytes one-to-one.
            var text = new String(body, StandardCharsets.ISO_8859_1);
            for (var part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
                var headerEnd = part.indexOf("\r\n\r\n");
                if (headerEnd < 0) {
                    continue;
                }
                var headers = part.substring(0, headerEnd);
                var nameAt = headers.indexOf("name=\"");
                if (nameAt < 0) {
                    continue;
                }
                var name = headers.substring(nameAt + 6, headers.indexOf('"', nameAt + 6));
                var value = part.substring(headerEnd + 4);
                if (value.endsWith("\r\n")) {
                    value = value.substring(0, value.length() - 2);
                }
                params.put(name, new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }

        private Parameters() {
        }
    }

    @Override
    public String toString() {
        return "FakeTelegram[" + apiUrl() + ", " + bots.size() + " bots]";
    }
}
