package dev.switchboard.telegram;

import dev.switchboard.identity.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code telegram_link_tokens}, {@code telegram_account_links} and {@code telegram_owner_alerts}. */
@Repository
class AccountLinkRepository {

    /** A token row, locked. */
    record TokenRow(UUID id, UserId userId, UUID botId, Instant expiresAt, Instant usedAt) {
    }

    private final JdbcClient jdbc;

    AccountLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertToken(UUID id, UserId user, UUID botId, byte[] hash, Instant now, Instant expiresAt) {
        jdbc.sql("INSERT INTO telegram_link_tokens (id, user_id, bot_id, token_hash, created_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, user.value(), botId, hash, Timestamp.from(now), Timestamp.from(expiresAt)).update();
    }

    /** The token with this digest, locked so two uses of one token cannot both succeed. */
    Optional<TokenRow> lockToken(byte[] hash) {
        return jdbc.sql("SELECT id, user_id, bot_id, expires_at, used_at FROM telegram_link_tokens"
                        + " WHERE token_hash = ? FOR UPDATE")
                .param(hash)
                .query((rs, row) -> new TokenRow(rs.getObject("id", UUID.class),
                        new UserId(rs.getObject("user_id", UUID.class)), rs.getObject("bot_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant()))
                .optional();
    }

    void markUsed(UUID tokenId, Instant at) {
        jdbc.sql("UPDATE telegram_link_tokens SET used_at = ? WHERE id = ?").params(Timestamp.from(at), tokenId).update();
    }

    /** Tokens are worth nothing once used or expired; they are dropped a day later. */
    void deleteStaleTokens(Instant before) {
        jdbc.sql("DELETE FROM telegram_link_tokens WHERE expires_at < ?").param(Timestamp.from(before)).update();
    }

    Optional<LinkedChat> findLink(UUID botId, long telegramUserId) {
        return jdbc.sql(SELECT_LINK + " WHERE l.bot_id = ? AND l.telegram_user_id = ?")
                .params(botId, telegramUserId).query(AccountLinkRepository::link).optional();
    }

    void insertLink(UUID id, UserId user, UUID botId, long telegramUserId, long chatId, String username,
            String firstName, Instant now) {
        jdbc.sql("INSERT INTO telegram_account_links (id, user_id, bot_id, telegram_user_id, chat_id, username,"
                        + " first_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, user.value(), botId, telegramUserId, chatId, username, firstName, Timestamp.from(now))
                .update();
    }

    /** The user's links, oldest first, through bots that still exist. */
    List<LinkedChat> linksOf(UserId user) {
        return jdbc.sql(SELECT_LINK + " WHERE l.user_id = ? ORDER BY l.created_at, l.id")
                .param(user.value()).query(AccountLinkRepository::link).list();
    }

    boolean deleteLink(UUID id, UserId user) {
        return jdbc.sql("DELETE FROM telegram_account_links WHERE id = ? AND user_id = ?")
                .params(id, user.value()).update() == 1;
    }

    boolean deleteLink(UUID botId, long telegramUserId) {
        return jdbc.sql("DELETE FROM telegram_account_links WHERE bot_id = ? AND telegram_user_id = ?")
                .params(botId, telegramUserId).update() == 1;
    }

    /** Records an alert; false if one with this key was already recorded. */
    boolean noteAlert(String key, UserId user, Instant now) {
        return jdbc.sql("INSERT INTO telegram_owner_alerts (alert_key, user_id, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (alert_key) DO NOTHING")
                .params(key, user.value(), Timestamp.from(now)).update() == 1;
    }

    private static final String SELECT_LINK = "SELECT l.id, l.user_id, l.bot_id, b.username AS bot_username,"
            + " l.telegram_user_id, l.chat_id, l.username, l.first_name, l.created_at"
            + " FROM telegram_account_links l JOIN telegram_bots b ON b.id = l.bot_id";

    private static LinkedChat link(ResultSet rs, int row) throws SQLException {
        return new LinkedChat(rs.getObject("id", UUID.class), new UserId(rs.getObject("user_id", UUID.class)),
                rs.getObject("bot_id", UUID.class), rs.getString("bot_username"), rs.getLong("telegram_user_id"),
                rs.getLong("chat_id"), rs.getString("username"), rs.getString("first_name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
