package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.llm.ChatResult;
import dev.switchboard.llm.LlmService;
import dev.switchboard.llm.ModelView;
import dev.switchboard.shared.ConflictException;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BotSettings;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The web playground: an owner talks to one of their bots from the browser, through the same turn
 * as Telegram (commands, budget, context, memory, usage, stored history with source {@code WEB}),
 * the answer streamed to the caller instead of going to the outbox.
 *
 * <p>Each user has one web chat per bot (chat type {@code web}). Its turns run one at a time: a
 * turn holds the chat (a time-limited claim on the chat row) from before the model call until its
 * writes commit; a message sent meanwhile is refused with 409, so the history stays in order on any
 * number of instances without holding a database connection through the model call.
 */
@Component
class Playground {

    /** The longest message the playground accepts, as Telegram's limit for one message. */
    static final int MAX_TEXT = 4096;
    /** How long a turn may hold its chat; only matters if the instance running it dies. */
    static final Duration TURN_CLAIM = Duration.ofMinutes(5);
    /** How many of the web chat's messages {@code GET} shows. */
    static final int HISTORY = 200;

    private final ConversationTurns turns;
    private final ChatRepository chats;
    private final BotService bots;
    private final LlmService llm;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Playground(ConversationTurns turns, ChatRepository chats, BotService bots, LlmService llm,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.turns = turns;
        this.chats = chats;
        this.bots = bots;
        this.llm = llm;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * The reply a turn produced.
     *
     * @param messageId the stored reply's id
     * @param text the reply
     * @param modelId the model that wrote it; null if no model was asked (a command, the budget message)
     * @param model the model's name, or null
     * @param inputTokens prompt tokens, or null
     * @param outputTokens answer tokens, or null
     * @param cost what the call cost, or null
     * @param latencyMs how long the model took, or null
     */
    record PlaygroundReply(UUID messageId, String text, UUID modelId, String model, Integer inputTokens,
            Integer outputTokens, BigDecimal cost, Long latencyMs) {
    }

    /**
     * The user's web chat with a bot.
     *
     * @param chatId the chat (as in {@code GET /api/chats/{id}/messages}), or null before the first message
     * @param messages its newest messages, oldest first
     */
    record PlaygroundHistory(UUID chatId, List<ChatRepository.MessageRow> messages) {
    }

    PlaygroundHistory history(UserId user, UUID botId) {
        bots.settings(user, botId);
        return chats.findAppChat(botId, ChatRepository.WEB_CHAT_TYPE, user.value(), "")
                .map(chat -> new PlaygroundHistory(chat.id(), chats.recentMessages(chat.id(), HISTORY)))
                .orElse(new PlaygroundHistory(null, List.of()));
    }

    /**
     * Starts a turn in the user's web chat with the bot: everything that can refuse the message
     * happens here, before anything is streamed.
     *
     * @throws dev.switchboard.shared.NotFoundException if the bot is not the user's
     * @throws ConflictException if the chat's previous turn is still running
     */
    Turn begin(UserId user, UUID botId) {
        BotSettings bot = bots.settings(user, botId);
        Instant now = clock.instant();
        ChatRepository.AppChat chat = chats.appChat(botId, ChatRepository.WEB_CHAT_TYPE, "Playground", user.value(), "", now);
        ChatRepository.ChatState state = chats.claimWebTurn(chat.id(), now, now.plus(TURN_CLAIM))
                .orElseThrow(() -> new ConflictException("The bot is still answering your previous message in this"
                        + " playground; send the next one when it is done"));
        return new Turn(bot, chat, state);
    }

    /** A started turn; {@link #run} it exactly once. */
    final class Turn {

        private final BotSettings bot;
        private final ChatRepository.AppChat chat;
        private final ChatRepository.ChatState state;

        private Turn(BotSettings bot, ChatRepository.AppChat chat, ChatRepository.ChatState state) {
            this.bot = bot;
            this.chat = chat;
            this.state = state;
        }

        /**
         * Answers {@code text}, handing each new piece of the model's answer to {@code deltas} as
         * it arrives; returns once the turn's writes are committed. On failure nothing of the turn
         * is stored (the model calls made are still recorded in the usage).
         *
         * @throws dev.switchboard.processing.TurnException if the model failed
         */
        PlaygroundReply run(String text, Consumer<String> deltas) {
            try {
                WebReplies channel = new WebReplies(bot, chat, deltas);
                turns.answer(bot, state, text, channel,
                        writes -> transactions.executeWithoutResult(status -> writes.run()));
                return channel.reply;
            } finally {
                chats.releaseWebTurn(chat.id());
            }
        }
    }

    /** The browser as a turn's channel: pieces of the answer go to the stream, the final reply is kept for the caller. */
    private final class WebReplies extends AppChatReplies {

        private final BotSettings bot;
        private PlaygroundReply reply;

        WebReplies(BotSettings bot, ChatRepository.AppChat chat, Consumer<String> deltas) {
            super(chats, bot, chat, deltas);
            this.bot = bot;
        }

        @Override
        public String source() {
            return "WEB";
        }

        @Override
        public void deliver(String text, UUID replyId) {
            reply = new PlaygroundReply(replyId, text, null, null, null, null, null, null);
        }

        @Override
        public void deliverAnswer(String text, UUID replyId, ChatResult answer) {
            String model = llm.findModel(bot.ownerId(), answer.model()).map(ModelView::modelName).orElse(null);
            reply = new PlaygroundReply(replyId, text, answer.model().value(), model, answer.inputTokens(),
                    answer.outputTokens(), answer.cost(), answer.latency().toMillis());
        }
    }
}
