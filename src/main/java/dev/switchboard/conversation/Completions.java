package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.llm.ChatResult;
import dev.switchboard.llm.LlmMessage;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BotSettings;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chat with a bot through the OpenAI-compatible API ({@code /v1/chat/completions}): a bot is a
 * model named by its username, and a request is answered by the bot's turn for callers
 * ({@link ConversationTurns#answerCaller}): its system prompt, model, fallback and budget.
 *
 * <p>Each user has an API chat per bot (chat type {@code api}), and one more per end user their
 * requests name in OpenAI's {@code user} field. Every request's last user message and its answer
 * are stored there with source {@code API}, so the owner sees the traffic and its cost like any
 * chat's. Requests are not serialized: the caller owns the conversation, so
 * concurrent requests (a workflow's parallel branches) are answered concurrently.
 */
@Component
class Completions {

    private final ConversationTurns turns;
    private final ChatRepository chats;
    private final BotService bots;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Completions(ConversationTurns turns, ChatRepository chats, BotService bots,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.turns = turns;
        this.chats = chats;
        this.bots = bots;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * A request's answer.
     *
     * @param text the answer (the budget message if the bot's budget is spent)
     * @param inputTokens prompt tokens, 0 if no model was asked
     * @param outputTokens answer tokens, 0 if no model was asked
     * @param cutShort whether the model's answer stopped at the output token limit
     */
    record Answer(String text, int inputTokens, int outputTokens, boolean cutShort) {
    }

    /** The bots the user may chat with here: their own. */
    List<BotSettings> bots(UserId user) {
        return bots.settingsOf(user);
    }

    /**
     * The user's bot called {@code model}: its username, with or without {@code @}, in any case.
     *
     * @throws NotFoundException if the user has no such bot
     */
    BotSettings bot(UserId user, String model) {
        String username = (model.startsWith("@") ? model.substring(1) : model).toLowerCase(Locale.ROOT);
        return bots.settingsOf(user).stream()
                .filter(bot -> bot.username().toLowerCase(Locale.ROOT).equals(username))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("model", "'" + model + "'"));
    }

    /**
     * Answers the caller's conversation with the bot, handing each new piece of the answer to
     * {@code deltas} as the model writes it; returns once the turn's writes are committed.
     *
     * @param endUser the request's {@code user} (the caller's own end user, whose exchanges get a chat
     *     of their own), or "" for none
     * @param conversation the caller's messages, oldest first; the last is the user's
     * @throws dev.switchboard.processing.TurnException if the model failed; nothing is stored then
     */
    Answer answer(UserId user, BotSettings bot, String endUser, List<LlmMessage> conversation, Double temperature,
            Integer maxOutputTokens, Consumer<String> deltas) {
        ChatRepository.AppChat chat = chats.appChat(bot.id(), ChatRepository.API_CHAT_TYPE,
                endUser.isEmpty() ? "API" : "API: " + endUser, user.value(), endUser, clock.instant());
        ApiReplies channel = new ApiReplies(bot, chat, deltas);
        turns.answerCaller(bot, conversation, temperature, maxOutputTokens, channel,
                writes -> transactions.executeWithoutResult(status -> writes.run()));
        return channel.answer;
    }

    /** The caller as a turn's channel: pieces of the answer go to the stream, the final answer is kept for the response. */
    private final class ApiReplies extends AppChatReplies {

        private Answer answer;

        ApiReplies(BotSettings bot, ChatRepository.AppChat chat, Consumer<String> deltas) {
            super(chats, bot, chat, deltas);
        }

        @Override
        public String source() {
            return "API";
        }

        @Override
        public void deliver(String text, UUID replyId) {
            answer = new Answer(text, 0, 0, false);
        }

        @Override
        public void deliverAnswer(String text, UUID replyId, ChatResult result) {
            answer = new Answer(text, result.inputTokens(), result.outputTokens(), result.cutShort());
        }
    }
}
