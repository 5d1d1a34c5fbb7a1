package dev.switchboard.processing;

import dev.switchboard.shared.AsynchronousCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code processing_*} tables: items, per-chat leases and attempts. */
@Repository
class InboxRepository {

    /** A chat's lease as its holder knows it. */
    record Lease(UUID botId, long chatId, String owner, long fence) {
        @Override
        public String toString() {
            return "chat " + chatId + " of bot " + botId + " (lease " + fence + " of " + owner + ")";
        }
    }

    /** A chat row's lease, as read under its lock. */
    record ChatLock(String leaseOwner, long fence) {
    }

    /** One attempt of an item. */
    record AttemptRow(int attempt, String worker, Instant startedAt, Instant finishedAt, String outcome, String error) {
    }

    private static final String ITEM_COLUMNS = "id, bot_id, owner_id, update_id, chat_id, from_user_id, update_type,"
            + " payload::text AS payload, status, attempts, next_attempt_at, last_error, last_error_at, terminal_reason,"
            + " received_at, completed_at";
    /** An open item (RECEIVED, PROCESSING or FAILED): the generated column the open-items index is on. */
    private static final String OPEN = "is_open";

    private final JdbcClient jdbc;

    InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What {@link #store} did: items stored (repeats are not) and chats it made due (a chat that was
     * due already, or leased, is not counted: its claim or its turn's completion takes the new items).
     */
    record Stored(int items, int chatsMadeDue) {
    }

    /**
     * Stores the items whose (bot, update_id) is not there yet and makes the chats of the stored
     * RECEIVED ones due at {@code dueAt} (repeats and ignored updates make nothing due). A chat that
     * is due or leased already keeps its due time, and its row is locked but not rewritten; the
     * lock orders this against a completion that is releasing the chat.
     *
     * <p>One statement whatever the number of items: the items go in as one array per column, so
     * the text never changes and PostgreSQL plans it once per connection, where a multi-row VALUES
     * list would be parsed and planned anew for each batch size. Items are inserted in (bot,
     * update_id) order and chats upserted in (bot, chat) order, so concurrent batches take row
     * locks in one order.
     */
    Stored store(List<ProcessingItem> items, Instant dueAt) {
        int n = items.size();
        UUID[] ids = new UUID[n];
        UUID[] bots = new UUID[n];
        UUID[] owners = new UUID[n];
        long[] updateIds = new long[n];
        Long[] chats = new Long[n];
        Long[] fromUsers = new Long[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        String[] statuses = new String[n];
        int[] attempts = new int[n];
        Timestamp[] nextAttempts = new Timestamp[n];
        Timestamp[] received = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            ProcessingItem item = items.get(i);
            ids[i] = item.id();
            bots[i] = item.botId();
            owners[i] = item.ownerId();
            updateIds[i] = item.updateId();
            chats[i] = item.chatId();
            fromUsers[i] = item.fromUserId();
            types[i] = item.type();
            payloads[i] = item.payload();
            statuses[i] = item.status().name();
            attempts[i] = item.attempts();
            nextAttempts[i] = timestamp(item.nextAttemptAt());
            received[i] = timestamp(item.receivedAt());
        }
        return jdbc.sql("""
                        WITH stored AS (
                          INSERT INTO processing_item (id, bot_id, owner_id, update_id, chat_id, from_user_id,
                            update_type, payload, status, attempts, next_attempt_at, received_at)
                          SELECT id, bot_id, owner_id, update_id, chat_id, from_user_id, update_type,
                            CAST(payload AS jsonb), status, attempts, next_attempt_at, received_at
                          FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[],
                            ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[])
                            AS input(id, bot_id, owner_id, update_id, chat_id, from_user_id, update_type, payload,
                            status, attempts, next_attempt_at, received_at)
                          ORDER BY bot_id, update_id
                          ON CONFLICT (bot_id, update_id) DO NOTHING
                          RETURNING bot_id, chat_id, status),
                        due AS (
                          INSERT INTO processing_chat (bot_id, chat_id, due_at)
                          SELECT DISTINCT bot_id, chat_id, ?::timestamptz FROM stored WHERE status = 'RECEIVED'
                          ORDER BY bot_id, chat_id
                          ON CONFLICT (bot_id, chat_id)
                            DO UPDATE SET due_at = EXCLUDED.due_at WHERE processing_chat.due_at IS NULL
                          RETURNING 1)
                        SELECT (SELECT count(*) FROM stored) AS items, (SELECT count(*) FROM due) AS chats""")
                .params(ids, bots, owners, updateIds, chats, fromUsers, types, payloads, statuses, attempts,
                        nextAttempts, received, timestamp(dueAt))
                .query((rs, row) -> new Stored(rs.getInt("items"), rs.getInt("chats")))
                .single();
    }

    /** Makes a chat due no later than {@code dueAt} (a manual retry). */
    void advanceChatDue(UUID botId, long chatId, Instant dueAt) {
        jdbc.sql("INSERT INTO processing_chat (bot_id, chat_id, due_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (bot_id, chat_id) DO UPDATE"
                        + " SET due_at = LEAST(processing_chat.due_at, EXCLUDED.due_at)")
                .params(botId, chatId, timestamp(dueAt))
                .update();
    }

    /**
     * A chat just leased, with its open items in arrival order as they were before (locked; none if
     * its due time was stale), of which the first {@code started} were started.
     */
    record LeasedChat(Lease lease, List<ProcessingItem> openItems, int started) {
    }

    /**
     * Locks the chat that has been due longest and whose lease is free or expired, skipping chats
     * another transaction holds; takes its lease with the next fence, makes the chat due when that
     * lease runs out (so a crashed worker's chat is taken over then, and leased chats sort after
     * every chat waiting for a worker), reads and locks its open items, and starts those a turn takes
     * now ({@link ProcessingItem#start}, each with a new attempt under the fence): all of them in
     * order up to a FAILED one whose retry time has not come. A PROCESSING item among them belonged
     * to a worker whose lease expired: its open attempt is closed as such.
     *
     * <p>A transaction that leases a chat commits without waiting for the disk
     * ({@link AsynchronousCommit}): should PostgreSQL crash and lose it, the chat is as it was,
     * due with its items unstarted, and is claimed again. The turn that worked under the lost lease
     * cannot complete on a chat nobody leased (no lease owner) or another instance leased; should
     * this instance lease it again under the same fence, only one of the two turns completes,
     * because completing frees the lease the other one would need.
     *
     * @param now microseconds at most, as PostgreSQL keeps time, so that the caller's
     *     {@link ProcessingItem#isDue} agrees with this statement about every item
     */
    Optional<LeasedChat> leaseDueChat(Instant now, String owner, Instant leaseUntil) {
        // One statement, one round trip: finding the chat, taking its lease, reading its items and
        // starting those that are due. The items come from a locking CTE joined to the one leased
        // row, so a chat with no open item still returns its lease (one row of nulls) and can be
        // released. All CTEs see one snapshot: "items" and "taken" hold the items as they were.
        List<LeasedRow> rows = jdbc.sql("WITH leased AS (UPDATE processing_chat chat"
                        + " SET lease_owner = :owner, lease_until = :until, due_at = :until, fence = chat.fence + 1"
                        + " FROM (SELECT bot_id, chat_id FROM processing_chat"
                        + " WHERE due_at <= :now AND (lease_until IS NULL OR lease_until < :now)"
                        + " ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED) due"
                        + " WHERE chat.bot_id = due.bot_id AND chat.chat_id = due.chat_id"
                        + " RETURNING chat.bot_id AS lease_bot_id, chat.chat_id AS lease_chat_id, chat.fence, "
                        + AsynchronousCommit.RETURNING + "),"
                        + " items AS (SELECT " + ITEM_COLUMNS + " FROM processing_item"
                        + " JOIN leased ON bot_id = lease_bot_id AND chat_id = lease_chat_id WHERE " + OPEN
                        + " ORDER BY update_id FOR UPDATE OF processing_item),"
                        + " taken AS (SELECT id, status FROM items WHERE update_id < coalesce((SELECT min(update_id)"
                        + " FROM items WHERE status = 'FAILED' AND next_attempt_at > :now), 9223372036854775807)),"
                        + " started AS (UPDATE processing_item item SET status = 'PROCESSING', attempts = item.attempts + 1,"
                        + " next_attempt_at = NULL FROM taken WHERE item.id = taken.id RETURNING item.id, item.attempts),"
                        + " expired AS (UPDATE processing_attempt SET finished_at = :now, outcome = 'LEASE_EXPIRED',"
                        + " error = 'the worker''s lease expired before the turn finished'"
                        + " WHERE item_id IN (SELECT id FROM taken WHERE status = 'PROCESSING') AND finished_at IS NULL),"
                        + " attempted AS (INSERT INTO processing_attempt (id, item_id, attempt, worker, fence, started_at)"
                        + " SELECT gen_random_uuid(), started.id, started.attempts, :owner, leased.fence, :now"
                        + " FROM started CROSS JOIN leased)"
                        + " SELECT leased.*, items.*, (SELECT count(*) FROM started) AS started"
                        + " FROM leased LEFT JOIN items ON true ORDER BY items.update_id")
                .param("owner", owner)
                .param("until", timestamp(leaseUntil))
                .param("now", timestamp(now))
                .query((rs, row) -> new LeasedRow(new Lease(rs.getObject("lease_bot_id", UUID.class),
                        rs.getLong("lease_chat_id"), owner, rs.getLong("fence")),
                        rs.getObject("id", UUID.class) == null ? null : item(rs, row), rs.getInt("started")))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeasedChat(rows.getFirst().lease(),
                rows.stream().map(LeasedRow::item).filter(Objects::nonNull).toList(), rows.getFirst().started()));
    }

    private record LeasedRow(Lease lease, ProcessingItem item, int started) {
    }

    /** Extends a lease that is still held; false if another worker has taken the chat. */
    boolean renewLease(Lease lease, Instant leaseUntil) {
        return jdbc.sql("UPDATE processing_chat SET lease_until = ?, due_at = ?"
                        + " WHERE bot_id = ? AND chat_id = ? AND fence = ? AND lease_owner = ?")
                .params(timestamp(leaseUntil), timestamp(leaseUntil), lease.botId(), lease.chatId(), lease.fence(), lease.owner())
                .update() == 1;
    }

    /** Locks a chat row until the end of the transaction and reads its lease. */
    Optional<ChatLock> lockChat(UUID botId, long chatId) {
        return jdbc.sql("SELECT lease_owner, fence FROM processing_chat WHERE bot_id = ? AND chat_id = ? FOR UPDATE")
                .params(botId, chatId)
                .query((rs, row) -> new ChatLock(rs.getString("lease_owner"), rs.getLong("fence")))
                .optional();
    }

    /**
     * Frees a chat's lease and makes it due when its first open item (in arrival order) is: a
     * waiting retry's time, else its arrival. Returns that time, or empty when nothing is open.
     * Items stored meanwhile are safe: their chat upsert waits for this row's lock.
     */
    Optional<Instant> releaseChatToFirstOpen(UUID botId, long chatId) {
        return jdbc.sql("UPDATE processing_chat SET lease_owner = NULL, lease_until = NULL, due_at ="
                        + " (SELECT CASE WHEN status = 'FAILED' THEN next_attempt_at ELSE received_at END"
                        + " FROM processing_item WHERE bot_id = ? AND chat_id = ? AND " + OPEN
                        + " ORDER BY update_id LIMIT 1)"
                        + " WHERE bot_id = ? AND chat_id = ? RETURNING due_at")
                .params(botId, chatId, botId, chatId)
                .query((rs, row) -> Optional.ofNullable(instant(rs, "due_at")))
                .optional()
                .flatMap(due -> due);
    }

    /** One item, locked. */
    Optional<ProcessingItem> lockItem(UUID id) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM processing_item WHERE id = ? FOR UPDATE")
                .param(id)
                .query(InboxRepository::item)
                .optional();
    }

    private static final String STATE_COLUMNS = "status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,"
            + " last_error_at = ?, terminal_reason = ?, completed_at = ?";

    /** An item's state columns and id, as {@link #STATE_COLUMNS} and its WHERE want them, then {@code more}. */
    private static Object[] stateParams(ProcessingItem item, Object... more) {
        List<Object> params = new java.util.ArrayList<>(java.util.Arrays.asList(item.status().name(), item.attempts(),
                timestamp(item.nextAttemptAt()), item.lastError(), timestamp(item.lastErrorAt()),
                item.terminalReason(), timestamp(item.completedAt()), item.id()));
        params.addAll(java.util.Arrays.asList(more));
        return params.toArray();
    }

    /** Writes an item's state back. */
    void update(ProcessingItem item) {
        jdbc.sql("UPDATE processing_item SET " + STATE_COLUMNS + " WHERE id = ?").params(stateParams(item)).update();
    }

    /** Records how the item's attempt under {@code fence} ended. */
    void finishAttempt(UUID itemId, long fence, String outcome, String error, Instant now) {
        jdbc.sql("UPDATE processing_attempt SET finished_at = ?, outcome = ?, error = ? WHERE item_id = ? AND fence = ?")
                .params(timestamp(now), outcome, ProcessingItem.truncate(error), itemId, fence)
                .update();
    }

    /** Writes an item's state and records how its attempt under {@code fence} ended, in one statement. */
    void finish(ProcessingItem item, long fence, String outcome, String error, Instant now) {
        jdbc.sql("WITH finished AS (UPDATE processing_item SET " + STATE_COLUMNS + " WHERE id = ? RETURNING id)"
                        + " UPDATE processing_attempt SET finished_at = ?, outcome = ?, error = ?"
                        + " WHERE item_id = (SELECT id FROM finished) AND fence = ?")
                .params(stateParams(item, timestamp(now), outcome, ProcessingItem.truncate(error), fence))
                .update();
    }

    /**
     * Marks items COMPLETED, closes their attempts under {@code fence}, and frees the chat, making it
     * due when its first item still open is (as {@link #releaseChatToFirstOpen}), in one statement.
     * The caller holds the chat row's lock (taken before its other writes), so items stored
     * meanwhile wait for this transaction and make the chat due themselves.
     *
     * @return when the chat is next due, or empty when nothing else is open
     * @throws IllegalStateException if any of the items was not PROCESSING with an open attempt under
     *     that fence (the caller's transaction then rolls back)
     */
    Optional<Instant> completeAndRelease(UUID botId, long chatId, List<UUID> ids, long fence, Instant now) {
        // A turn of one item (nearly all of them) matches it with "=": PostgreSQL reckons an array
        // parameter at 10 elements, so the generic plan of the "= ANY" form always looked dearer than
        // a custom one and the statement was planned anew on every call, where the "=" form is
        // planned once per connection: 0.40 ms of the server's CPU per call against 0.13 ms
        // (pgbench, one client, 20,000 items). CompletionPlanTest checks the plan PostgreSQL keeps.
        boolean one = ids.size() == 1;
        String isOneOfThem = one ? "id = ?" : "id = ANY(?::uuid[])";
        Object idParam = one ? ids.getFirst() : ids.toArray(UUID[]::new);
        // One snapshot for the whole statement: the items completed here still look open to the
        // release's subquery, so it leaves them out by id.
        Completion done = jdbc.sql("WITH finished AS (UPDATE processing_item SET status = 'COMPLETED', completed_at = ?"
                        + " WHERE " + isOneOfThem + " AND status = 'PROCESSING' RETURNING id),"
                        + " closed AS (UPDATE processing_attempt SET finished_at = ?, outcome = 'COMPLETED', error = NULL"
                        + " WHERE item_id IN (SELECT id FROM finished) AND fence = ? AND finished_at IS NULL RETURNING item_id),"
                        + " released AS (UPDATE processing_chat SET lease_owner = NULL, lease_until = NULL, due_at ="
                        + " (SELECT CASE WHEN status = 'FAILED' THEN next_attempt_at ELSE received_at END"
                        + " FROM processing_item WHERE bot_id = ? AND chat_id = ? AND " + OPEN
                        + " AND NOT (" + isOneOfThem + ") ORDER BY update_id LIMIT 1)"
                        + " WHERE bot_id = ? AND chat_id = ? RETURNING due_at)"
                        + " SELECT (SELECT count(*) FROM closed) AS closed, (SELECT due_at FROM released) AS due_at")
                .params(timestamp(now), idParam, timestamp(now), fence, botId, chatId, idParam, botId, chatId)
                .query((rs, row) -> new Completion(rs.getInt("closed"), instant(rs, "due_at")))
                .single();
        if (done.closed() != ids.size()) {
            throw new IllegalStateException("Cannot complete " + ids + ": only " + done.closed()
                    + " were PROCESSING with an open attempt under fence " + fence);
        }
        return Optional.ofNullable(done.dueAt());
    }

    private record Completion(int closed, Instant dueAt) {
    }

    Optional<ProcessingItem> findOwned(UUID id, UUID ownerId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM processing_item WHERE id = ? AND owner_id = ?")
                .params(id, ownerId)
                .query(InboxRepository::item)
                .optional();
    }

    /** The owner's items, newest first, optionally of one status and one bot. */
    List<ProcessingItem> findOwned(UUID ownerId, InboxStatus status, UUID botId, int limit) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM processing_item WHERE owner_id = :owner"
                        + (status == null ? "" : " AND status = :status")
                        + (botId == null ? "" : " AND bot_id = :bot")
                        + " ORDER BY received_at DESC, update_id DESC LIMIT :limit")
                .param("owner", ownerId)
                .param("status", status == null ? null : status.name())
                .param("bot", botId)
                .param("limit", limit)
                .query(InboxRepository::item)
                .list();
    }

    List<AttemptRow> attempts(UUID itemId) {
        return jdbc.sql("SELECT attempt, worker, started_at, finished_at, outcome, error FROM processing_attempt"
                        + " WHERE item_id = ? ORDER BY started_at, attempt")
                .param(itemId)
                .query((rs, row) -> new AttemptRow(rs.getInt("attempt"), rs.getString("worker"),
                        instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("outcome"),
                        rs.getString("error")))
                .list();
    }

    /** How many of the owner's items are in each status (every status present, zero if none). */
    Map<InboxStatus, Long> countByStatus(UUID ownerId, UUID botId) {
        Map<InboxStatus, Long> counts = new EnumMap<>(InboxStatus.class);
        for (InboxStatus status : InboxStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("SELECT status, count(*) AS n FROM processing_item WHERE owner_id = :owner"
                        + (botId == null ? "" : " AND bot_id = :bot") + " GROUP BY status")
                .param("owner", ownerId)
                .param("bot", botId)
                .query((rs, row) -> Map.entry(InboxStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    private static ProcessingItem item(ResultSet rs, int row) throws SQLException {
        return new ProcessingItem(rs.getObject("id", UUID.class), rs.getObject("bot_id", UUID.class),
                rs.getObject("owner_id", UUID.class), rs.getLong("update_id"), rs.getObject("chat_id", Long.class),
                rs.getObject("from_user_id", Long.class), rs.getString("update_type"), rs.getString("payload"),
                InboxStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                rs.getString("last_error"), instant(rs, "last_error_at"), rs.getString("terminal_reason"),
                instant(rs, "received_at"), instant(rs, "completed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
