package dev.switchboard.conversation;

import dev.switchboard.llm.CallTags;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResult;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.LlmMessage;
import dev.switchboard.llm.LlmService;
import dev.switchboard.llm.ModelId;
import dev.switchboard.processing.ChatTurn;
import dev.switchboard.processing.ChatTurnHandler;
import dev.switchboard.processing.InboxItem;
import dev.switchboard.processing.TurnException;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BotSettings;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat's turn: the text messages that arrived since the last turn are answered together with one
 * model call (system prompt, then the chat's recent messages, then the new ones), and the user's
 * messages, the reply and the outbox entry are written in the transaction that completes the turn,
 * so a retried turn never leaves half an answer behind. {@code /start} and {@code /help} are
 * answered from the bot's settings without the model.
 *
 * <p>On the last attempt a bot's fallback model, if it has one, answers instead of the primary.
 */
@Component
class ConversationTurns implements ChatTurnHandler {

    private static final Logger log = LoggerFactory.getLogger(ConversationTurns.class);
    /** How many stored messages of the chat go to the model with the new ones. */
    static final int HISTORY = 20;
    static final String DEFAULT_START = "Hello! Send me a message and I will answer.";
    static final String DEFAULT_HELP = "Just write to me; I answer every message. /start shows the greeting again.";

    /** A text message of the turn. */
    record Incoming(long telegramMessageId, Long fromUserId, String text, String chatType, String chatTitle) {

        boolean isCommand(String command) {
            String first = text.strip().split("\\s+", 2)[0];
            return first.equals("/" + command) || first.startsWith("/" + command + "@");
        }
    }

    private final BotService bots;
    private final LlmService llm;
    private final OutboxService outbox;
    private final ChatRepository chats;
    private final JsonMapper json;
    private final Clock clock;

    ConversationTurns(BotService bots, LlmService llm, OutboxService outbox, ChatRepository chats, JsonMapper json,
            Clock clock) {
        this.bots = bots;
        this.llm = llm;
        this.outbox = outbox;
        this.chats = chats;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void handle(ChatTurn turn) {
        Optional<BotSettings> found = bots.settings(turn.botId());
        if (found.isEmpty() || !found.get().enabled()) {
            return; // deleted or disabled since the update arrived: nothing to answer
        }
        BotSettings bot = found.get();
        List<Incoming> incoming = texts(turn.items()).stream().filter(message -> bot.allows(message.fromUserId()))
                .toList();
        if (incoming.isEmpty()) {
            return;
        }
        Incoming last = incoming.getLast();
        List<Incoming> questions = incoming.stream()
                .filter(message -> !message.isCommand("start") && !message.isCommand("help")).toList();
        String reply;
        ChatResult answer = null;
        if (questions.isEmpty()) {
            reply = last.isCommand("start") ? orDefault(bot.startMessage(), DEFAULT_START)
                    : orDefault(bot.helpMessage(), DEFAULT_HELP);
        } else {
            answer = ask(bot, turn, questions);
            reply = answer.text().isBlank() ? bot.errorMessageOrDefault() : answer.text();
        }
        ChatResult result = answer;
        turn.complete(() -> store(bot, turn.chatId(), incoming, reply, result));
    }

    @Override
    public void giveUp(ChatTurn turn, String reason) {
        bots.settings(turn.botId()).ifPresent(bot -> {
            List<Incoming> incoming = texts(turn.items());
            Long replyTo = incoming.isEmpty() ? null : incoming.getLast().telegramMessageId();
            outbox.enqueue(OutgoingReply.plain(bot.id(), turn.chatId(), bot.errorMessageOrDefault()).replyingTo(replyTo));
        });
    }

    private ChatResult ask(BotSettings bot, ChatTurn turn, List<Incoming> questions) {
        List<LlmMessage> messages = new ArrayList<>();
        if (bot.systemPrompt() != null) {
            messages.add(LlmMessage.system(bot.systemPrompt()));
        }
        chats.findChat(bot.id(), turn.chatId()).ifPresent(chatId -> {
            for (ChatRepository.MessageRow row : chats.recentMessages(chatId, HISTORY)) {
                messages.add(row.role().equals("USER") ? LlmMessage.user(row.text()) : LlmMessage.assistant(row.text()));
            }
        });
        questions.forEach(question -> messages.add(LlmMessage.user(question.text())));
        boolean fallback = turn.isLastAttempt() && bot.fallbackModelId() != null && turn.attempt() > 1;
        UUID model = fallback ? bot.fallbackModelId() : bot.modelId();
        if (fallback) {
            log.info("Bot {} chat {}: last attempt, answering with the fallback model {}", bot.id(), turn.chatId(), model);
        }
        try {
            return llm.chat(new ChatRequest(bot.ownerId(), new ModelId(model), messages, bot.temperature(), null,
                    new CallTags(bot.id(), turn.chatId(), questions.getLast().fromUserId())));
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.RETRYABLE) {
                throw TurnException.retryable(e.getMessage(), e.retryAfter().orElse(null), e);
            }
            throw TurnException.fatal(e.getMessage(), e);
        }
    }

    private void store(BotSettings bot, long telegramChatId, List<Incoming> incoming, String reply, ChatResult answer) {
        Instant now = clock.instant();
        Incoming last = incoming.getLast();
        UUID chatId = chats.upsertChat(bot.id(), telegramChatId, last.chatType(), last.chatTitle(), now);
        for (Incoming message : incoming) {
            chats.insertMessage(chatId, UUID.randomUUID(), "USER", message.text(), "TELEGRAM",
                    message.telegramMessageId(), message.fromUserId(), null, null, null, null, now);
        }
        UUID replyId = UUID.randomUUID();
        chats.insertMessage(chatId, replyId, "ASSISTANT", reply, "TELEGRAM", null, null,
                answer == null ? null : answer.model().value(), answer == null ? null : answer.inputTokens(),
                answer == null ? null : answer.outputTokens(), answer == null ? null : answer.latency().toMillis(), now);
        outbox.enqueue(OutgoingReply.plain(bot.id(), telegramChatId, reply)
                .replyingTo(incoming.size() == 1 ? null : last.telegramMessageId())
                .correlatedWith(replyId.toString()));
    }

    /** The turn's text messages in order; other updates (stickers, photos, callbacks) are not answered yet. */
    private List<Incoming> texts(List<InboxItem> items) {
        List<Incoming> texts = new ArrayList<>();
        for (InboxItem item : items) {
            if (!item.type().equals("message")) {
                continue;
            }
            JsonNode message = json.readTree(item.json()).path("message");
            JsonNode text = message.path("text");
            if (text.isString() && !text.asString().isBlank()) {
                JsonNode chat = message.path("chat");
                String title = chat.path("title").isString() ? chat.path("title").asString()
                        : chat.path("first_name").isString() ? chat.path("first_name").asString() : null;
                texts.add(new Incoming(message.path("message_id").asLong(), item.fromUserId(), text.asString(),
                        chat.path("type").asString("private"), title));
            }
        }
        return texts;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
