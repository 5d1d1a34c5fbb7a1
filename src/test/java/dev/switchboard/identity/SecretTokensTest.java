package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokensTest {

    @Test
    void randomTokensCarry256BitsInUrlSafeText() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = SecretTokens.random256();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            tokens.add(token);
        }
        assertThat(tokens).hasSize(100);
    }

    @Test
    void prefixesAreLowerCaseLettersAndDigits() {
        assertThat(SecretTokens.randomAlphanumeric(8)).hasSize(8).matches("[a-z0-9]{8}");
    }

    @Test
    void digestsAreSha256() {
        assertThat(SecretTokens.sha256("abc")).hasSize(32);
        assertThat(SecretTokens.sha256("abc")).isEqualTo(SecretTokens.sha256("abc"));
        assertThat(SecretTokens.sha256("abc")).isNotEqualTo(SecretTokens.sha256("abd"));
    }

    @Test
    void emailsAreTrimmedAndLowerCased() {
        assertThat(IdentityService.normaliseEmail("  Ada@Example.COM ")).isEqualTo("ada@example.com");
        assertThat(IdentityService.normaliseEmail(null)).isNull();
    }
}
