package dev.switchboard.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FakeLlmRequest;
import dev.switchboard.testing.FakeReply;
import dev.switchboard.testing.FakeTelegram.SentText;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TelegramUpdates;
import dev.switchboard.testing.TestBots;
import dev.switchboard.testing.TestBots.TestBot;
import dev.switchboard.testing.TestModels;
import dev.switchboard.testing.TestUsers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/** Memory, commands, groups and access: what a turn does with the chat's messages. */
class ConversationTest extends IntegrationTest {

    private static final AtomicLong IDS = new AtomicLong(810_000_000L);

    @Autowired
    JdbcClient jdbc;

    private Api owner;
    private UUID modelId;

    @BeforeEach
    void owner() {
        LLM.reset();
        owner = TestUsers.register(api()).api(api());
        modelId = TestModels.create(owner, LLM.baseUrl());
    }

    @AfterEach
    void resetModel() {
        LLM.reset();
    }

    @Test
    void eachTurnSendsTheSystemPromptThenTheHistoryThenTheNewMessage() {
        TestBot bot = bot(Map.of("systemPrompt", "Be kind."));
        long user = IDS.incrementAndGet();

        say(bot, user, "my name is Ada");
        say(bot, user, "what is my name?");

        assertThat(roles(requestFor("what is my name?"))).containsExactly(
                "system:Be kind.", "user:my name is Ada", "assistant:echo: my name is Ada", "user:what is my name?");
    }

    @Test
    void theUsersPersonalContextFollowsTheSystemPrompt() {
        TestBot bot = bot(Map.of("systemPrompt", "Be kind."));
        long user = IDS.incrementAndGet();
        Api other = TestUsers.register(api()).api(api());

        assertThat(owner.put("/api/bots/" + bot.id() + "/users/" + user + "/context",
                Map.of("text", "Ada, a premium customer since 2021")).status()).isEqualTo(204);
        assertThat(other.put("/api/bots/" + bot.id() + "/users/" + user + "/context", Map.of("text", "x")).status())
                .isEqualTo(404);
        say(bot, user, "hello");

        assertThat(roles(requestFor("hello"))).containsExactly("system:Be kind.",
                "system:About the user you are talking to: Ada, a premium customer since 2021", "user:hello");
        assertThat(owner.get("/api/bots/" + bot.id() + "/users").json().get(0).get("personalContext").asString())
                .isEqualTo("Ada, a premium customer since 2021");
    }

    @Test
    void resetStartsANewMemoryWindowButKeepsTheHistory() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();
        say(bot, user, "remember 42");

        deliver(bot, TelegramUpdates.privateCommand(user, "reset", ""));
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).isEqualTo(ConversationTurns.RESET_DONE);
        say(bot, user, "what did I ask you to remember?");

        assertThat(roles(requestFor("what did I ask you to remember?")))
                .containsExactly("user:what did I ask you to remember?");
        String chatId = owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("id").asString();
        assertThat(owner.get("/api/chats/" + chatId + "/messages").json().findValuesAsString("text"))
                .contains("remember 42", "/reset");
    }

    @Test
    void aResetAnsweredInOneTurnWithAQuestionLeavesTheSummaryOutToo() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();
        // The first answer is slow, so the reset and the question after it are answered in one turn.
        LLM.defaultReply(request -> request.lastUserText().equals("first")
                ? FakeReply.text("first answer").delay(Duration.ofMillis(1500))
                : FakeReply.text("echo: " + request.lastUserText()));
        say(bot, user, "I like trains");
        UUID chat = chatOf(bot);
        jdbc.sql("UPDATE conversation_chats SET summary = 'EARLIER: the user likes trains', summary_upto_seq ="
                        + " (SELECT max(seq) FROM conversation_messages WHERE chat_id = ?) WHERE id = ?")
                .params(chat, chat).update();

        deliver(bot, TelegramUpdates.privateText(user, "first"));
        await().until(() -> LLM.requests().stream().anyMatch(request -> request.lastUserText().equals("first")));
        deliver(bot, TelegramUpdates.privateCommand(user, "reset", ""));
        deliver(bot, TelegramUpdates.privateText(user, "what do you remember?"));

        assertThat(roles(requestFor("what do you remember?"))).containsExactly("user:what do you remember?");
    }

    @Test
    void startAndHelpAnswerFromTheBotsSettingsAndUnknownCommandsGetTheHelp() {
        TestBot bot = bot(Map.of("startMessage", "Welcome aboard!", "helpMessage", "Ask me about trains."));
        long user = IDS.incrementAndGet();

        deliver(bot, TelegramUpdates.privateCommand(user, "start", "link-token-123"));
        assertThat(TELEGRAM.awaitSentMessages(user, 1).get(0).text()).isEqualTo("Welcome aboard!");
        deliver(bot, TelegramUpdates.privateCommand(user, "help", ""));
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).isEqualTo("Ask me about trains.");
        deliver(bot, TelegramUpdates.privateCommand(user, "frobnicate", ""));
        assertThat(TELEGRAM.awaitSentMessages(user, 3).get(2).text()).isEqualTo("Ask me about trains.");

        assertThat(LLM.requests()).isEmpty();
    }

    @Test
    void modelListsTheAllowedModelsAndSwitchesThisChat() {
        UUID other = TestModels.create(owner, LLM.baseUrl(), "bigger-model");
        TestBot bot = bot(Map.of("allowedModelIds", List.of(other.toString())));
        long user = IDS.incrementAndGet();

        deliver(bot, TelegramUpdates.privateCommand(user, "model", ""));
        String list = TELEGRAM.awaitSentMessages(user, 1).get(0).text();
        assertThat(list).contains("1. test-model (current)", "2. bigger-model");
        deliver(bot, TelegramUpdates.privateCommand(user, "model", "2"));
        assertThat(TELEGRAM.awaitSentMessages(user, 2).get(1).text()).isEqualTo("Now answering with bigger-model.");
        say(bot, user, "which model?");

        assertThat(requestFor("which model?").model()).isEqualTo("bigger-model");
    }

    @Test
    void aModelOutsideTheAllowedListCannotBeChosen() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();

        deliver(bot, TelegramUpdates.privateCommand(user, "model", "gpt-9000"));

        assertThat(TELEGRAM.awaitSentMessages(user, 1).get(0).text())
                .startsWith("There is no model \"gpt-9000\" here.").contains("1. test-model (current)");
    }

    @Test
    void inAGroupTheBotAnswersOnlyWhenMentionedRepliedToOrCommanded() {
        TestBot bot = bot(Map.of());
        long group = -IDS.incrementAndGet();
        long user = IDS.incrementAndGet();

        deliver(bot, TelegramUpdates.groupText(group, user, "just chatting"));
        deliver(bot, TelegramUpdates.groupCommand(group, user, "help", "someone_else_bot", ""));
        deliver(bot, TelegramUpdates.groupMention(group, user, bot.username(), "what time is it?"));
        SentText first = TELEGRAM.awaitSentMessages(group, 1).get(0);
        awaitFinalText(group, 0, "echo: @" + bot.username() + " what time is it?");
        assertThat(first.replyToMessageId()).isNotNull();

        deliver(bot, TelegramUpdates.groupReplyToBot(group, user, "and tomorrow?", first.messageId(), bot.telegramId(),
                bot.username(), first.text()));
        awaitFinalText(group, 1, "echo: and tomorrow?");
        deliver(bot, TelegramUpdates.groupCommand(group, user, "help", bot.username(), ""));
        awaitFinalText(group, 2, ConversationTurns.DEFAULT_HELP);

        await().during(Duration.ofMillis(500)).untilAsserted(() -> assertThat(TELEGRAM.sentMessages(group)).hasSize(3));
        assertThat(roles(requestFor("and tomorrow?"))).doesNotContain("user:just chatting");
    }

    @Test
    void groupContextThatArrivesWithAQuestionInOneTurnIsInThePromptInOrder() {
        TestBot bot = bot(Map.of("recordGroupMessages", true));
        long group = -IDS.incrementAndGet();
        long user = IDS.incrementAndGet();
        String mention = "@" + bot.username() + " ";
        // The first answer is slow, so what arrives meanwhile is answered together in the next turn.
        LLM.defaultReply(request -> request.lastUserText().endsWith("first?")
                ? FakeReply.text("first answer").delay(Duration.ofMillis(1500))
                : FakeReply.text("echo: " + request.lastUserText()));

        deliver(bot, TelegramUpdates.groupMention(group, user, bot.username(), "first?"));
        await().until(() -> !LLM.requests().isEmpty());
        deliver(bot, TelegramUpdates.groupText(group, user, "the meeting moved to three"));
        deliver(bot, TelegramUpdates.groupMention(group, user, bot.username(), "when is it?"));

        TELEGRAM.awaitSentMessages(group, 2);
        assertThat(roles(requestFor(mention + "when is it?"))).endsWith("user:the meeting moved to three",
                "user:" + mention + "when is it?");
    }

    @Test
    void groupMessagesAreKeptAsContextWhenTheOwnerWantsIt() {
        TestBot bot = bot(Map.of("recordGroupMessages", true));
        long group = -IDS.incrementAndGet();
        long user = IDS.incrementAndGet();

        deliver(bot, TelegramUpdates.groupText(group, user, "the meeting is at noon"));
        deliver(bot, TelegramUpdates.groupMention(group, user, bot.username(), "when is the meeting?"));

        TELEGRAM.awaitSentMessages(group, 1);
        assertThat(roles(requestFor("@" + bot.username() + " when is the meeting?")))
                .contains("user:the meeting is at noon");
    }

    @Test
    void usersOutsideTheAllowedListGetOnePoliteRefusalAndNoModelCall() {
        long allowed = IDS.incrementAndGet();
        long stranger = IDS.incrementAndGet();
        TestBot bot = bot(Map.of("allowedTelegramUserIds", List.of(allowed)));

        deliver(bot, TelegramUpdates.privateText(stranger, "hello?"));
        assertThat(TELEGRAM.awaitSentMessages(stranger, 1).get(0).text()).isEqualTo(ConversationTurns.REFUSAL);
        deliver(bot, TelegramUpdates.privateText(stranger, "hello??"));
        say(bot, allowed, "hi, it's me");

        await().during(Duration.ofMillis(500)).untilAsserted(() -> assertThat(TELEGRAM.sentMessages(stranger)).hasSize(1));
        assertThat(LLM.requests()).extracting(FakeLlmRequest::lastUserText).containsExactly("hi, it's me");
    }

    @Test
    void aLongChatKeepsTheNewestMessagesWithinTheWindowAndASummaryOfTheRest() {
        UUID small = TestModels.createWithWindow(owner, LLM.baseUrl(), "small-model", 400);
        TestBot bot = TestBots.create(owner, TELEGRAM, small, "webhook", Map.of("systemPrompt", "Be brief."));
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> request.messages().getFirst().text().equals(ConversationTurns.SUMMARY_PROMPT)
                ? FakeReply.text("SUMMARY: the user counted sheep.")
                : FakeReply.text("ok " + request.lastUserText().split(" ")[1]));

        for (int i = 1; i <= 20; i++) {
            say(bot, user, "sheep " + i + " jumps over the fence and lands softly in the green meadow");
        }

        FakeLlmRequest last = requestFor("sheep 20 jumps over the fence and lands softly in the green meadow");
        int tokens = last.messages().stream().mapToInt(m -> ContextWindow.tokens(m.text())).sum();
        assertThat(tokens).isLessThanOrEqualTo(400 - ContextWindow.replyBudget(400));
        List<String> roles = roles(last);
        assertThat(roles.get(0)).isEqualTo("system:Be brief.");
        assertThat(roles.get(1)).isEqualTo("system:Summary of the earlier conversation: SUMMARY: the user counted sheep.");
        assertThat(roles.getLast()).startsWith("user:sheep 20 ");
        assertThat(roles.get(roles.size() - 2)).isEqualTo("assistant:ok 19");
        assertThat(roles).noneMatch(role -> role.startsWith("user:sheep 1 "));
        assertThat(LLM.requests()).anyMatch(r -> r.messages().getFirst().text().equals(ConversationTurns.SUMMARY_PROMPT));
    }

    @Test
    void messagesPastTheHistoryLimitGoIntoTheSummaryThoughTheWindowCouldHoldThem() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> isSummary(request) ? FakeReply.text("SUMMARY: notes were taken.")
                : FakeReply.text("echo: " + request.lastUserText()));
        say(bot, user, "start taking notes");
        UUID chat = chatOf(bot);
        // Short notes: the window (8192 tokens) holds all of them, the history limit does not.
        int notes = ConversationTurns.HISTORY_LIMIT + 50;
        seed(chat, notes, i -> "note " + i);

        say(bot, user, "what now?");

        List<String> roles = roles(requestFor("what now?"));
        assertThat(roles).hasSize(1 + ConversationTurns.HISTORY_LIMIT + 1);
        assertThat(roles.getFirst()).isEqualTo("system:Summary of the earlier conversation: SUMMARY: notes were taken.");
        assertThat(roles.get(1)).isEqualTo("user:note 51");
        assertThat(roles.get(roles.size() - 2)).isEqualTo("assistant:note " + notes);
        String transcript = LLM.requests().stream().filter(ConversationTest::isSummary).toList().getLast()
                .lastUserText();
        assertThat(transcript).contains("User: start taking notes\n", "User: note 1\n", "Assistant: note 50\n")
                .doesNotContain("note 51\n");
        assertThat(jdbc.sql("SELECT m.text FROM conversation_chats c JOIN conversation_messages m"
                        + " ON m.chat_id = c.id AND m.seq = c.summary_upto_seq WHERE c.id = ?")
                .param(chat).query(String.class).single()).isEqualTo("note 50");
    }

    @Test
    void messagesTheSummaryStandsForDoNotComeBackWhenALargerWindowCouldHoldThem() {
        UUID small = TestModels.createWithWindow(owner, LLM.baseUrl(), "small-model", 400);
        UUID large = TestModels.create(owner, LLM.baseUrl(), "large-model");
        TestBot bot = TestBots.create(owner, TELEGRAM, small, "webhook",
                Map.of("allowedModelIds", List.of(large.toString())));
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> isSummary(request) ? FakeReply.text("SUMMARY: the user counted sheep.")
                : FakeReply.text("ok " + request.lastUserText().split(" ")[0]));
        for (int i = 1; i <= 12; i++) {
            say(bot, user, "sheep " + i + " jumps over the fence and lands softly in the green meadow");
        }
        assertThat(LLM.requests()).anyMatch(ConversationTest::isSummary);
        deliver(bot, TelegramUpdates.privateCommand(user, "model", "2"));
        TELEGRAM.awaitSentMessages(user, 13);

        say(bot, user, "how many sheep?");

        FakeLlmRequest asked = requestFor("how many sheep?");
        assertThat(asked.model()).isEqualTo("large-model");
        List<String> roles = roles(asked);
        assertThat(roles.getFirst()).isEqualTo("system:Summary of the earlier conversation: SUMMARY: the user counted sheep.");
        List<String> unsummarized = jdbc.sql("SELECT m.role, m.text FROM conversation_messages m"
                        + " JOIN conversation_chats c ON c.id = m.chat_id"
                        + " WHERE c.bot_id = ? AND m.seq > c.summary_upto_seq AND m.seq < (SELECT seq"
                        + " FROM conversation_messages WHERE chat_id = c.id AND text = 'how many sheep?') ORDER BY m.seq")
                .param(bot.id()).query((rs, row) -> rs.getString("role").toLowerCase(java.util.Locale.ROOT) + ":"
                        + rs.getString("text")).list();
        assertThat(roles.subList(1, roles.size())).containsExactlyElementsOf(
                java.util.stream.Stream.concat(unsummarized.stream(), java.util.stream.Stream.of("user:how many sheep?"))
                        .toList());
        assertThat(roles).noneMatch(role -> role.startsWith("user:sheep 1 "));
    }

    @Test
    void aSummaryTooLongToRewriteWholeKeepsTheEarlierSummaryAndDropsTheOldestMessages() {
        UUID small = TestModels.createWithWindow(owner, LLM.baseUrl(), "small-model", 400);
        TestBot bot = TestBots.create(owner, TELEGRAM, small, "webhook", Map.of());
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> isSummary(request) ? FakeReply.text("SUMMARY: Ada counted sheep.")
                : FakeReply.text("ok"));
        say(bot, user, "hello");
        UUID chat = chatOf(bot);
        jdbc.sql("UPDATE conversation_chats SET summary = 'EARLIER: the user is called Ada', summary_upto_seq ="
                        + " (SELECT max(seq) FROM conversation_messages WHERE chat_id = ?) WHERE id = ?")
                .params(chat, chat).update();
        // Far more than a 400-token window holds, so the summary's transcript must be cut.
        seed(chat, 40, i -> "sheep " + i + " jumps over the fence and lands softly in the green meadow");

        say(bot, user, "next");

        String transcript = LLM.requests().stream().filter(ConversationTest::isSummary).toList().getLast()
                .lastUserText();
        assertThat(transcript).startsWith("Earlier summary: EARLIER: the user is called Ada\n\n")
                .doesNotContain("sheep 1 jumps");
        int room = 400 - ContextWindow.replyBudget(400) - ContextWindow.tokens(ConversationTurns.SUMMARY_PROMPT);
        assertThat(ContextWindow.tokens(transcript)).isLessThanOrEqualTo(room);
        List<String> roles = roles(requestFor("next"));
        assertThat(roles.getFirst()).isEqualTo("system:Summary of the earlier conversation: SUMMARY: Ada counted sheep.");
        // The transcript ends where the window begins: with the message just before the oldest one kept.
        java.util.regex.Matcher oldestKept = java.util.regex.Pattern.compile("sheep (\\d+) ").matcher(roles.get(1));
        assertThat(oldestKept.find()).isTrue();
        assertThat(transcript.strip().lines().toList().getLast())
                .contains("sheep " + (Integer.parseInt(oldestKept.group(1)) - 1) + " jumps");
    }

    @Test
    void eachMessageIsCountedWhenStoredAndTurnsGoByThatCount() {
        UUID small = TestModels.createWithWindow(owner, LLM.baseUrl(), "small-model", 400);
        TestBot bot = TestBots.create(owner, TELEGRAM, small, "webhook", Map.of());
        long user = IDS.incrementAndGet();
        say(bot, user, "the first thing I said");
        say(bot, user, "and then a second, somewhat longer thing I said");

        var stored = jdbc.sql("SELECT m.text, m.text_tokens FROM conversation_messages m"
                        + " JOIN conversation_chats c ON c.id = m.chat_id WHERE c.bot_id = ? ORDER BY m.seq")
                .params(bot.id()).query().listOfRows();
        assertThat(stored).hasSize(4).allSatisfy(row -> assertThat(row.get("text_tokens"))
                .isEqualTo(ContextWindow.textTokens((String) row.get("text"))));

        // A turn reads the stored count, not the text: the first message now counts as more than the
        // window holds and drops out. The second has no count (as if stored before counts were) and
        // is counted as it is read.
        jdbc.sql("UPDATE conversation_messages SET text_tokens = CASE WHEN text LIKE 'the first%' THEN 1000 END"
                        + " WHERE text IN ('the first thing I said', 'and then a second, somewhat longer thing I said')"
                        + " AND chat_id IN (SELECT id FROM conversation_chats WHERE bot_id = ?)")
                .params(bot.id()).update();
        say(bot, user, "what did I say?");

        assertThat(roles(requestFor("what did I say?"))).doesNotContain("user:the first thing I said")
                .containsSubsequence("assistant:echo: the first thing I said",
                        "user:and then a second, somewhat longer thing I said",
                        "assistant:echo: and then a second, somewhat longer thing I said", "user:what did I say?");
    }

    @Test
    void aBotThatSpentItsMonthlyBudgetAnswersWithTheBudgetMessageAndTheOwnerIsToldOnce() {
        TestBot bot = bot(Map.of("monthlyBudget", 0.01, "budgetMessage", "Out of credit for now."));
        long user = IDS.incrementAndGet();
        // test-model costs 1 and 2 per million tokens: this call costs 0.005 + 0.01.
        LLM.defaultReply(request -> FakeReply.text("a costly answer").tokens(5000, 5000));

        say(bot, user, "first question");
        say(bot, user, "second question");
        say(bot, user, "third question");

        assertThat(TELEGRAM.sentMessages(user)).extracting(SentText::text)
                .containsExactly("a costly answer", "Out of credit for now.", "Out of credit for now.");
        assertThat(LLM.requests()).hasSize(1);
        var budget = owner.get("/api/bots/" + bot.id() + "/budget").json();
        assertThat(budget.get("spent").decimalValue()).isEqualByComparingTo("0.015");
        assertThat(budget.get("reached").asBoolean()).isTrue();
        assertThat(budget.get("ownerToldAt").isNull()).isFalse();
    }

    @Test
    void aPrivateReplyStreamsAsADraftAtMostOnceASecondThenArrivesAsOneMessage() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> FakeReply.chunks(words(30)).chunkDelay(Duration.ofMillis(100)));

        say(bot, user, "tell me a long story");

        var drafts = TELEGRAM.calls("sendMessageDraft").stream().filter(call -> call.chatId() == user).toList();
        assertThat(drafts).hasSizeBetween(1, 5);
        for (int i = 1; i < drafts.size(); i++) {
            assertThat(Duration.between(drafts.get(i - 1).at(), drafts.get(i).at())).isGreaterThan(Duration.ofMillis(950));
        }
        assertThat(drafts).extracting(call -> call.param("draft_id")).containsOnly(drafts.getFirst().param("draft_id"));
        assertThat(TELEGRAM.sentMessages(user)).singleElement()
                .satisfies(message -> assertThat(message.text()).isEqualTo(String.join("", words(30)).strip()));
        // Typing is sent beside the model call, but never lands after the text it announces.
        var typing = TELEGRAM.calls("sendChatAction").stream().filter(call -> call.chatId() == user).toList();
        assertThat(typing).isNotEmpty();
        assertThat(TELEGRAM.calls().indexOf(typing.getFirst())).isLessThan(TELEGRAM.calls().indexOf(drafts.getFirst()));
    }

    @Test
    void aReplyThatIsCompleteAtOnceGoesOutWithoutADraftBeforeIt() {
        TestBot bot = bot(Map.of());
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> FakeReply.chunks("a quick ", "answer"));

        say(bot, user, "hi");

        assertThat(TELEGRAM.sentMessages(user)).singleElement()
                .satisfies(message -> assertThat(message.text()).isEqualTo("a quick answer"));
        assertThat(TELEGRAM.calls("sendMessageDraft").stream().filter(call -> call.chatId() == user)).isEmpty();
    }

    @Test
    void aGroupReplyStreamsIntoOneMessageEditedWithinTheGroupLimitAndEndsWithTheWholeText() {
        TestBot bot = bot(Map.of());
        long group = -IDS.incrementAndGet();
        long user = IDS.incrementAndGet();
        LLM.defaultReply(request -> FakeReply.chunks(words(40)).chunkDelay(Duration.ofMillis(200)));

        deliver(bot, TelegramUpdates.groupMention(group, user, bot.username(), "story please"));

        SentText streamed = TELEGRAM.awaitSentMessages(group, 1).getFirst();
        String whole = String.join("", words(40)).strip();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> TELEGRAM.messageText(group, streamed.messageId()).orElse(""), whole::equals);
        var edits = TELEGRAM.calls("editMessageText").stream().filter(call -> call.chatId() == group).toList();
        var writes = new java.util.ArrayList<java.time.Instant>();
        writes.add(streamed.at());
        edits.forEach(edit -> writes.add(edit.at()));
        // Streamed updates at most every 3 s; only the final edit may follow sooner.
        for (int i = 1; i < writes.size() - 1; i++) {
            assertThat(Duration.between(writes.get(i - 1), writes.get(i))).isGreaterThan(Duration.ofMillis(2900));
        }
        assertThat(writes.size()).isLessThanOrEqualTo(20);
        assertThat(TELEGRAM.sentMessages(group)).hasSize(1);
    }

    /** Waits for the chat's {@code index}-th message to exist and, after any streaming edits, to read {@code text}. */
    private static void awaitFinalText(long chatId, int index, String text) {
        long messageId = TELEGRAM.awaitSentMessages(chatId, index + 1).get(index).messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> TELEGRAM.messageText(chatId, messageId).orElse(""),
                text::equals);
    }

    private static String[] words(int count) {
        String[] words = new String[count];
        for (int i = 0; i < count; i++) {
            words[i] = "word" + i + " ";
        }
        return words;
    }

    private static boolean isSummary(FakeLlmRequest request) {
        return request.messages().getFirst().text().equals(ConversationTurns.SUMMARY_PROMPT);
    }

    private UUID chatOf(TestBot bot) {
        return UUID.fromString(owner.get("/api/bots/" + bot.id() + "/chats").json().get(0).get("id").asString());
    }

    /** Stores {@code count} messages in the chat, user and assistant by turns, the user's first. */
    private void seed(UUID chat, int count, java.util.function.IntFunction<String> text) {
        for (int i = 1; i <= count; i++) {
            jdbc.sql("INSERT INTO conversation_messages (id, chat_id, role, text, source, created_at)"
                            + " VALUES (?, ?, ?, ?, 'TELEGRAM', now())")
                    .params(UUID.randomUUID(), chat, i % 2 == 1 ? "USER" : "ASSISTANT", text.apply(i)).update();
        }
    }

    private TestBot bot(Map<String, Object> settings) {
        return TestBots.create(owner, TELEGRAM, modelId, "webhook", settings);
    }

    private void deliver(TestBot bot, ObjectNode update) {
        assertThat(TELEGRAM.deliverToWebhook(bot.token(), update)).isEqualTo(200);
    }

    /** Sends a private message and waits for its reply. */
    private void say(TestBot bot, long user, String text) {
        int before = TELEGRAM.sentMessages(user).size();
        deliver(bot, TelegramUpdates.privateText(user, text));
        TELEGRAM.awaitSentMessages(user, before + 1);
    }

    private FakeLlmRequest requestFor(String text) {
        return await().until(() -> LLM.requests().stream().filter(r -> r.lastUserText().equals(text)).findFirst(),
                java.util.Optional::isPresent).get();
    }

    private static List<String> roles(FakeLlmRequest request) {
        return request.messages().stream().map(m -> m.role() + ":" + m.text()).toList();
    }
}
