package dev.switchboard.identity;

import dev.switchboard.shared.RateLimitedException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account (normalised email, whether or not it exists) and per client
 * address in Bucket4j token buckets kept in PostgreSQL, so every instance sees the same counts.
 * Only failures take a token; once either bucket is empty, further logins are refused with 429
 * and {@code Retry-After} until it refills, before any password is checked.
 */
@Component
class LoginThrottle {

    private final ProxyManager<String> buckets;
    private final Supplier<BucketConfiguration> perAccount;
    private final Supplier<BucketConfiguration> perAddress;

    LoginThrottle(ProxyManager<String> buckets, IdentityProperties properties) {
        this.buckets = buckets;
        BucketConfiguration account = configuration(properties.loginFailuresPerAccount(), properties.loginFailureWindow());
        BucketConfiguration address = configuration(properties.loginFailuresPerAddress(), properties.loginFailureWindow());
        this.perAccount = () -> account;
        this.perAddress = () -> address;
    }

    /** Throws {@link RateLimitedException} when the account or the address has no attempts left. */
    void checkAllowed(String email, String address) {
        Duration wait = max(waitFor(accountBucket(email)), waitFor(addressBucket(address)));
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many failed logins; try again later", wait);
        }
    }

    void recordFailure(String email, String address) {
        accountBucket(email).tryConsume(1);
        addressBucket(address).tryConsume(1);
    }

    private Bucket accountBucket(String email) {
        return buckets.builder().build("login-account:" + email, perAccount);
    }

    private Bucket addressBucket(String address) {
        return buckets.builder().build("login-address:" + address, perAddress);
    }

    private static Duration waitFor(Bucket bucket) {
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static BucketConfiguration configuration(int failures, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, window).build())
                .build();
    }
}
