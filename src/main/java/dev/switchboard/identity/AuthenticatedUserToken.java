package dev.switchboard.identity;

import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication of a request made with an access token or an API key: the principal is
 * always an {@link AuthenticatedUser}, whatever the credential was. {@link #sessionId()} is the
 * login session of an access token, and null for an API key.
 */
final class AuthenticatedUserToken extends AbstractAuthenticationToken {

    private final AuthenticatedUser user;
    private final UUID sessionId;

    AuthenticatedUserToken(AuthenticatedUser user, UUID sessionId) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
        this.user = user;
        this.sessionId = sessionId;
        setAuthenticated(true);
    }

    static UUID sessionOf(Authentication authentication) {
        return authentication instanceof AuthenticatedUserToken token ? token.sessionId : null;
    }

    UUID sessionId() {
        return sessionId;
    }

    @Override
    public AuthenticatedUser getPrincipal() {
        return user;
    }

    /** Never kept: the bearer token is not needed after authentication and must not leak into logs. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return user.id().toString();
    }
}
