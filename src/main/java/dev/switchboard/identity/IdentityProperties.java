package dev.switchboard.identity;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the identity module, bound to {@code switchboard.identity}.
 *
 * <p>The argon2id defaults follow OWASP's minimum recommendation (19 MiB, 2 iterations, 1 lane):
 * about 30-60 ms per hash on one core, slow for an attacker with a stolen table yet quick enough
 * that the integration tests, which log in hundreds of times, stay fast.
 *
 * @param accessTokenTtl how long a JWT access token is valid (default 15 minutes)
 * @param refreshTokenTtl how long an unused refresh token stays valid; every refresh issues a new
 *     one with a fresh lifetime (default 30 days)
 * @param loginFailuresPerAccount failed logins allowed for one email within {@code loginFailureWindow}
 *     before further attempts get 429 (default 5)
 * @param loginFailuresPerAddress failed logins allowed from one client address within
 *     {@code loginFailureWindow} (default 20)
 * @param loginFailureWindow the window in which failed logins are counted; the allowance refills
 *     gradually over it (default 15 minutes)
 * @param argon2MemoryKib argon2id memory cost in KiB (default 19456 = 19 MiB)
 * @param argon2Iterations argon2id time cost (default 2)
 * @param argon2Parallelism argon2id lanes (default 1)
 * @param apiKeyLastUsedResolution how stale an API key's last-used time may get before a request
 *     writes it again, so busy keys do not cost a write per request (default 1 minute)
 */
@Validated
@ConfigurationProperties("switchboard.identity")
public record IdentityProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("5") @Min(1) int loginFailuresPerAccount,
        @DefaultValue("20") @Min(1) int loginFailuresPerAddress,
        @DefaultValue("15m") Duration loginFailureWindow,
        @DefaultValue("19456") @Min(1024) int argon2MemoryKib,
        @DefaultValue("2") @Min(1) int argon2Iterations,
        @DefaultValue("1") @Min(1) int argon2Parallelism,
        @DefaultValue("1m") Duration apiKeyLastUsedResolution) {
}
