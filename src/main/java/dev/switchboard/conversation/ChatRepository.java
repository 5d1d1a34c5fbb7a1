package dev.switchboard.conversation;

import dev.switchboard.shared.AsynchronousCommit;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code conversation_chats} and {@code conversation_messages}. */
@Repository
class ChatRepository {

    /** A chat as listed. */
    record ChatRow(UUID id, UUID botId, long telegramChatId, String type, String title, Instant createdAt,
            Instant lastMessageAt, long messages, String approval,
            @com.fasterxml.jackson.annotation.JsonIgnore String businessConnectionId) {

        /** The same chat with its own approval mode ({@code auto}, {@code review}, {@code off}; null: the bot's). */
        ChatRow withApproval(String mode) {
            return new ChatRow(id, botId, telegramChatId, type, title, createdAt, lastMessageAt, messages, mode,
                    businessConnectionId);
        }
    }

    /** Which bot, business connection ({@link #DIRECT} for the bot's own chats) and Telegram chat a chat is. */
    record ChatKey(UUID botId, String businessConnectionId, long telegramChatId) {
    }

    /** A stored message; {@code editedAt} and {@code deletedAt} are set when Telegram reported an edit or deletion. */
    record MessageRow(UUID id, String role, String text, String source, Long telegramMessageId, Long telegramUserId,
            UUID modelId, Integer inputTokens, Integer outputTokens, BigDecimal cost, Long latencyMs, Instant createdAt,
            Instant editedAt, Instant deletedAt) {
    }

    /** The key of the bot's own chats in {@code business_connection_id}. */
    static final String DIRECT = "";

    /** A chat's memory: where its window starts, its /model choice and the summary of what no longer fits. */
    record ChatState(UUID id, long memoryStartSeq, UUID modelId, String summary, long summaryUptoSeq) {
    }

    /** The {@code type} of a web playground chat. */
    static final String WEB_CHAT_TYPE = "web";
    /** The {@code type} of a chat through the OpenAI-compatible API ({@code /v1/chat/completions}). */
    static final String API_CHAT_TYPE = "api";

    private final JdbcClient jdbc;

    ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A Telegram chat as a turn sees it: its key, and the type and title its latest message gave. */
    record TelegramChat(UUID botId, String businessConnectionId, long telegramChatId, String type, String title) {
    }

    /** The chat's id, creating the chat on its first message and noting that it had one now. */
    UUID upsertChat(TelegramChat chat, Instant now) {
        return jdbc.sql(UPSERT_CHAT + " RETURNING id").params(chatParams(chat, now)).query(UUID.class).single();
    }

    /**
     * As {@link #upsertChat} and then {@link #insertUserMessage} into that chat, in one statement:
     * a turn's first message is usually a user's, so the chat costs no round trip of its own.
     */
    UUID upsertChatWithUserMessage(TelegramChat chat, IncomingMessage message, String source, Instant now) {
        List<Object> params = new ArrayList<>(chatParams(chat, now));
        params.addAll(userParams(chat.botId(), message, now));
        params.addAll(userMessageParams(message, source, now));
        return jdbc.sql("WITH chat AS (" + UPSERT_CHAT + " RETURNING id), seen AS (" + UPSERT_USER + "), stored AS ("
                        + insertMessage("(SELECT id FROM chat)") + " RETURNING chat_id) SELECT chat_id FROM stored")
                .params(params).query(UUID.class).single();
    }

    private static final String UPSERT_CHAT = """
            INSERT INTO conversation_chats (id, bot_id, business_connection_id, telegram_chat_id, type, title,
                                            created_at, last_message_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (bot_id, business_connection_id, telegram_chat_id) DO UPDATE
                SET last_message_at = EXCLUDED.last_message_at,
                    title = COALESCE(EXCLUDED.title, conversation_chats.title)""";

    private static List<Object> chatParams(TelegramChat chat, Instant now) {
        return Arrays.asList(UUID.randomUUID(), chat.botId(), chat.businessConnectionId(), chat.telegramChatId(),
                chat.type(), chat.title(), Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * A chat of a Switchboard user with a bot inside the app (the web playground, the API): its row
     * and its number (what a Telegram chat's id is to a Telegram chat).
     */
    record AppChat(UUID id, long number) {
    }

    /**
     * The user's chat of {@code type} ({@link #WEB_CHAT_TYPE} or {@link #API_CHAT_TYPE}) with the
     * bot, if they have one.
     *
     * @param apiUser the API request's end user, or "" (always "" for a web chat)
     */
    Optional<AppChat> findAppChat(UUID botId, String type, UUID userId, String apiUser) {
        return jdbc.sql("SELECT id, telegram_chat_id FROM conversation_chats"
                        + " WHERE bot_id = ? AND type = ? AND switchboard_user_id = ? AND api_user = ?")
                .params(botId, type, userId, apiUser)
                .query((rs, row) -> new AppChat(rs.getObject("id", UUID.class), rs.getLong("telegram_chat_id")))
                .optional();
    }

    /** As {@link #findAppChat}, creating the chat with {@code title} on its first message. */
    AppChat appChat(UUID botId, String type, String title, UUID userId, String apiUser, Instant now) {
        // Looked up first: after its first message a chat exists, and that costs one statement, not two.
        Optional<AppChat> existing = findAppChat(botId, type, userId, apiUser);
        if (existing.isPresent()) {
            return existing.get();
        }
        jdbc.sql("""
                        INSERT INTO conversation_chats (id, bot_id, telegram_chat_id, type, title, created_at,
                                                        last_message_at, switchboard_user_id, api_user)
                        VALUES (?, ?, nextval('conversation_app_chat_numbers'), ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (bot_id, type, switchboard_user_id, api_user) WHERE switchboard_user_id IS NOT NULL
                        DO NOTHING""")
                .params(UUID.randomUUID(), botId, type, title, Timestamp.from(now), Timestamp.from(now), userId, apiUser)
                .update();
        return findAppChat(botId, type, userId, apiUser).orElseThrow();
    }

    /**
     * Takes the web chat's turn until {@code until} if no other turn holds it (or the holder's time
     * has passed), and answers the chat's memory; empty if another turn is running.
     */
    Optional<ChatState> claimWebTurn(UUID chatId, Instant now, Instant until) {
        return jdbc.sql("UPDATE conversation_chats SET web_turn_until = ? WHERE id = ?"
                        + " AND (web_turn_until IS NULL OR web_turn_until <= ?)"
                        + " RETURNING id, memory_start_seq, model_id, summary, summary_upto_seq")
                .params(Timestamp.from(until), chatId, Timestamp.from(now))
                .query((rs, row) -> new ChatState(rs.getObject("id", UUID.class), rs.getLong("memory_start_seq"),
                        rs.getObject("model_id", UUID.class), rs.getString("summary"), rs.getLong("summary_upto_seq")))
                .optional();
    }

    /** Ends a web turn: the chat's next turn may start. */
    void releaseWebTurn(UUID chatId) {
        jdbc.sql("UPDATE conversation_chats SET web_turn_until = NULL WHERE id = ?").params(chatId).update();
    }

    /** Notes that the chat had a message at {@code now} (for the most-recent-first list). */
    void touchChat(UUID chatId, Instant now) {
        jdbc.sql("UPDATE conversation_chats SET last_message_at = GREATEST(last_message_at, ?) WHERE id = ?")
                .params(Timestamp.from(now), chatId).update();
    }

    Optional<ChatState> findState(UUID botId, long telegramChatId) {
        return findState(botId, DIRECT, telegramChatId);
    }

    Optional<ChatState> findState(UUID botId, String businessConnectionId, long telegramChatId) {
        return jdbc.sql("SELECT id, memory_start_seq, model_id, summary, summary_upto_seq FROM conversation_chats"
                        + " WHERE bot_id = ? AND business_connection_id = ? AND telegram_chat_id = ?")
                .params(botId, businessConnectionId, telegramChatId)
                .query((rs, row) -> new ChatState(rs.getObject("id", UUID.class), rs.getLong("memory_start_seq"),
                        rs.getObject("model_id", UUID.class), rs.getString("summary"), rs.getLong("summary_upto_seq")))
                .optional();
    }

    /** What a turn puts before its own messages: the asker's personal context and the chat's history. */
    record Memory(String personalContext, List<ContextWindow.Entry> history) {
        static final Memory NONE = new Memory(null, List.of());
    }

    /**
     * The personal context of user {@code askerId} of the bot (null if none, or no asker), and the
     * messages of chat {@code chatId} from {@code fromSeq} on, at most the newest {@code limit},
     * oldest first (none if no chat): one round trip for both, as every turn reads them.
     */
    Memory memory(UUID botId, Long askerId, UUID chatId, long fromSeq, int limit) {
        if (askerId == null && chatId == null) {
            return Memory.NONE;
        }
        String[] personal = {null};
        List<ContextWindow.Entry> history = new ArrayList<>();
        jdbc.sql("SELECT NULL::bigint AS seq, NULL::text AS role, personal_context AS text, NULL::integer AS text_tokens"
                        + " FROM conversation_users"
                        + " WHERE bot_id = ? AND telegram_user_id = ? AND personal_context IS NOT NULL"
                        + " UNION ALL SELECT * FROM (SELECT seq, role, text, text_tokens FROM conversation_messages"
                        + " WHERE chat_id = ? AND seq >= ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT ?) m"
                        + " ORDER BY seq NULLS FIRST")
                .params(botId, askerId, chatId, fromSeq, limit)
                .query(rs -> {
                    long seq = rs.getLong("seq");
                    if (rs.wasNull()) {
                        personal[0] = rs.getString("text");
                    } else {
                        history.add(new ContextWindow.Entry(seq, rs.getString("role"), rs.getString("text"),
                                rs.getObject("text_tokens", Integer.class)));
                    }
                });
        return new Memory(personal[0], List.copyOf(history));
    }

    /** /reset: the memory window starts after the chat's newest message. */
    void resetMemory(UUID chatId) {
        jdbc.sql("UPDATE conversation_chats SET memory_start_seq = COALESCE((SELECT max(seq) FROM conversation_messages"
                        + " WHERE chat_id = ?), 0) + 1, summary = NULL, summary_upto_seq = 0 WHERE id = ?")
                .params(chatId, chatId).update();
    }

    void setModel(UUID chatId, UUID modelId) {
        jdbc.sql("UPDATE conversation_chats SET model_id = ? WHERE id = ?").params(modelId, chatId).update();
    }

    void saveSummary(UUID chatId, String summary, long uptoSeq) {
        jdbc.sql("UPDATE conversation_chats SET summary = ?, summary_upto_seq = ? WHERE id = ? AND summary_upto_seq < ?")
                .params(summary, uptoSeq, chatId, uptoSeq).update();
    }

    /** Notes a Telegram user of the bot as seen now, with the names their message carries. */
    void upsertUser(UUID botId, IncomingMessage message, Instant now) {
        jdbc.sql(UPSERT_USER).params(userParams(botId, message, now)).update();
    }

    private static final String UPSERT_USER = """
            INSERT INTO conversation_users (bot_id, telegram_user_id, username, first_name, last_name,
                                            first_seen_at, last_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (bot_id, telegram_user_id) DO UPDATE
                SET username = EXCLUDED.username, first_name = EXCLUDED.first_name,
                    last_name = EXCLUDED.last_name, last_seen_at = EXCLUDED.last_seen_at""";

    private static List<Object> userParams(UUID botId, IncomingMessage message, Instant now) {
        return Arrays.asList(botId, message.fromUserId(), message.username(), message.firstName(),
                message.lastName(), Timestamp.from(now), Timestamp.from(now));
    }

    /** A Telegram user of a bot as the owner sees it. */
    record UserRow(long telegramUserId, String username, String firstName, String lastName, Instant firstSeenAt,
            Instant lastSeenAt, String personalContext) {
    }

    List<UserRow> users(UUID botId, int limit) {
        return jdbc.sql("SELECT * FROM conversation_users WHERE bot_id = ? ORDER BY last_seen_at DESC LIMIT ?")
                .params(botId, limit)
                .query((rs, row) -> new UserRow(rs.getLong("telegram_user_id"), rs.getString("username"),
                        rs.getString("first_name"), rs.getString("last_name"),
                        rs.getTimestamp("first_seen_at").toInstant(), rs.getTimestamp("last_seen_at").toInstant(),
                        rs.getString("personal_context")))
                .list();
    }

    /** Sets (or with null clears) a user's personal context, creating the user if the bot has not met them yet. */
    void setPersonalContext(UUID botId, long telegramUserId, String context, Instant now) {
        jdbc.sql("""
                        INSERT INTO conversation_users (bot_id, telegram_user_id, first_seen_at, last_seen_at, personal_context)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (bot_id, telegram_user_id) DO UPDATE SET personal_context = EXCLUDED.personal_context""")
                .params(botId, telegramUserId, Timestamp.from(now), Timestamp.from(now), context)
                .update();
    }

    boolean wasRefused(UUID botId, long telegramUserId) {
        return jdbc.sql("SELECT count(*) FROM conversation_users WHERE bot_id = ? AND telegram_user_id = ?"
                        + " AND refused_at IS NOT NULL")
                .params(botId, telegramUserId).query(Long.class).single() > 0;
    }

    /** Marks the user refused; false if they already were (so they are told only once). */
    boolean markRefused(UUID botId, long telegramUserId, Instant now) {
        return jdbc.sql("UPDATE conversation_users SET refused_at = ? WHERE bot_id = ? AND telegram_user_id = ?"
                        + " AND refused_at IS NULL")
                .params(Timestamp.from(now), botId, telegramUserId).update() == 1;
    }

    /** Records that the owner was told the budget of {@code month} is spent; false if they already were. */
    boolean noteBudgetNotice(UUID botId, String month, Instant now) {
        return jdbc.sql("INSERT INTO conversation_budget_notices (bot_id, month, at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(botId, month, Timestamp.from(now)).update() == 1;
    }

    /** When the owner was told that the bot's budget of {@code month} is spent, if they were. */
    Optional<Instant> budgetNotice(UUID botId, String month) {
        return jdbc.sql("SELECT at FROM conversation_budget_notices WHERE bot_id = ? AND month = ?")
                .params(botId, month).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    Optional<UUID> findChat(UUID botId, long telegramChatId) {
        return jdbc.sql("SELECT id FROM conversation_chats WHERE bot_id = ? AND business_connection_id = ''"
                        + " AND telegram_chat_id = ?")
                .params(botId, telegramChatId).query(UUID.class).optional();
    }

    /** Telegram reported an edit: the stored message takes the new text. */
    void editMessage(UUID chatId, long telegramMessageId, String text, Instant at) {
        jdbc.sql("UPDATE conversation_messages SET text = ?, text_tokens = ?, edited_at = ?"
                        + " WHERE chat_id = ? AND telegram_message_id = ?")
                .params(text, ContextWindow.textTokens(text), Timestamp.from(at), chatId, telegramMessageId).update();
    }

    /** Telegram reported deletions: the messages stay in the history, marked, and leave the model's context. */
    void markDeleted(UUID chatId, List<Long> telegramMessageIds, Instant at) {
        for (Long id : telegramMessageIds) {
            jdbc.sql("UPDATE conversation_messages SET deleted_at = ? WHERE chat_id = ? AND telegram_message_id = ?"
                            + " AND deleted_at IS NULL")
                    .params(Timestamp.from(at), chatId, id).update();
        }
    }

    /** A message that no model call produced (the user's, or a command's answer). */
    void insertMessage(UUID chatId, UUID id, String role, String text, String source, Long telegramMessageId,
            Long telegramUserId, Instant at) {
        insert(chatId, id, text, source, null, null, null, null, null, at, role, telegramMessageId, telegramUserId);
    }

    /**
     * A user's message, noting its sender as seen ({@link #upsertUser}) in the same statement: one
     * round trip instead of two for every message a turn stores.
     */
    void insertUserMessage(UUID botId, UUID chatId, IncomingMessage message, String source, Instant at) {
        List<Object> params = new ArrayList<>(userParams(botId, message, at));
        params.add(chatId);
        params.addAll(userMessageParams(message, source, at));
        jdbc.sql("WITH seen AS (" + UPSERT_USER + ") " + insertMessage("?")).params(params).update();
    }

    /** The parameters of {@link #insertMessage} for a user's message, after the chat's. */
    private static List<Object> userMessageParams(IncomingMessage message, String source, Instant at) {
        return messageParams(UUID.randomUUID(), message.text(), source, null, null, null, null, null, at, "USER",
                message.telegramMessageId() == 0 ? null : message.telegramMessageId(), message.fromUserId());
    }

    /** A model's reply with what its call used and cost. */
    void insertReply(UUID chatId, UUID id, String text, String source, UUID modelId, Integer inputTokens,
            Integer outputTokens, BigDecimal cost, Long latencyMs, Instant at) {
        insert(chatId, id, text, source, modelId, inputTokens, outputTokens, cost, latencyMs, at, "ASSISTANT", null, null);
    }

    /**
     * A reply that was approved and sent, stored once under the draft's id (a repeated event changes
     * nothing), with the Telegram message id it got.
     */
    void insertSentDraft(UUID chatId, UUID id, String text, UUID modelId, Integer inputTokens, Integer outputTokens,
            BigDecimal cost, Long latencyMs, long telegramMessageId, Instant at) {
        jdbc.sql("INSERT INTO conversation_messages (id, chat_id, role, text, text_tokens, source, telegram_message_id,"
                        + " model_id, input_tokens, output_tokens, cost, latency_ms, created_at)"
                        + " SELECT ?, ?, 'ASSISTANT', ?, ?, 'TELEGRAM', ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE EXISTS (SELECT 1 FROM conversation_chats WHERE id = ?)"
                        + " ON CONFLICT (id) DO NOTHING")
                .params(id, chatId, text, ContextWindow.textTokens(text), telegramMessageId, modelId, inputTokens,
                        outputTokens, cost, latencyMs, Timestamp.from(at), chatId)
                .update();
    }

    /**
     * Inserts a message into the chat that {@code chatId} names (SQL: a parameter or a subquery),
     * with {@link #messageParams} after it.
     */
    private static String insertMessage(String chatId) {
        return "INSERT INTO conversation_messages (chat_id, id, role, text, text_tokens, source, telegram_message_id,"
                + " telegram_user_id, model_id, input_tokens, output_tokens, cost, latency_ms, created_at)"
                + " VALUES (" + chatId + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void insert(UUID chatId, UUID id, String text, String source, UUID modelId, Integer inputTokens,
            Integer outputTokens, BigDecimal cost, Long latencyMs, Instant at, String role, Long telegramMessageId,
            Long telegramUserId) {
        List<Object> params = new ArrayList<>();
        params.add(chatId);
        params.addAll(messageParams(id, text, source, modelId, inputTokens, outputTokens, cost, latencyMs, at, role,
                telegramMessageId, telegramUserId));
        jdbc.sql(insertMessage("?")).params(params).update();
    }

    private static List<Object> messageParams(UUID id, String text, String source, UUID modelId,
            Integer inputTokens, Integer outputTokens, BigDecimal cost, Long latencyMs, Instant at, String role,
            Long telegramMessageId, Long telegramUserId) {
        return Arrays.asList(id, role, text, ContextWindow.textTokens(text), source, telegramMessageId, telegramUserId,
                modelId, inputTokens, outputTokens, cost, latencyMs, Timestamp.from(at));
    }

    /** The newest {@code limit} messages of a chat, oldest first. */
    List<MessageRow> recentMessages(UUID chatId, int limit) {
        return jdbc.sql("SELECT * FROM (SELECT * FROM conversation_messages WHERE chat_id = ? ORDER BY seq DESC LIMIT ?) m"
                        + " ORDER BY seq")
                .params(chatId, limit).query(ChatRepository::mapMessage).list();
    }

    List<MessageRow> messages(UUID chatId, int limit) {
        return recentMessages(chatId, limit);
    }

    List<ChatRow> chats(UUID botId, String search, int limit) {
        String pattern = search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase() + "%";
        return jdbc.sql("""
                        SELECT c.*, (SELECT count(*) FROM conversation_messages m WHERE m.chat_id = c.id) AS messages
                        FROM conversation_chats c
                        WHERE c.bot_id = ?
                          AND (CAST(? AS text) IS NULL OR lower(coalesce(c.title, '')) LIKE ?
                               OR CAST(c.telegram_chat_id AS text) LIKE ?)
                        ORDER BY c.last_message_at DESC
                        LIMIT ?""")
                .params(botId, pattern, pattern, pattern, limit)
                .query((rs, row) -> new ChatRow(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class),
                        rs.getLong("telegram_chat_id"), rs.getString("type"), rs.getString("title"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("last_message_at").toInstant(),
                        rs.getLong("messages"), null, rs.getString("business_connection_id")))
                .list();
    }

    /** How many messages the bot's chats received ({@code USER}) and sent ({@code ASSISTANT}) in [from, to). */
    java.util.Map<String, Long> countByRole(UUID botId, Instant from, Instant to) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT m.role, count(*) AS n FROM conversation_messages m JOIN conversation_chats c ON c.id = m.chat_id"
                        + " WHERE c.bot_id = ? AND m.created_at >= ? AND m.created_at < ? GROUP BY m.role")
                .params(botId, Timestamp.from(from), Timestamp.from(to))
                .query(rs -> {
                    counts.put(rs.getString("role"), rs.getLong("n"));
                });
        return counts;
    }

    Optional<ChatKey> key(UUID chatId) {
        return jdbc.sql("SELECT bot_id, business_connection_id, telegram_chat_id FROM conversation_chats WHERE id = ?")
                .param(chatId)
                .query((rs, row) -> new ChatKey(rs.getObject("bot_id", UUID.class), rs.getString("business_connection_id"),
                        rs.getLong("telegram_chat_id")))
                .optional();
    }

    /** The bot a chat belongs to. */
    Optional<UUID> botOfChat(UUID chatId) {
        return jdbc.sql("SELECT bot_id FROM conversation_chats WHERE id = ?").param(chatId).query(UUID.class).optional();
    }

    /**
     * Notes the Telegram id of a reply that went out. Its commit does not wait for the disk
     * ({@link AsynchronousCommit}): lost in a database crash, the reply only lacks its id.
     */
    void setTelegramMessageId(UUID messageId, long telegramMessageId) {
        jdbc.sql("UPDATE conversation_messages SET telegram_message_id = ? WHERE id = ? AND telegram_message_id IS NULL"
                        + " RETURNING " + AsynchronousCommit.returningIfAutocommit())
                .params(telegramMessageId, messageId).query((rs, row) -> row).list();
    }

    private static MessageRow mapMessage(ResultSet rs, int row) throws SQLException {
        return new MessageRow(rs.getObject("id", UUID.class), rs.getString("role"), rs.getString("text"),
                rs.getString("source"), rs.getObject("telegram_message_id", Long.class),
                rs.getObject("telegram_user_id", Long.class), rs.getObject("model_id", UUID.class),
                rs.getObject("input_tokens", Integer.class), rs.getObject("output_tokens", Integer.class),
                rs.getBigDecimal("cost") == null ? null : rs.getBigDecimal("cost").stripTrailingZeros(),
                rs.getObject("latency_ms", Long.class), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("edited_at")), instant(rs.getTimestamp("deleted_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
