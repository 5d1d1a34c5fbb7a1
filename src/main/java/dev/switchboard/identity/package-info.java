/**
 * Identity: users and roles, sessions (JWT access tokens with rotating refresh tokens), API keys,
 * login throttling and the security filter chain. Owns the {@code identity_*} tables, and deletes
 * sessions and refresh tokens once they are long dead. Does not know about bots, providers or
 * anything a user owns.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "vault"})
package dev.switchboard.identity;
