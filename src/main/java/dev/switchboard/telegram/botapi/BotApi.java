package dev.switchboard.telegram.botapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.pengrad.telegrambot.TelegramBot;
import com.pengrad.telegrambot.model.request.InlineKeyboardButton;
import com.pengrad.telegrambot.model.request.InlineKeyboardMarkup;
import com.pengrad.telegrambot.model.request.ParseMode;
import com.pengrad.telegrambot.model.request.ReplyParameters;
import com.pengrad.telegrambot.request.AnswerCallbackQuery;
import com.pengrad.telegrambot.request.BaseRequest;
import com.pengrad.telegrambot.request.DeleteWebhook;
import com.pengrad.telegrambot.request.EditMessageText;
import com.pengrad.telegrambot.request.GetBusinessConnection;
import com.pengrad.telegrambot.request.GetMe;
import com.pengrad.telegrambot.request.GetWebhookInfo;
import com.pengrad.telegrambot.request.SendChatAction;
import com.pengrad.telegrambot.request.SendMessage;
import com.pengrad.telegrambot.request.SendMessageDraft;
import com.pengrad.telegrambot.request.SetWebhook;
import com.pengrad.telegrambot.response.BaseResponse;
import dev.switchboard.telegram.InlineButton;
import dev.switchboard.telegram.TelegramException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Bot API as one bot sees it: every call Switchboard makes, with its own records in and out.
 * Thread-safe; made by {@link BotApiFactory}.
 *
 * <p>Every method either returns Telegram's answer or throws a classified
 * {@link TelegramException}; nothing else escapes, and nothing that escapes holds the token.
 */
public final class BotApi {

    private static final MediaType JSON = MediaType.get("application/json");

    private final TelegramBot bot;
    private final Failures failures;
    private final long longPollGraceSeconds;
    private final OkHttpClient http;
    private final HttpUrl getUpdatesUrl;

    /**
     * @param http the client {@code bot} uses, for the one call made without the library
     * @param methodsUrl the bot's method base, {@code <api>/bot<token>}
     */
    BotApi(TelegramBot bot, String token, Duration readTimeout, OkHttpClient http, HttpUrl methodsUrl) {
        this.bot = bot;
        this.failures = new Failures(token);
        this.longPollGraceSeconds = Math.max(1, readTimeout.toSeconds());
        this.http = http;
        this.getUpdatesUrl = methodsUrl.newBuilder().addPathSegment("getUpdates").build();
    }

    /** Who the token belongs to; fails with 401 if the token is wrong or revoked. */
    public BotIdentity getMe() {
        var user = call("getMe", new GetMe()).user();
        return new BotIdentity(user.id(), user.username(), user.firstName());
    }

    /** Asks Telegram to post this bot's updates to a webhook instead of answering {@code getUpdates}. */
    public void setWebhook(WebhookRegistration registration) {
        var request = new SetWebhook()
                .url(registration.url().toString())
                .secretToken(registration.secretToken())
                .maxConnections(registration.maxConnections());
        if (!registration.allowedUpdates().isEmpty()) {
            request.allowedUpdates(registration.allowedUpdates().toArray(String[]::new));
        }
        call("setWebhook", request);
    }

    /**
     * Removes the webhook, so updates wait for {@code getUpdates}.
     *
     * @param dropPendingUpdates also discard the updates Telegram still holds
     */
    public void deleteWebhook(boolean dropPendingUpdates) {
        call("deleteWebhook", new DeleteWebhook().dropPendingUpdates(dropPendingUpdates));
    }

    /** The webhook Telegram has on record. */
    public WebhookInfo getWebhookInfo() {
        var info = call("getWebhookInfo", new GetWebhookInfo()).webhookInfo();
        return new WebhookInfo(
                info.url() == null ? "" : info.url(),
                info.pendingUpdateCount() == null ? 0 : info.pendingUpdateCount(),
                info.maxConnections(),
                info.allowedUpdates() == null ? List.of() : Arrays.asList(info.allowedUpdates()),
                info.lastErrorDate() == null ? null : Instant.ofEpochSecond(info.lastErrorDate()),
                info.lastErrorMessage());
    }

    /**
     * Long-polls for updates. Telegram answers as soon as an update is waiting, or empty after
     * {@code timeout}; the HTTP read timeout is the poll timeout plus the configured read timeout.
     *
     * @param offset the first update id wanted; every update below it is confirmed and forgotten
     * @param timeout how long Telegram may hold the request open waiting for an update (0 = answer now)
     * @param allowedUpdates the update types wanted; empty keeps the previous setting
     * @return the waiting updates in {@code update_id} order, at most 100
     */
    public List<IncomingUpdate> getUpdates(long offset, Duration timeout, List<String> allowedUpdates) {
        // Asked for without the library: it would read each update into its own classes and write
        // it back, dropping every field it does not know, and one value of a type it does not
        // expect would fail the whole answer on every poll, holding up the bot for good. Read as a
        // JSON tree, an update is stored as Telegram sent it, as a webhook's is.
        var parameters = new JsonObject();
        parameters.addProperty("offset", offset);
        parameters.addProperty("timeout", timeout.toSeconds());
        if (!allowedUpdates.isEmpty()) {
            var types = new JsonArray();
            allowedUpdates.forEach(types::add);
            parameters.add("allowed_updates", types);
        }
        var request = new Request.Builder().url(getUpdatesUrl)
                .post(RequestBody.create(parameters.toString(), JSON)).build();
        // Telegram holds the request for up to the poll's timeout: the read may take that long.
        var client = http.newBuilder().readTimeout(timeout.plusSeconds(longPollGraceSeconds)).build();
        JsonObject answer;
        try (var response = client.newCall(request).execute()) {
            var body = JsonParser.parseString(response.body().string());
            if (!body.isJsonObject()) {
                throw new JsonParseException("the answer is not a JSON object");
            }
            answer = body.getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw failures.fromThrowable("getUpdates", e);
        }
        if (!isTrue(answer.get("ok"))) {
            var errorParameters = answer.get("parameters") instanceof JsonObject given ? given : new JsonObject();
            throw failures.fromAnswer("getUpdates", intOr(answer.get("error_code"), 0),
                    answer.get("description") instanceof JsonPrimitive text ? text.getAsString() : null,
                    errorParameters.has("retry_after") ? intOr(errorParameters.get("retry_after"), 0) : null);
        }
        var result = new ArrayList<IncomingUpdate>();
        if (answer.get("result") instanceof JsonArray updates) {
            for (var element : updates) {
                // Without a numeric update_id an update can be neither stored nor confirmed.
                if (element instanceof JsonObject update && update.get("update_id") instanceof JsonPrimitive id
                        && id.isNumber()) {
                    try {
                        result.add(new IncomingUpdate(id.getAsLong(), typeOf(update), update.toString()));
                    } catch (NumberFormatException notALong) {
                        // skipped: Telegram's update ids are 32-bit
                    }
                }
            }
        }
        return result;
    }

    private static boolean isTrue(JsonElement element) {
        return element instanceof JsonPrimitive primitive && primitive.isBoolean() && primitive.getAsBoolean();
    }

    private static int intOr(JsonElement element, int otherwise) {
        try {
            return element instanceof JsonPrimitive primitive && primitive.isNumber() ? primitive.getAsInt() : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Sends a text message; Telegram's 4096-character limit applies after entity parsing. */
    public SentMessage sendMessage(OutgoingMessage message) {
        var request = new SendMessage(message.chatId(), message.text());
        if (message.format() == TextFormat.HTML) {
            request.parseMode(ParseMode.HTML);
        }
        if (message.replyToMessageId() != null) {
            request.replyParameters(new ReplyParameters(Math.toIntExact(message.replyToMessageId()))
                    .allowSendingWithoutReply(true));
        }
        if (message.businessConnectionId() != null) {
            request.businessConnectionId(message.businessConnectionId());
        }
        if (!message.buttons().isEmpty()) {
            request.replyMarkup(keyboard(message.buttons()));
        }
        return new SentMessage(call("sendMessage", request).message().messageId());
    }

    /** Replaces the text of a message the bot sent (e.g. while a streamed reply grows). */
    public void editMessageText(long chatId, long messageId, String text, TextFormat format) {
        editMessageText(chatId, messageId, text, format, null);
    }

    /**
     * Replaces the text of a message the bot sent on behalf of a business account.
     *
     * @param businessConnectionId the connection the message was sent on, or null
     */
    public void editMessageText(long chatId, long messageId, String text, TextFormat format,
            String businessConnectionId) {
        editMessageText(chatId, messageId, text, format, businessConnectionId, List.of());
    }

    /**
     * Replaces the text and the inline keyboard of a message the bot sent. Telegram drops the
     * keyboard of an edited message unless it is sent again, so {@code buttons} is the keyboard the
     * message has afterwards (empty: none).
     *
     * @param businessConnectionId the connection the message was sent on, or null
     * @param buttons rows of buttons to show under the message, or empty to remove them
     */
    public void editMessageText(long chatId, long messageId, String text, TextFormat format,
            String businessConnectionId, List<List<InlineButton>> buttons) {
        var request = new EditMessageText(chatId, Math.toIntExact(messageId), text);
        if (format == TextFormat.HTML) {
            request.parseMode(ParseMode.HTML);
        }
        if (businessConnectionId != null) {
            request.businessConnectionId(businessConnectionId);
        }
        if (!buttons.isEmpty()) {
            request.replyMarkup(keyboard(buttons));
        }
        call("editMessageText", request);
    }

    /**
     * Shows an action such as "typing…" in the chat for about five seconds.
     *
     * @param businessConnectionId the business connection of the chat, or null
     */
    public void sendChatAction(long chatId, ChatAction action, String businessConnectionId) {
        var request = new SendChatAction(chatId, switch (action) {
            case TYPING -> com.pengrad.telegrambot.model.request.ChatAction.typing;
            case UPLOAD_DOCUMENT -> com.pengrad.telegrambot.model.request.ChatAction.upload_document;
        });
        if (businessConnectionId != null) {
            request.businessConnectionId(businessConnectionId);
        }
        call("sendChatAction", request);
    }

    /**
     * Streams a partial reply to a private chat as a draft (Bot API 9.3 {@code sendMessageDraft});
     * calls with the same {@code draftId} animate the draft's changes. The final text is then sent
     * with {@link #sendMessage}.
     *
     * @param draftId non-zero id of the draft, the same for every update of one reply
     */
    public void sendMessageDraft(long chatId, int draftId, String text, TextFormat format) {
        var request = new SendMessageDraft(chatId, draftId, text);
        if (format == TextFormat.HTML) {
            request.parseMode(ParseMode.HTML);
        }
        call("sendMessageDraft", request);
    }

    /** A business connection of this bot, e.g. one made before Switchboard saw its update. */
    public BusinessConnectionInfo getBusinessConnection(String businessConnectionId) {
        var connection = call("getBusinessConnection", new GetBusinessConnection(businessConnectionId))
                .businessConnection();
        var rights = connection.rights();
        return new BusinessConnectionInfo(connection.id(), connection.user().id(),
                connection.userChatId() == null ? connection.user().id() : connection.userChatId(),
                connection.date() == null ? 0 : connection.date(), rights != null && rights.canReply(),
                Boolean.TRUE.equals(connection.isEnabled()));
    }

    /**
     * Acknowledges a button press, so the client stops its progress indicator.
     *
     * @param text a notification to show, or null for none
     * @param showAlert show the text as an alert instead of a toast
     */
    public void answerCallbackQuery(String callbackQueryId, String text, boolean showAlert) {
        var request = new AnswerCallbackQuery(callbackQueryId);
        if (text != null) {
            request.text(text).showAlert(showAlert);
        }
        call("answerCallbackQuery", request);
    }

    @Override
    public String toString() {
        return "BotApi[token hidden]";
    }

    private static InlineKeyboardMarkup keyboard(List<List<InlineButton>> rows) {
        InlineKeyboardButton[][] keyboard = rows.stream()
                .map(row -> row.stream().map(button -> new InlineKeyboardButton(button.text())
                        .callbackData(button.callbackData())).toArray(InlineKeyboardButton[]::new))
                .toArray(InlineKeyboardButton[][]::new);
        return new InlineKeyboardMarkup(keyboard);
    }

    private <T extends BaseRequest<T, R>, R extends BaseResponse> R call(String method, T request) {
        R response;
        try {
            response = bot.execute(request);
        } catch (RuntimeException e) {
            throw failures.fromThrowable(method, e);
        }
        if (response == null) {
            throw failures.fromAnswer(method, 0, "empty answer", null);
        }
        if (!response.isOk()) {
            var parameters = response.parameters();
            throw failures.fromAnswer(method, response.errorCode(), response.description(),
                    parameters == null ? null : parameters.retryAfter(),
                    parameters == null ? null : parameters.migrateToChatId());
        }
        return response;
    }

    private static String typeOf(JsonObject update) {
        for (var field : update.keySet()) {
            if (!field.equals("update_id")) {
                return field;
            }
        }
        return "unknown";
    }
}
