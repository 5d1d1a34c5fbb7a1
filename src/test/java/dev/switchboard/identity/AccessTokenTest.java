package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import tools.jackson.databind.JsonNode;

class AccessTokenTest extends IntegrationTest {

    @Autowired
    JwtEncoder jwtEncoder;

    @Test
    void expiredAccessTokensGet401() {
        TestUser user = TestUsers.register(api());
        Instant issued = Instant.parse("2020-01-01T00:00:00Z");
        String expired = sign(jwtEncoder, claims(user, issued, issued.plus(Duration.ofMinutes(15))));

        assertUnauthorized(api().as(expired).get("/api/me"));
    }

    @Test
    void tokensSignedWithAnotherKeyGet401() {
        TestUser user = TestUsers.register(api());
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        JwtEncoder forger = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(otherKey, "HmacSHA256")));
        String forged = sign(forger, claims(user, Instant.now(), Instant.now().plusSeconds(600)));

        assertUnauthorized(api().as(forged).get("/api/me"));
    }

    @Test
    void unsignedAlgNoneTokensGet401() {
        TestUser user = TestUsers.register(api());
        JsonNode real = decodePayload(user.accessToken());
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String unsigned = header + "." + base64(real.toString()) + ".";

        assertUnauthorized(api().as(unsigned).get("/api/me"));
        assertUnauthorized(api().as(header + "." + user.accessToken().split("\\.")[1] + "."
                + user.accessToken().split("\\.")[2]).get("/api/me"));
    }

    @Test
    void tamperedClaimsGet401() {
        TestUser user = TestUsers.register(api());
        String[] parts = user.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"USER\"", "\"ADMIN\"");

        assertUnauthorized(api().as(parts[0] + "." + base64(payload) + "." + parts[2]).get("/api/me"));
    }

    @Test
    void garbageAndMissingTokensGet401() {
        assertUnauthorized(api().as("not-a-token").get("/api/me"));
        assertUnauthorized(api().as("sb_nothing_here").get("/api/me"));
        assertUnauthorized(api().get("/api/me"));
        assertUnauthorized(api().withHeader("Authorization", "Basic dXNlcjpwYXNz").get("/api/me"));
    }

    @Test
    void accessTokensCarrySubjectSessionAndRole() {
        TestUser user = TestUsers.register(api());
        JsonNode claims = decodePayload(user.accessToken());

        assertThat(claims.get("sub").asString()).isEqualTo(user.id().toString());
        assertThat(claims.get("sid").asString()).isNotBlank();
        assertThat(claims.get("role").asString()).isEqualTo("USER");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(900);
        assertThat(new String(Base64.getUrlDecoder().decode(user.accessToken().split("\\.")[0]), StandardCharsets.UTF_8))
                .contains("HS256");
    }

    private static void assertUnauthorized(Api.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/unauthorized");
    }

    private static JwtClaimsSet claims(TestUser user, Instant issued, Instant expires) {
        JsonNode real = decodePayload(user.accessToken());
        return JwtClaimsSet.builder()
                .subject(user.id().toString())
                .claim("sid", real.get("sid").asString())
                .claim("role", "USER")
                .issuedAt(issued)
                .expiresAt(expires)
                .build();
    }

    private static String sign(JwtEncoder encoder, JwtClaimsSet claims) {
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private static JsonNode decodePayload(String jwt) {
        return Api.JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
