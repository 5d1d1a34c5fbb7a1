package dev.switchboard.identity;

import dev.switchboard.shared.ConflictException;
import dev.switchboard.shared.ForbiddenException;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.shared.RateLimitedException;
import dev.switchboard.shared.UnauthorizedException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The identity module's front door: registration, login, token refresh and logout, the signed-in
 * user's password and sessions, and the admin's view of users and settings. Other modules use
 * only {@link #findUser(UserId)}; everything else serves this module's controllers.
 */
@Service
public class IdentityService {

    private static final String WRONG_CREDENTIALS = "Wrong email or password";
    private static final String INVALID_REFRESH = "The refresh token is invalid, expired or already used";

    /** A user as the API shows it. */
    record UserView(UUID id, String email, String name, Role role, Boolean enabled, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.email(), user.name(), user.role(), null, null);
        }

        static UserView forAdmin(User user) {
            return new UserView(user.id(), user.email(), user.name(), user.role(), user.enabled(), user.createdAt());
        }
    }

    /** The answer to a login or refresh. */
    record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {
    }

    /** A session as its owner sees it. */
    record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, String userAgent, String ip, boolean current) {
    }

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordEncoder passwords;
    private final JwtEncoder jwtEncoder;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final String dummyHash;

    IdentityService(UserRepository users, SessionRepository sessions, PasswordEncoder passwords, JwtEncoder jwtEncoder,
            LoginThrottle throttle, AuditLog audit, IdentityProperties properties, TransactionOperations transactions,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.jwtEncoder = jwtEncoder;
        this.throttle = throttle;
        this.audit = audit;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        // Compared against when the email is unknown, so that answer takes as long as a wrong password.
        this.dummyHash = passwords.encode(SecretTokens.random256());
    }

    /** The user with this id, if they exist and are enabled. */
    public Optional<AuthenticatedUser> findUser(UserId id) {
        return users.findById(id.value()).filter(User::enabled).map(User::authenticated);
    }

    /** Whether anyone has registered yet; until then the first registration makes the admin. */
    boolean hasAnyUser() {
        return users.count() > 0;
    }

    static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Registers a user; the first one becomes ADMIN. An advisory lock held for the transaction
     * serialises registrations, so two concurrent first registrations cannot both see an empty table.
     */
    UserView register(String email, String password, String name, ClientInfo client) {
        String normalised = normaliseEmail(email);
        String hash = passwords.encode(password);
        User user = transactions.execute(status -> {
            users.lockRegistrations();
            long existing = users.count();
            if (existing > 0 && !users.registrationOpen()) {
                throw new ForbiddenException("Registration is closed; ask an admin for an account");
            }
            if (users.existsByEmail(normalised)) {
                throw new ConflictException("A user with this email already exists");
            }
            User created = new User(UUID.randomUUID(), normalised, name == null || name.isBlank() ? null : name.strip(),
                    hash, existing == 0 ? Role.ADMIN : Role.USER, true, clock.instant());
            try {
                users.insert(created);
            } catch (DuplicateKeyException e) {
                throw new ConflictException("A user with this email already exists");
            }
            return created;
        });
        audit.record(AuditLog.Event.REGISTERED, user.id(), user.email(), client.ip());
        return UserView.of(user);
    }

    TokenPair login(String email, String password, ClientInfo client) {
        String normalised = normaliseEmail(email);
        try {
            throttle.checkAllowed(normalised, client.ip());
        } catch (RateLimitedException e) {
            audit.record(AuditLog.Event.LOGIN_THROTTLED, null, normalised, client.ip());
            throw e;
        }
        Optional<User> user = users.findByEmail(normalised);
        boolean matches = passwords.matches(password, user.map(User::passwordHash).orElse(dummyHash));
        if (user.isEmpty() || !matches || !user.get().enabled()) {
            throttle.recordFailure(normalised, client.ip());
            audit.record(AuditLog.Event.LOGIN_FAILED, user.map(User::id).orElse(null), normalised, client.ip());
            throw new UnauthorizedException(WRONG_CREDENTIALS);
        }
        Instant now = clock.instant();
        UUID sessionId = UUID.randomUUID();
        String refreshToken = SecretTokens.random256();
        transactions.executeWithoutResult(status -> {
            sessions.insertSession(sessionId, user.get().id(), now, client);
            sessions.insertRefreshToken(SecretTokens.sha256(refreshToken), sessionId, now,
                    now.plus(properties.refreshTokenTtl()));
        });
        audit.record(AuditLog.Event.LOGIN_SUCCEEDED, user.get().id(), normalised, client.ip());
        return pair(user.get(), sessionId, refreshToken, now);
    }

    /**
     * Swaps a refresh token for a new pair. A token is good for one use: presenting a spent one
     * means it was stolen or replayed, so the whole session is revoked.
     */
    TokenPair refresh(String refreshToken, ClientInfo client) {
        byte[] hash = SecretTokens.sha256(refreshToken);
        Instant now = clock.instant();
        Optional<UUID> spent = sessions.spendRefreshToken(hash, now);
        if (spent.isEmpty()) {
            sessions.findRefreshToken(hash).filter(token -> token.usedAt() != null).ifPresent(token -> {
                sessions.revoke(token.sessionId(), now);
                audit.record(AuditLog.Event.REFRESH_REPLAYED, token.userId(), null, client.ip());
            });
            throw new UnauthorizedException(INVALID_REFRESH);
        }
        UUID sessionId = spent.get();
        User user = sessions.findActiveSessionUserBySession(sessionId)
                .orElseThrow(() -> new UnauthorizedException(INVALID_REFRESH));
        String next = SecretTokens.random256();
        transactions.executeWithoutResult(status -> {
            sessions.insertRefreshToken(SecretTokens.sha256(next), sessionId, now, now.plus(properties.refreshTokenTtl()));
            sessions.touch(sessionId, now, client);
        });
        return pair(user, sessionId, next, now);
    }

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    void logout(String refreshToken, ClientInfo client) {
        sessions.findRefreshToken(SecretTokens.sha256(refreshToken)).ifPresent(token -> {
            sessions.revoke(token.sessionId(), clock.instant());
            audit.record(AuditLog.Event.LOGGED_OUT, token.userId(), null, client.ip());
        });
    }

    UserView me(AuthenticatedUser user) {
        return users.findById(user.id().value()).map(UserView::of)
                .orElseThrow(() -> new NotFoundException("User", user.id()));
    }

    /** Changes the password and ends every session of the user, this one included. */
    void changePassword(AuthenticatedUser caller, String currentPassword, String newPassword, ClientInfo client) {
        User user = users.findById(caller.id().value()).orElseThrow(() -> new NotFoundException("User", caller.id()));
        if (!passwords.matches(currentPassword, user.passwordHash())) {
            throw new InvalidException("The current password is wrong",
                    Map.of("currentPassword", "does not match the current password"));
        }
        String hash = passwords.encode(newPassword);
        transactions.executeWithoutResult(status -> {
            users.updatePasswordHash(user.id(), hash);
            sessions.revokeAllOf(user.id(), clock.instant());
        });
        audit.record(AuditLog.Event.PASSWORD_CHANGED, user.id(), user.email(), client.ip());
    }

    List<SessionView> sessions(AuthenticatedUser user, UUID currentSession) {
        Instant activeSince = clock.instant().minus(properties.refreshTokenTtl());
        return sessions.findActive(user.id().value(), activeSince).stream()
                .map(s -> new SessionView(s.id(), s.createdAt(), s.lastUsedAt(), s.userAgent(), s.ip(),
                        s.id().equals(currentSession)))
                .toList();
    }

    void revokeSession(AuthenticatedUser user, UUID sessionId, ClientInfo client) {
        if (!sessions.revokeOwned(sessionId, user.id().value(), clock.instant())) {
            throw new NotFoundException("Session", sessionId);
        }
        audit.record(AuditLog.Event.SESSION_REVOKED, user.id().value(), user.email(), client.ip());
    }

    /** The user of an access token's session, if it is still active; checked on every request. */
    Optional<AuthenticatedUser> activeSessionUser(UUID sessionId, UUID userId) {
        return sessions.findActiveSessionUser(sessionId, userId).map(User::authenticated);
    }

    List<UserView> allUsers() {
        return users.findAll().stream().map(UserView::forAdmin).toList();
    }

    /** Disables a user: their sessions end and their API keys stop working at once. */
    UserView setEnabled(AuthenticatedUser admin, UUID userId, boolean enabled, ClientInfo client) {
        if (!enabled && admin.id().value().equals(userId)) {
            throw new ConflictException("Admins cannot disable themselves");
        }
        User user = transactions.execute(status -> {
            if (!users.setEnabled(userId, enabled)) {
                throw new NotFoundException("User", userId);
            }
            if (!enabled) {
                sessions.revokeAllOf(userId, clock.instant());
            }
            return users.findById(userId).orElseThrow();
        });
        audit.record(enabled ? AuditLog.Event.USER_ENABLED : AuditLog.Event.USER_DISABLED, userId, user.email(),
                client.ip());
        return UserView.forAdmin(user);
    }

    boolean registrationOpen() {
        return users.registrationOpen();
    }

    void setRegistrationOpen(AuthenticatedUser admin, boolean open, ClientInfo client) {
        users.setRegistrationOpen(open);
        audit.record(AuditLog.Event.SETTINGS_CHANGED, admin.id().value(), admin.email(), client.ip());
    }

    private TokenPair pair(User user, UUID sessionId, String refreshToken, Instant now) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(user.id().toString())
                .issuedAt(now)
                .expiresAt(now.plus(properties.accessTokenTtl()))
                .claim("sid", sessionId.toString())
                .claim("role", user.role().name())
                .build();
        String accessToken = jwtEncoder.encode(JwtEncoderParameters.from(
                JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
        return new TokenPair(accessToken, refreshToken, "Bearer", properties.accessTokenTtl().toSeconds());
    }
}
