package dev.switchboard.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and the registration setting. */
@Repository
class UserRepository {

    private static final String COLUMNS = "id, email, name, password_hash, role, enabled, created_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identity_user WHERE id = ?").param(id)
                .query(UserRepository::map).optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identity_user WHERE lower(email) = lower(?)").param(email)
                .query(UserRepository::map).optional();
    }

    List<User> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM identity_user ORDER BY created_at, email")
                .query(UserRepository::map).list();
    }

    boolean existsByEmail(String email) {
        return jdbc.sql("SELECT count(*) FROM identity_user WHERE lower(email) = lower(?)").param(email)
                .query(Long.class).single() > 0;
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM identity_user").query(Long.class).single();
    }

    void insert(User user) {
        jdbc.sql("INSERT INTO identity_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(user.id(), user.email(), user.name(), user.passwordHash(), user.role().name(),
                        user.enabled(), Timestamp.from(user.createdAt()))
                .update();
    }

    void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("UPDATE identity_user SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
    }

    boolean setEnabled(UUID id, boolean enabled) {
        return jdbc.sql("UPDATE identity_user SET enabled = ? WHERE id = ?").params(enabled, id).update() == 1;
    }

    /** Serialises registrations until the end of the current transaction. */
    void lockRegistrations() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('identity.registration'))").query().listOfRows();
    }

    boolean registrationOpen() {
        return jdbc.sql("SELECT registration_open FROM identity_settings WHERE id = 1").query(Boolean.class).single();
    }

    void setRegistrationOpen(boolean open) {
        jdbc.sql("UPDATE identity_settings SET registration_open = ? WHERE id = 1").param(open).update();
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
                rs.getString("password_hash"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant());
    }
}
