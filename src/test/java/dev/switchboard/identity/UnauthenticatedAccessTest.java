package dev.switchboard.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.IntegrationTest;
import dev.switchboard.testing.TestUsers;
import dev.switchboard.testing.TestUsers.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Sweeps every {@code /api/**} and {@code /v1/**} route Spring MVC knows, including those other
 * modules add later, and proves none answers without credentials (or with bad ones) except the
 * public auth endpoints and the API document.
 */
class UnauthenticatedAccessTest extends IntegrationTest {

    private static final Set<String> PUBLIC = Set.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh",
            "/api/auth/logout");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Route(String method, String path) {
    }

    @Test
    void everyProtectedRouteAnswers401ProblemWithoutCredentials() {
        List<Route> routes = protectedRoutes();
        assertThat(routes).extracting(Route::path).contains("/api/me", "/api/api-keys", "/api/admin/users",
                "/api/providers", "/api/models", "/api/processing", "/api/processing/summary", "/api/usage", "/api/usage/calls");
        assertThat(routes).extracting(Route::path).anyMatch(path -> path.matches("/api/providers/[0-9a-f-]{36}/test"));

        sweep(routes, api());
    }

    @Test
    void everyProtectedRouteAnswers401ProblemWithABadToken() {
        sweep(protectedRoutes(), api().as("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"));
        sweep(protectedRoutes(), api().as("sb_abcdefgh_" + "A".repeat(43)));
    }

    @Test
    void publicAuthRoutesNeedNoCredentials() {
        for (String path : PUBLIC) {
            assertThat(api().post(path, "{}").status()).as(path).isEqualTo(400);
        }
        assertThat(api().get("/api/docs").status()).isEqualTo(200);
        assertThat(api().get("/actuator/health").status()).isEqualTo(200);
        assertThat(api().get("/api/setup").status()).isEqualTo(200);
    }

    @Test
    void publicAuthRoutesIgnoreAStaleBearerToken() {
        Api stale = api().as("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl");
        TestUser user = TestUsers.register(api());

        assertThat(stale.post("/api/auth/login", Map.of("email", user.email(), "password", user.password())).status())
                .isEqualTo(200);
        assertThat(stale.post("/api/auth/logout", Map.of("refreshToken", user.refreshToken())).status()).isEqualTo(204);
        assertThat(stale.get("/actuator/health").status()).isEqualTo(200);
    }

    private static void sweep(List<Route> routes, Api client) {
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes) {
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            Api.Response response = client.send(route.method(), route.path(), body == null ? null : "application/json", body);
            softly.assertThat(response.status()).as(route.toString()).isEqualTo(401);
            softly.assertThat(response.contentType()).as(route.toString()).startsWith("application/problem+json");
            softly.assertThat(response.header("WWW-Authenticate")).as(route.toString()).isEqualTo("Bearer");
        }
        softly.assertAll();
    }

    private List<Route> protectedRoutes() {
        Set<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!(pattern.startsWith("/api/") || pattern.startsWith("/v1/")) || PUBLIC.contains(pattern)
                        || pattern.equals("/api/setup")
                        || pattern.equals("/api/docs") || pattern.startsWith("/api/docs/") || pattern.startsWith("/api/docs.")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{\\*?[^}]+}", UUID.randomUUID().toString()).replace("**", "x");
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    if (seen.add(method + " " + path)) {
                        routes.add(new Route(method.name(), path));
                    }
                }
            }
        }
        return routes;
    }
}
