package dev.switchboard.conversation;

import dev.switchboard.approval.ApprovalService;
import dev.switchboard.approval.ChatApproval;
import dev.switchboard.approval.DraftProposal;
import dev.switchboard.llm.CallTags;
import dev.switchboard.llm.ChatRequest;
import dev.switchboard.llm.ChatResult;
import dev.switchboard.llm.LlmException;
import dev.switchboard.llm.LlmMessage;
import dev.switchboard.llm.LlmService;
import dev.switchboard.llm.ModelId;
import dev.switchboard.llm.ModelView;
import dev.switchboard.processing.ChatTurn;
import dev.switchboard.processing.ChatTurnHandler;
import dev.switchboard.processing.TurnException;
import dev.switchboard.shared.JsonValues;
import dev.switchboard.telegram.Approval;
import dev.switchboard.processing.InboxItem;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.BusinessConnection;
import dev.switchboard.telegram.BotSettings;
import dev.switchboard.telegram.CallbackQuery;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import dev.switchboard.telegram.ReplyStream;
import dev.switchboard.telegram.ReplyStreamService;
import dev.switchboard.telegram.TelegramService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat's turn. The messages that arrived since the last turn are sorted out in order: commands
 * ({@code /start}, {@code /help}, {@code /reset}, {@code /model}; unknown ones get the help text) are
 * answered from the bot's settings, messages of users the bot does not serve get one polite refusal,
 * group messages that do not address the bot are only kept as context (if the owner wants that), and
 * the rest are answered together with one model call: the system prompt, the summary of what no
 * longer fits, as much recent history as fits the model's window, then the new messages.
 *
 * <p>Everything the turn writes (messages, memory changes, summary, outbox entries) goes into the
 * transaction that completes it, so a retried turn never leaves half an answer behind. On the last
 * attempt the bot's fallback model, if it has one, answers instead of the primary.
 */
@Component
class ConversationTurns implements ChatTurnHandler {

    private static final Logger log = LoggerFactory.getLogger(ConversationTurns.class);
    /**
     * The most stored messages a turn puts into the context window, however large the window: older
     * ones are cut like those that do not fit, and go into the summary.
     */
    static final int HISTORY_LIMIT = 400;
    /**
     * The most stored messages a turn reads: what the window holds and as many again that fell out of
     * it since the summary was last written. Only a summary lagging further behind (a chat whose
     * history grew past this before there were summaries) leaves its oldest messages out of it.
     */
    static final int HISTORY_READ = 2 * HISTORY_LIMIT;
    /** The summary is rewritten once this many messages have fallen out of the window since the last one. */
    static final int SUMMARY_REFRESH = 8;
    static final String DEFAULT_START = "Hello! Send me a message and I will answer.";
    static final String DEFAULT_HELP = """
            Write to me and I answer.
            /reset starts a fresh conversation (I forget what we said before)
            /model shows or changes the model I answer with
            /help shows this message""";
    static final String REFUSAL = "Sorry, this bot only answers the people its owner allowed.";
    static final String BUDGET_SPENT = "This assistant has used up its budget for this month. Please try again later.";
    static final String RESET_DONE = "Done: I have forgotten our conversation. Let's start over.";
    static final String SUMMARY_PROMPT = "Summarize the conversation so far in a few sentences for your own memory:"
            + " keep names, facts, preferences, decisions and open questions. Write in the conversation's language.";

    private final BotService bots;
    private final LlmService llm;
    private final OutboxService outbox;
    private final ReplyStreamService streams;
    private final ChatRepository chats;
    private final ApprovalService approvals;
    private final CallbackPresses callbacks;
    private final TelegramService telegram;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    ConversationTurns(BotService bots, LlmService llm, OutboxService outbox, ReplyStreamService streams,
            ChatRepository chats, ApprovalService approvals, CallbackPresses callbacks, TelegramService telegram,
            ApplicationEventPublisher events, JsonMapper json, Clock clock) {
        this.bots = bots;
        this.llm = llm;
        this.outbox = outbox;
        this.streams = streams;
        this.chats = chats;
        this.approvals = approvals;
        this.callbacks = callbacks;
        this.telegram = telegram;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** What the turn decided, written when it completes. */
    private static final class Plan {
        final List<IncomingMessage> record = new ArrayList<>();
        final List<String> replies = new ArrayList<>();
        final List<Long> refuse = new ArrayList<>();
        final List<IncomingMessage> questions = new ArrayList<>();
        /** Group messages not addressed to the bot, kept as context. */
        final List<IncomingMessage> context = new ArrayList<>();
        final List<StartPayloadReceived> startPayloads = new ArrayList<>();
        final List<CallbackQuery> presses = new ArrayList<>();
        /** {@code /start <link token>} and {@code /unlink} in private chats: account links, answered when the turn completes. */
        final List<IncomingMessage> accountCommands = new ArrayList<>();
        boolean reset;
        UUID switchModel;
        ChatResult answer;
        String summary;
        long summaryUpto;
        BudgetReached budgetReached;
        IncomingMessage last;
        /** The chat's approval mode: review turns the model's answer into a draft, off answers nothing. */
        Approval mode = Approval.AUTO;
        /** What approval says about the bot's own chat (edits in progress, a waiting clarification); null in business lanes. */
        ChatApproval approval;
        /** A new message the bot should answer arrived: a draft still waiting in the chat is stale. */
        boolean supersedes;
        /** {@code /confirm} (true) and {@code /cancel} (false), with who sent them, in order. */
        final List<Map.Entry<Long, Boolean>> confirmations = new ArrayList<>();
        /** Texts that answer a clarification request waiting in the chat. */
        final List<IncomingMessage> clarifications = new ArrayList<>();
        /** The business connection of this lane, or null for the bot's own chat. */
        String businessConnectionId;
        /** Business lanes: the person's own messages among {@link #record} (kept as the assistant's side). */
        final java.util.Set<IncomingMessage> own = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        /** Business lanes: edits (id and new text) Telegram reported. */
        final List<IncomingMessage> edits = new ArrayList<>();
        /** Business lanes: ids of messages Telegram reported deleted. */
        final List<Long> deletions = new ArrayList<>();
        /** The owner's new text for a draft they pressed Edit on in Telegram (not a message for the model). */
        final List<IncomingMessage> editedTexts = new ArrayList<>();
    }

    @Override
    public void handle(ChatTurn turn) {
        Optional<BotSettings> found = bots.settings(turn.botId());
        if (found.isEmpty() || !found.get().enabled()) {
            return; // deleted or disabled since the update arrived: nothing to answer
        }
        BotSettings bot = found.get();
        // A business chat has the customer's id as its chat id, like the customer's own chat with the
        // bot, so one turn may hold both: each lane (the bot's own chat, each business connection) is
        // its own conversation, all written when the turn completes.
        Map<String, List<InboxItem>> lanes = new LinkedHashMap<>();
        for (InboxItem item : turn.items()) {
            lanes.computeIfAbsent(businessConnectionOf(item), lane -> new ArrayList<>()).add(item);
        }
        List<Runnable> writes = new ArrayList<>();
        for (Map.Entry<String, List<InboxItem>> lane : lanes.entrySet()) {
            Runnable write = lane.getKey().equals(ChatRepository.DIRECT) ? direct(bot, turn, lane.getValue())
                    : business(bot, turn, lane.getKey(), lane.getValue());
            if (write != null) {
                writes.add(write);
            }
        }
        if (writes.isEmpty()) {
            return;
        }
        turn.complete(() -> writes.forEach(Runnable::run));
    }

    /** The bot's own chat: commands, access, groups, and the model's answer. Returns the writes, or null for none. */
    private Runnable direct(BotSettings bot, ChatTurn turn, List<InboxItem> items) {
        Optional<ChatRepository.ChatState> state = chats.findState(bot.id(), turn.chatId());
        Plan plan = new Plan();
        plan.approval = approvals.inChat(bot, turn.chatId());
        plan.mode = plan.approval.mode();
        for (var item : items) {
            IncomingMessage.of(item, json).ifPresent(message -> sort(bot, turn, state, message, plan));
            callbacks.parse(bot.id(), bot.ownerId(), item).ifPresent(plan.presses::add);
        }
        if (plan.mode == Approval.OFF) {
            // The bot stays silent in this chat (its owner answers it, say): messages are only recorded.
            // Account commands and button presses are the owner's business and still work.
            plan.replies.clear();
            plan.refuse.clear();
            plan.questions.clear();
            plan.confirmations.clear();
            plan.clarifications.clear();
            plan.reset = false;
            plan.switchModel = null;
        }
        boolean messages = !(plan.record.isEmpty() && plan.replies.isEmpty() && plan.refuse.isEmpty()
                && plan.editedTexts.isEmpty());
        if (!messages && plan.presses.isEmpty()) {
            return null;
        }
        TelegramReplies channel = new TelegramReplies(bot, turn.chatId(), plan);
        if (!plan.questions.isEmpty() && !overBudget(bot, plan)) {
            ask(bot, state, plan, channel, lastChance(bot, turn));
        }
        return () -> {
            if (messages) {
                store(bot, channel, state, plan);
            }
            // Button presses: the routing point the approval module (and any other) plugs into.
            callbacks.route(plan.presses);
        };
    }

    /**
     * A chat of a person's business account: the customer's messages are the questions, the
     * person's own messages are kept as the assistant's side and never trigger a reply (nor do the
     * customer's messages they already answered in the same batch), there are no commands, and the
     * answer goes out as the person, only if the connection is enabled, may reply and the customer
     * wrote within Telegram's 24-hour window; otherwise the messages are only kept, and why is logged.
     * Edits and deletions update the stored history.
     */
    private Runnable business(BotSettings bot, ChatTurn turn, String connectionId, List<InboxItem> items) {
        Optional<BusinessConnection> connection = telegram.businessConnection(bot.id(), connectionId);
        if (connection.isPresent() && !connection.get().enabled()) {
            return null; // disabled or removed: nothing more happens for it
        }
        Optional<ChatRepository.ChatState> state = chats.findState(bot.id(), connectionId, turn.chatId());
        Plan plan = new Plan();
        plan.businessConnectionId = connectionId;
        plan.mode = approvals.modeFor(bot, connectionId, turn.chatId());
        for (InboxItem item : items) {
            switch (item.type()) {
                case "business_message" -> IncomingMessage.of(item, json).ifPresent(message -> {
                    if (message.senderBusinessBotId() != null && message.senderBusinessBotId() == bot.telegramBotId()) {
                        return; // our own reply as the person, already stored when it was written
                    }
                    boolean own = connection.map(c -> Long.valueOf(c.telegramUserId()).equals(message.fromUserId()))
                            .orElse(message.fromUserId() == null || message.fromUserId() != turn.chatId());
                    plan.record.add(message);
                    plan.last = message;
                    if (own) {
                        plan.own.add(message);
                        plan.questions.clear(); // the person answered these themselves
                    } else {
                        plan.questions.add(message);
                    }
                });
                case "edited_business_message" -> edit(item).ifPresent(plan.edits::add);
                case "deleted_business_messages" -> plan.deletions.addAll(deletedIds(item));
                default -> {
                }
            }
        }
        if (plan.record.isEmpty() && plan.edits.isEmpty() && plan.deletions.isEmpty()) {
            return null;
        }
        // Anything new in the chat (the customer wrote again, or the person answered themselves) makes a
        // waiting draft stale.
        plan.supersedes = !plan.record.isEmpty();
        if (plan.mode == Approval.OFF) {
            plan.questions.clear(); // the person answers this chat themselves
        }
        if (!plan.questions.isEmpty()) {
            Optional<String> refusal = telegram.businessReplyRefusal(bot.id(), connectionId, turn.chatId());
            if (refusal.isPresent()) {
                log.info("Bot {} business chat {} ({}): not answering: {}", bot.id(), turn.chatId(), connectionId,
                        refusal.get());
                plan.questions.clear();
            } else if (overBudget(bot, plan)) {
                plan.replies.clear(); // the budget message is not sent as the person
            } else {
                ask(bot, state, plan, new TelegramReplies(bot, turn.chatId(), plan), lastChance(bot, turn));
            }
        }
        return () -> storeBusiness(bot, turn.chatId(), connectionId, state, plan);
    }

    private void storeBusiness(BotSettings bot, long telegramChatId, String connectionId,
            Optional<ChatRepository.ChatState> state, Plan plan) {
        Instant now = clock.instant();
        if (!plan.record.isEmpty() || plan.answer != null) {
            store(bot, new TelegramReplies(bot, telegramChatId, plan), state, plan);
        }
        Optional<UUID> chatId = plan.record.isEmpty() ? state.map(ChatRepository.ChatState::id)
                : chats.findState(bot.id(), connectionId, telegramChatId).map(ChatRepository.ChatState::id);
        chatId.ifPresent(id -> {
            plan.edits.forEach(edit -> chats.editMessage(id, edit.telegramMessageId(), edit.text(), now));
            if (!plan.deletions.isEmpty()) {
                chats.markDeleted(id, plan.deletions, now);
            }
        });
    }

    private Optional<IncomingMessage> edit(InboxItem item) {
        JsonNode message = json.readTree(item.json()).path("edited_business_message");
        JsonNode text = message.path("text");
        Long messageId = JsonValues.longOrNull(message.path("message_id"));
        if (!text.isString() || messageId == null) {
            return Optional.empty();
        }
        return Optional.of(new IncomingMessage(messageId, item.fromUserId(), null, null, null,
                text.asString(), "private", null, null, List.of()));
    }

    private List<Long> deletedIds(InboxItem item) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode id : json.readTree(item.json()).path("deleted_business_messages").path("message_ids")) {
            Long messageId = JsonValues.longOrNull(id);
            if (messageId != null) {
                ids.add(messageId);
            }
        }
        return ids;
    }

    /** The business connection an item came through, or {@link ChatRepository#DIRECT} for the bot's own chats. */
    private String businessConnectionOf(InboxItem item) {
        if (!item.type().startsWith("business_message") && !item.type().equals("edited_business_message")
                && !item.type().equals("deleted_business_messages")) {
            return ChatRepository.DIRECT;
        }
        JsonNode id = json.readTree(item.json()).path(item.type()).path("business_connection_id");
        return id.isString() && !id.asString().isEmpty() ? id.asString() : ChatRepository.DIRECT;
    }

    /** On a turn's last attempt the bot's fallback model, if it has one, answers instead of the primary. */
    private static boolean lastChance(BotSettings bot, ChatTurn turn) {
        return turn.isLastAttempt() && bot.fallbackModelId() != null && turn.attempt() > 1;
    }

    /**
     * The turn of one message written in the web playground: the same commands, budget, context and
     * stored history as a Telegram turn, answered through {@code channel} instead of the outbox
     * (always directly: the playground is where the owner tries the bot, so review mode does not
     * apply). The caller serializes the chat's turns and runs the {@code complete} writes in one
     * transaction.
     *
     * @param state the web chat's memory (the chat exists already)
     * @param text what the user wrote
     * @param channel where the reply goes
     * @param complete runs the turn's writes atomically (a transaction)
     */
    void answer(BotSettings bot, ChatRepository.ChatState state, String text, ReplyChannel channel,
            Consumer<Runnable> complete) {
        Plan plan = new Plan();
        IncomingMessage message = IncomingMessage.inApp(ChatRepository.WEB_CHAT_TYPE, text);
        plan.record.add(message);
        plan.last = message;
        Optional<ChatRepository.ChatState> known = Optional.of(state);
        Optional<IncomingMessage.Command> command = message.command();
        if (command.isPresent()) {
            command(bot, known, command.get(), plan);
        } else {
            plan.questions.add(message);
        }
        if (!plan.questions.isEmpty() && !overBudget(bot, plan)) {
            ask(bot, known, plan, channel, false);
        }
        complete.accept(() -> store(bot, channel, known, plan));
    }

    /**
     * The turn of one request to the OpenAI-compatible API. The caller sends the whole conversation
     * each time, as with OpenAI's API, so the context is the bot's system prompt and then the
     * caller's messages (the oldest left out if they do not fit the model's window) rather than the
     * stored memory. The budget applies as on Telegram; commands do not (a slash is just text). The
     * caller's last message and the answer are stored in the channel's chat. If the bot's model
     * fails with a retryable error before any of its answer was streamed, the bot's fallback model
     * answers instead.
     *
     * @param conversation the caller's messages, oldest first; the last is the user's
     * @param temperature the caller's sampling temperature, or null for the bot's
     * @param maxOutputTokens the caller's limit on the answer's tokens, or null for none
     * @param complete runs the turn's writes atomically (a transaction)
     * @throws TurnException if the model failed; nothing is stored then
     */
    void answerCaller(BotSettings bot, List<LlmMessage> conversation, Double temperature, Integer maxOutputTokens,
            ReplyChannel channel, Consumer<Runnable> complete) {
        Plan plan = new Plan();
        IncomingMessage message = IncomingMessage.inApp(ChatRepository.API_CHAT_TYPE, conversation.getLast().text());
        plan.record.add(message);
        plan.last = message;
        plan.questions.add(message);
        if (!overBudget(bot, plan)) {
            CallTags tags = new CallTags(bot.id(), channel.chatNumber(), null);
            Consumer<String> shown = channel.streamAnswer();
            StringBuilder written = new StringBuilder();
            Consumer<String> onPartialText = partial -> {
                written.append(partial);
                shown.accept(written.toString());
            };
            Double sampling = temperature != null ? temperature : bot.temperature();
            try {
                plan.answer = call(callerRequest(bot, bot.modelId(), conversation, sampling, maxOutputTokens, tags),
                        onPartialText);
            } catch (TurnException e) {
                if (!e.isRetryable() || bot.fallbackModelId() == null || !written.isEmpty()) {
                    throw e;
                }
                log.info("Bot {} API chat {}: the model failed ({}), answering with the fallback model {}", bot.id(),
                        channel.chatNumber(), e.getMessage(), bot.fallbackModelId());
                plan.answer = call(callerRequest(bot, bot.fallbackModelId(), conversation, sampling, maxOutputTokens,
                        tags), onPartialText);
            }
        }
        complete.accept(() -> store(bot, channel, Optional.empty(), plan));
    }

    /** The bot's system prompt, the caller's system messages, then as many of the caller's other messages as fit. */
    private ChatRequest callerRequest(BotSettings bot, UUID modelId, List<LlmMessage> conversation, Double temperature,
            Integer maxOutputTokens, CallTags tags) {
        ModelView model = llm.findModel(bot.ownerId(), new ModelId(modelId))
                .orElseThrow(() -> TurnException.fatal("The bot's model " + modelId + " no longer exists", null));
        List<LlmMessage> instructions = new ArrayList<>();
        if (bot.systemPrompt() != null) {
            instructions.add(LlmMessage.system(bot.systemPrompt()));
        }
        List<ContextWindow.Entry> earlier = new ArrayList<>();
        for (int i = 0; i < conversation.size() - 1; i++) {
            LlmMessage message = conversation.get(i);
            if (message.role() == LlmMessage.Role.SYSTEM) {
                instructions.add(message);
            } else {
                earlier.add(new ContextWindow.Entry(i, message.role().name(), message.text()));
            }
        }
        LlmMessage last = conversation.getLast();
        int fixedTokens = ContextWindow.tokens(last.text())
                + instructions.stream().mapToInt(m -> ContextWindow.tokens(m.text())).sum();
        List<LlmMessage> messages = new ArrayList<>(instructions);
        for (ContextWindow.Entry entry : ContextWindow.fit(earlier, model.contextWindow(), fixedTokens).kept()) {
            messages.add(entry.role().equals("USER") ? LlmMessage.user(entry.text()) : LlmMessage.assistant(entry.text()));
        }
        messages.add(last);
        return new ChatRequest(bot.ownerId(), model.id(), messages, temperature, maxOutputTokens, tags);
    }

    @Override
    public void giveUp(ChatTurn turn, String reason) {
        bots.settings(turn.botId()).ifPresent(bot -> {
            Long replyTo = null;
            boolean direct = false;
            for (var item : turn.items()) {
                Optional<IncomingMessage> message = IncomingMessage.of(item, json)
                        .filter(m -> m.businessConnectionId() == null);
                if (message.isPresent()) {
                    replyTo = message.get().telegramMessageId();
                    direct = true;
                }
            }
            if (!direct) {
                return; // only business chats: the bot never tells a customer, as the person, that it failed
            }
            outbox.enqueue(OutgoingReply.plain(bot.id(), turn.chatId(), bot.errorMessageOrDefault()).replyingTo(replyTo));
        });
    }

    private void sort(BotSettings bot, ChatTurn turn, Optional<ChatRepository.ChatState> state, IncomingMessage message,
            Plan plan) {
        Optional<IncomingMessage.Command> command = message.command();
        String me = bot.username().toLowerCase(Locale.ROOT);
        if (command.isPresent() && command.get().addressedTo() != null && !command.get().addressedTo().equals(me)) {
            return; // a command for another bot in the group
        }
        boolean addressed = !message.isGroup() || command.isPresent() || message.mentions().contains(me)
                || (message.replyToUserId() != null && message.replyToUserId() == bot.telegramBotId());
        if (isAccountCommand(message, command)) {
            // Before the allowed-users check: a link token is its own authorisation (the bot's owner
            // made it), and a linked user may always unlink. The token itself is never stored.
            plan.accountCommands.add(message);
            plan.record.add(command.get().name().equals("start") ? message.withText("/start " + TelegramService.LINK_TOKEN_PREFIX + "…")
                    : message);
            plan.last = message;
            return;
        }
        if (command.isEmpty() && !message.isGroup() && message.fromUserId() != null
                && plan.approval.awaitsEditedText(message.fromUserId())) {
            // The owner's edited text for a draft: approval's business, before the allowed-users check
            // (the owner is always allowed) and never part of this chat's conversation.
            plan.editedTexts.add(message);
            plan.last = message;
            return;
        }
        if (!addressed) {
            if (bot.recordGroupMessages()) {
                plan.record.add(message);
                plan.context.add(message);
            }
            return;
        }
        if (!bot.allows(message.fromUserId())) {
            if (message.fromUserId() != null && !plan.refuse.contains(message.fromUserId())
                    && !chats.wasRefused(bot.id(), message.fromUserId())) {
                plan.refuse.add(message.fromUserId());
                plan.last = message;
            }
            return;
        }
        plan.record.add(message);
        plan.last = message;
        if (command.isEmpty()) {
            if (plan.mode != Approval.OFF && plan.approval.clarificationWaits() && plan.clarifications.isEmpty()) {
                plan.clarifications.add(message);
                return;
            }
            plan.questions.add(message);
            plan.supersedes = true;
            return;
        }
        switch (command.get().name()) {
            case "confirm", "cancel" -> plan.confirmations.add(
                    Map.entry(message.fromUserId() == null ? 0L : message.fromUserId(), command.get().name().equals("confirm")));
            default -> {
                command(bot, state, command.get(), plan);
                if (command.get().name().equals("start") && !command.get().payload().isEmpty()) {
                    plan.startPayloads.add(new StartPayloadReceived(bot.id(), bot.ownerId(), turn.chatId(),
                            message.fromUserId(), command.get().payload()));
                }
            }
        }
    }

    /** Answers a command from the bot's settings, whichever channel it came through. */
    private void command(BotSettings bot, Optional<ChatRepository.ChatState> state, IncomingMessage.Command command,
            Plan plan) {
        switch (command.name()) {
            case "start" -> plan.replies.add(orDefault(bot.startMessage(), DEFAULT_START));
            case "reset" -> {
                plan.reset = true;
                plan.supersedes = true;
                plan.questions.clear();
                plan.context.clear();
                plan.replies.add(RESET_DONE);
            }
            case "model" -> plan.replies.add(model(bot, state, command.payload(), plan));
            default -> plan.replies.add(orDefault(bot.helpMessage(), DEFAULT_HELP));
        }
    }

    private static boolean isAccountCommand(IncomingMessage message, Optional<IncomingMessage.Command> command) {
        if (command.isEmpty() || !message.chatType().equals("private") || message.fromUserId() == null) {
            return false;
        }
        return command.get().name().equals("unlink") || (command.get().name().equals("start")
                && command.get().payload().startsWith(TelegramService.LINK_TOKEN_PREFIX));
    }

    /**
     * True if the bot's model calls this month already cost its budget; the questions then get the
     * budget message and the owner is told (once per month, when the turn completes).
     */
    private boolean overBudget(BotSettings bot, Plan plan) {
        if (bot.monthlyBudget() == null) {
            return false;
        }
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        BigDecimal spent = llm.botCost(bot.ownerId(), bot.id(), month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                now.plusSeconds(1));
        if (spent.compareTo(bot.monthlyBudget()) < 0) {
            return false;
        }
        plan.replies.add(orDefault(bot.budgetMessage(), BUDGET_SPENT));
        plan.questions.clear();
        plan.budgetReached = new BudgetReached(bot.id(), bot.ownerId(), month.toString(), bot.monthlyBudget(), spent);
        return true;
    }

    /** /model: lists the models the owner allowed for this bot, or switches the chat to one. */
    private String model(BotSettings bot, Optional<ChatRepository.ChatState> state, String choice, Plan plan) {
        List<ModelView> models = allowedModels(bot);
        UUID current = plan.switchModel != null ? plan.switchModel
                : state.map(ChatRepository.ChatState::modelId).filter(id -> models.stream()
                        .anyMatch(m -> m.id().value().equals(id))).orElse(bot.modelId());
        if (!choice.isEmpty()) {
            for (int i = 0; i < models.size(); i++) {
                ModelView model = models.get(i);
                if (choice.equals(Integer.toString(i + 1)) || choice.equalsIgnoreCase(model.modelName())) {
                    plan.switchModel = model.id().value();
                    return "Now answering with " + model.modelName() + ".";
                }
            }
        }
        StringBuilder text = new StringBuilder(choice.isEmpty() ? "" : "There is no model \"" + choice + "\" here.\n");
        text.append("Models you can use (send /model <number> to switch):");
        for (int i = 0; i < models.size(); i++) {
            ModelView model = models.get(i);
            text.append('\n').append(i + 1).append(". ").append(model.modelName())
                    .append(model.id().value().equals(current) ? " (current)" : "");
        }
        return text.toString();
    }

    private List<ModelView> allowedModels(BotSettings bot) {
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        ids.add(bot.modelId());
        ids.addAll(bot.allowedModelIds());
        List<ModelView> models = new ArrayList<>();
        for (UUID id : ids) {
            llm.findModel(bot.ownerId(), new ModelId(id)).ifPresent(models::add);
        }
        return models;
    }

    /** Asks the model (the fallback model if {@code fallback}), streaming the answer to the channel. */
    private void ask(BotSettings bot, Optional<ChatRepository.ChatState> state, Plan plan, ReplyChannel channel,
            boolean fallback) {
        UUID modelId = fallback ? bot.fallbackModelId() : chosenModel(bot, state, plan);
        if (fallback) {
            log.info("Bot {} chat {}: last attempt, answering with the fallback model {}", bot.id(), channel.chatNumber(),
                    modelId);
        }
        ModelView model = llm.findModel(bot.ownerId(), new ModelId(modelId))
                .orElseThrow(() -> TurnException.fatal("The bot's model " + modelId + " no longer exists", null));
        CallTags tags = new CallTags(bot.id(), channel.chatNumber(), plan.questions.getLast().fromUserId());

        // This turn's messages in arrival order: the questions and the group context that came with them.
        List<LlmMessage> fixed = new ArrayList<>();
        if (plan.businessConnectionId == null) {
            plan.record.stream().filter(m -> plan.questions.contains(m) || plan.context.contains(m))
                    .forEach(message -> fixed.add(LlmMessage.user(message.text())));
        } else {
            // The whole batch in order: the person's own messages are the assistant's side.
            plan.record.forEach(m -> fixed.add(plan.own.contains(m) ? LlmMessage.assistant(m.text()) : LlmMessage.user(m.text())));
        }
        Long asker = plan.questions.getLast().fromUserId();
        // A /reset in this batch starts the memory afresh: no history and no summary.
        Optional<ChatRepository.ChatState> remembered = state.filter(s -> !plan.reset);
        String summary = remembered.map(ChatRepository.ChatState::summary).orElse(null);
        // The messages the summary stands for never come back into the window, so they are not read.
        long summarizedUpto = remembered.map(ChatRepository.ChatState::summaryUptoSeq).orElse(0L);
        ChatRepository.Memory memory = chats.memory(bot.id(), asker,
                remembered.map(ChatRepository.ChatState::id).orElse(null),
                Math.max(remembered.map(ChatRepository.ChatState::memoryStartSeq).orElse(0L), summarizedUpto + 1),
                HISTORY_READ);
        String personal = memory.personalContext() == null ? null
                : "About the user you are talking to: " + memory.personalContext();
        int fixedTokens = fixed.stream().mapToInt(m -> ContextWindow.tokens(m.text())).sum()
                + (bot.systemPrompt() == null ? 0 : ContextWindow.tokens(bot.systemPrompt()))
                + (personal == null ? 0 : ContextWindow.tokens(personal));
        List<ContextWindow.Entry> history = memory.history();
        int summaryTokens = summary == null ? 0 : ContextWindow.tokens(summary);
        ContextWindow.Fit fit = ContextWindow.fit(history, model.contextWindow(), fixedTokens + summaryTokens,
                HISTORY_LIMIT);
        // Everything read comes after the summary: what did not fit is not in it yet.
        List<ContextWindow.Entry> unsummarized = fit.dropped();
        if (unsummarized.size() >= SUMMARY_REFRESH || (summary == null && !unsummarized.isEmpty())) {
            summary = summarize(bot, model, summary, unsummarized, tags);
            plan.summary = summary;
            plan.summaryUpto = unsummarized.getLast().seq();
            fit = ContextWindow.fit(history, model.contextWindow(), fixedTokens + ContextWindow.tokens(summary),
                    HISTORY_LIMIT);
        }

        List<LlmMessage> messages = new ArrayList<>();
        if (bot.systemPrompt() != null) {
            messages.add(LlmMessage.system(bot.systemPrompt()));
        }
        if (personal != null) {
            messages.add(LlmMessage.system(personal));
        }
        if (summary != null) {
            messages.add(LlmMessage.system("Summary of the earlier conversation: " + summary));
        }
        for (ContextWindow.Entry entry : fit.kept()) {
            messages.add(entry.role().equals("USER") ? LlmMessage.user(entry.text()) : LlmMessage.assistant(entry.text()));
        }
        messages.addAll(fixed);
        ChatRequest request = new ChatRequest(bot.ownerId(), model.id(), messages, bot.temperature(), null, tags);
        if (plan.mode == Approval.REVIEW || plan.businessConnectionId != null) {
            // A draft is not shown while it is written (nobody has approved it yet), and as the person
            // (business) the answer arrives whole: no growing messages.
            plan.answer = call(request);
            return;
        }
        Consumer<String> shown = channel.streamAnswer();
        StringBuilder written = new StringBuilder();
        plan.answer = call(request, partial -> {
            written.append(partial);
            shown.accept(written.toString());
        });
    }

    private String summarize(BotSettings bot, ModelView model, String previous, List<ContextWindow.Entry> dropped,
            CallTags tags) {
        // The transcript to summarize must itself fit the window. The earlier summary stays whole (it
        // holds the thread from the chat's start) and the oldest messages give way first.
        int room = model.contextWindow() - ContextWindow.replyBudget(model.contextWindow())
                - ContextWindow.tokens(SUMMARY_PROMPT) - ContextWindow.MESSAGE_OVERHEAD;
        String head = previous == null ? "" : "Earlier summary: " + previous + "\n\n";
        int left = room - ContextWindow.textTokens(head);
        ArrayDeque<String> lines = new ArrayDeque<>();
        for (int i = dropped.size() - 1; i >= 0; i--) {
            ContextWindow.Entry entry = dropped.get(i);
            String line = (entry.role().equals("USER") ? "User: " : "Assistant: ") + entry.text() + "\n";
            left -= ContextWindow.textTokens(line);
            if (left < 0 && !lines.isEmpty()) {
                break;
            }
            lines.addFirst(line);
        }
        String text = head + String.join("", lines);
        // A single message (or summary) longer than the window: keep its end.
        while (ContextWindow.tokens(text) > room && text.length() > 100) {
            text = text.substring(text.length() / 4);
        }
        ChatResult result = call(new ChatRequest(bot.ownerId(), model.id(),
                List.of(LlmMessage.system(SUMMARY_PROMPT), LlmMessage.user(text)), null, null, tags));
        return result.text().strip();
    }

    private UUID chosenModel(BotSettings bot, Optional<ChatRepository.ChatState> state, Plan plan) {
        if (plan.switchModel != null) {
            return plan.switchModel;
        }
        UUID chosen = state.map(ChatRepository.ChatState::modelId).orElse(null);
        boolean stillAllowed = chosen != null && (chosen.equals(bot.modelId()) || bot.allowedModelIds().contains(chosen));
        return stillAllowed ? chosen : bot.modelId();
    }

    private ChatResult call(ChatRequest request) {
        return call(request, null);
    }

    /** Calls the model, streaming its text to {@code onPartialText} if given; failures become TurnExceptions. */
    private ChatResult call(ChatRequest request, Consumer<String> onPartialText) {
        try {
            return onPartialText == null ? llm.chat(request) : llm.stream(request, onPartialText);
        } catch (LlmException e) {
            if (e.kind() == LlmException.Kind.RETRYABLE) {
                throw TurnException.retryable(e.getMessage(), e.retryAfter().orElse(null), e);
            }
            throw TurnException.fatal(e.getMessage(), e);
        }
    }

    private void store(BotSettings bot, ReplyChannel channel, Optional<ChatRepository.ChatState> state, Plan plan) {
        Instant now = clock.instant();
        long telegramChatId = channel.chatNumber();
        IncomingMessage latest = plan.last != null ? plan.last : plan.record.getLast();
        // The chat row comes with the first message when that is a user's (one round trip for both).
        IncomingMessage first = plan.record.isEmpty() ? null : plan.record.getFirst();
        boolean firstIsUsers = first != null && first.fromUserId() != null && !plan.own.contains(first);
        UUID chatId = firstIsUsers ? channel.chatWithUserMessage(first, now) : channel.chat(now);
        for (IncomingMessage message : firstIsUsers ? plan.record.subList(1, plan.record.size()) : plan.record) {
            boolean own = plan.own.contains(message);
            if (message.fromUserId() != null && !own) {
                chats.insertUserMessage(bot.id(), chatId, message, channel.source(), now);
            } else {
                chats.insertMessage(chatId, UUID.randomUUID(), own ? "ASSISTANT" : "USER", message.text(),
                        channel.source(), message.telegramMessageId() == 0 ? null : message.telegramMessageId(),
                        message.fromUserId(), now);
            }
        }
        for (Long refused : plan.refuse) {
            chats.upsertUser(bot.id(), new IncomingMessage(0, refused, null, null, null, "", latest.chatType(), null,
                    null, List.of()), now);
            if (chats.markRefused(bot.id(), refused, now)) {
                channel.deliver(REFUSAL, null);
            }
        }
        for (IncomingMessage command : plan.accountCommands) {
            String payload = command.command().map(IncomingMessage.Command::payload).orElse("");
            String reply = command.command().get().name().equals("unlink")
                    ? telegram.unlinkChat(bot.id(), command.fromUserId())
                    : telegram.link(bot.id(), telegramChatId, command.fromUserId(), command.username(),
                            command.firstName(), payload).orElseThrow();
            UUID replyId = UUID.randomUUID();
            chats.insertMessage(chatId, replyId, "ASSISTANT", reply, "TELEGRAM", null, null, now);
            enqueue(bot, telegramChatId, reply, replyId, latest);
        }
        for (String reply : plan.replies) {
            UUID replyId = UUID.randomUUID();
            chats.insertMessage(chatId, replyId, "ASSISTANT", reply, channel.source(), null, null, now);
            channel.deliver(reply, replyId);
        }
        if (plan.reset) {
            chats.resetMemory(chatId);
        }
        if (plan.switchModel != null) {
            chats.setModel(chatId, plan.switchModel);
        }
        if (plan.summary != null) {
            chats.saveSummary(chatId, plan.summary, plan.summaryUpto);
        }
        for (IncomingMessage edited : plan.editedTexts) {
            enqueue(bot, telegramChatId, approvals.completeEdit(bot.id(), telegramChatId, edited.fromUserId(),
                    edited.text()), null, edited);
        }
        for (Map.Entry<Long, Boolean> confirmation : plan.confirmations) {
            Long from = confirmation.getKey() == 0L ? null : confirmation.getKey();
            String said = approvals.confirmInChat(bot.id(), telegramChatId, from, confirmation.getValue());
            chats.insertMessage(chatId, UUID.randomUUID(), "ASSISTANT", said, "TELEGRAM", null, null, now);
            enqueue(bot, telegramChatId, said, null, latest);
        }
        for (IncomingMessage clarification : plan.clarifications) {
            approvals.clarifyInChat(bot.id(), telegramChatId, clarification.fromUserId(), clarification.text())
                    .ifPresent(said -> {
                        UUID replyId = UUID.randomUUID();
                        chats.insertMessage(chatId, replyId, "ASSISTANT", said, "TELEGRAM", null, null, now);
                        enqueue(bot, telegramChatId, said, replyId, clarification);
                    });
        }
        if (plan.supersedes && (plan.approval == null || plan.approval.draftWaits())) {
            approvals.supersedePending(bot.id(), plan.businessConnectionId, telegramChatId);
        }
        if (plan.answer != null && plan.mode == Approval.REVIEW) {
            // The draft enters the chat's history only once it is sent (DraftSent, see SentDrafts).
            ChatResult answer = plan.answer;
            String text = answer.text().isBlank() ? bot.errorMessageOrDefault() : answer.text();
            IncomingMessage asked = plan.questions.getLast();
            approvals.propose(new DraftProposal(bot.ownerId(), bot.id(), chatId, telegramChatId,
                    asked.isGroup() ? asked.telegramMessageId() : null, plan.businessConnectionId,
                    String.join("\n", plan.questions.stream().map(IncomingMessage::text).toList()), text,
                    answer.model().value(), answer.inputTokens(), answer.outputTokens(), answer.cost(),
                    answer.latency().toMillis()));
        } else if (plan.answer != null) {
            ChatResult answer = plan.answer;
            String text = answer.text().isBlank() ? bot.errorMessageOrDefault() : answer.text();
            UUID replyId = UUID.randomUUID();
            chats.insertReply(chatId, replyId, text, channel.source(), answer.model().value(), answer.inputTokens(),
                    answer.outputTokens(), answer.cost(), answer.latency().toMillis(), now);
            channel.deliverAnswer(text, replyId, answer);
        }
        plan.startPayloads.forEach(events::publishEvent);
        if (plan.budgetReached != null && chats.noteBudgetNotice(bot.id(), plan.budgetReached.month(), now)) {
            log.warn("Bot {} reached its monthly budget of {} (spent {})", bot.id(), plan.budgetReached.budget(),
                    plan.budgetReached.spent());
            events.publishEvent(plan.budgetReached);
        }
    }

    /**
     * Telegram as a turn's channel: the answer grows in the chat as the model writes it (a draft,
     * or an edited message in groups), replies go to the outbox (as the person, in a business chat).
     * In groups a reply quotes the message it answers; in private chats it stands alone.
     */
    private final class TelegramReplies implements ReplyChannel {

        private final BotSettings bot;
        private final long telegramChatId;
        private final Plan plan;
        private ReplyStream stream;

        TelegramReplies(BotSettings bot, long telegramChatId, Plan plan) {
            this.bot = bot;
            this.telegramChatId = telegramChatId;
            this.plan = plan;
        }

        @Override
        public String source() {
            return "TELEGRAM";
        }

        @Override
        public long chatNumber() {
            return telegramChatId;
        }

        @Override
        public Consumer<String> streamAnswer() {
            IncomingMessage asked = plan.questions.getLast();
            stream = streams.open(bot.id(), telegramChatId, !asked.isGroup(),
                    asked.isGroup() ? asked.telegramMessageId() : null);
            stream.typing();
            return stream::update;
        }

        @Override
        public UUID chat(Instant now) {
            return chats.upsertChat(telegramChat(), now);
        }

        @Override
        public UUID chatWithUserMessage(IncomingMessage message, Instant now) {
            return chats.upsertChatWithUserMessage(telegramChat(), message, source(), now);
        }

        private ChatRepository.TelegramChat telegramChat() {
            IncomingMessage latest = plan.last != null ? plan.last : plan.record.getLast();
            return plan.businessConnectionId == null
                    ? new ChatRepository.TelegramChat(bot.id(), ChatRepository.DIRECT, telegramChatId, latest.chatType(),
                            latest.chatTitle())
                    : new ChatRepository.TelegramChat(bot.id(), plan.businessConnectionId, telegramChatId, "business",
                            latest.chatTitle());
        }

        @Override
        public void deliver(String text, UUID replyId) {
            enqueue(bot, telegramChatId, text, replyId, plan.last != null ? plan.last : plan.record.getLast());
        }

        @Override
        public void deliverAnswer(String text, UUID replyId, ChatResult answer) {
            IncomingMessage asked = plan.questions.getLast();
            OutgoingReply reply = OutgoingReply.markdown(bot.id(), telegramChatId, text)
                    .replyingTo(asked.isGroup() ? asked.telegramMessageId() : null)
                    .viaBusinessConnection(plan.businessConnectionId)
                    .correlatedWith(replyId.toString());
            Optional<Long> streamed = stream == null ? Optional.empty() : stream.streamedMessageId();
            if (streamed.isPresent()) {
                outbox.enqueueAsEditOf(reply, streamed.get());
            } else {
                outbox.enqueue(reply);
            }
        }
    }

    /** In groups a reply quotes the message it answers; in private chats it stands alone. */
    private void enqueue(BotSettings bot, long chatId, String text, UUID replyId, IncomingMessage answering) {
        OutgoingReply reply = OutgoingReply.plain(bot.id(), chatId, text)
                .replyingTo(answering != null && answering.isGroup() ? answering.telegramMessageId() : null);
        outbox.enqueue(replyId == null ? reply : reply.correlatedWith(replyId.toString()));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
