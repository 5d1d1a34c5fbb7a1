package dev.switchboard.identity;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.switchboard.shared.Problems;
import dev.switchboard.vault.VaultService;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Stateless, no CSRF (no cookies), bearer tokens only: a token that starts
 * with {@code sb_} is an API key, anything else must be an HS256 access token signed with the
 * key the vault derives for {@code identity.jwt}. Either way the principal is an
 * {@link AuthenticatedUser}, and the session or key, and the user, are checked on every request
 * so revocation and disabling take effect at once. 401 and 403 are problem+json that never say
 * which part of a credential failed.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String INVALID_TOKEN = "Invalid bearer token";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder jwtDecoder, IdentityService identity,
            ApiKeys apiKeys) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Authentication required: send a valid access token or API key as a Bearer token");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(request, response, HttpStatus.FORBIDDEN, "forbidden", "This needs a role you do not have");
        };
        AuthenticationManager bearer = bearerAuthentication(jwtDecoder, identity, apiKeys);
        RequestMatcher publicRoutes = paths("/api/auth/register", "/api/auth/login", "/api/auth/refresh",
                "/api/auth/logout", "/api/setup", "/api/docs", "/api/docs/**", "/v3/api-docs", "/v3/api-docs/**",
                "/actuator/health", "/actuator/health/**", "/telegram/webhook/**");
        // Public routes ignore any Authorization header, so a client holding an expired access
        // token can still log out, refresh or log in.
        DefaultBearerTokenResolver standardResolver = new DefaultBearerTokenResolver();
        BearerTokenResolver bearerTokens = request -> publicRoutes.matches(request) ? null
                : standardResolver.resolve(request);
        http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicRoutes).permitAll()
                        .requestMatchers("/actuator/prometheus", "/actuator/prometheus/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/**", "/v1/**", "/actuator/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenResolver(bearerTokens)
                        .authenticationManagerResolver(request -> bearer)
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden));
        return http.build();
    }

    private static RequestMatcher paths(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns)
                .<RequestMatcher>map(pattern -> PathPatternRequestMatcher.withDefaults().matcher(pattern))
                .toList());
    }

    /** Sends API keys to {@link ApiKeys} and everything else to JWT validation plus the session check. */
    private static AuthenticationManager bearerAuthentication(JwtDecoder jwtDecoder, IdentityService identity,
            ApiKeys apiKeys) {
        JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder);
        jwtProvider.setJwtAuthenticationConverter(jwt -> new AuthenticatedUserToken(
                activeUser(jwt, identity), UUID.fromString(jwt.getClaimAsString("sid"))));
        AuthenticationManager jwtManager = new ProviderManager(jwtProvider);
        return authentication -> {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            if (token.startsWith(ApiKeys.KEY_START)) {
                return apiKeys.authenticate(token)
                        .<Authentication>map(user -> new AuthenticatedUserToken(user, null))
                        .orElseThrow(() -> new InvalidBearerTokenException(INVALID_TOKEN));
            }
            return jwtManager.authenticate(authentication);
        };
    }

    private static AuthenticatedUser activeUser(Jwt jwt, IdentityService identity) {
        try {
            UUID sessionId = UUID.fromString(Objects.requireNonNull(jwt.getClaimAsString("sid")));
            UUID userId = UUID.fromString(Objects.requireNonNull(jwt.getSubject()));
            return identity.activeSessionUser(sessionId, userId)
                    .orElseThrow(() -> new InvalidBearerTokenException(INVALID_TOKEN));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidBearerTokenException(INVALID_TOKEN);
        }
    }

    @Bean
    SecretKey jwtSigningKey(VaultService vault) {
        return new SecretKeySpec(vault.deriveKey("identity.jwt"), "HmacSHA256");
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(jwtSigningKey));
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey jwtSigningKey, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(jwtSigningKey).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps,
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull)));
        return decoder;
    }

    @Bean
    PasswordEncoder passwordEncoder(IdentityProperties properties) {
        return new Argon2PasswordEncoder(16, 32, properties.argon2Parallelism(), properties.argon2MemoryKib(),
                properties.argon2Iterations());
    }

    /** Login-failure buckets in {@code identity_rate_limit}, shared by every instance. */
    @Bean
    ProxyManager<String> loginBuckets(DataSource dataSource, IdentityProperties properties) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("identity_rate_limit")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }
}
