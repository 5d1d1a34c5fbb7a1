package dev.switchboard.telegram;

import dev.switchboard.shared.ProblemException;
import dev.switchboard.shared.Problems;
import dev.switchboard.shared.SwitchboardProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST /telegram/webhook/{botId}}: Telegram's deliveries for webhook-mode bots. 200 only
 * after the update is committed; if that fails the answer is 5xx and Telegram delivers it again,
 * and a repeat of a stored update is acknowledged and ignored. A wrong or missing secret is 401 and
 * stores nothing.
 *
 * <p>This is the one request every message of every bot goes through, so it is served by a filter
 * ahead of the rest of the web stack: Spring Security (the path authenticates with its own secret),
 * MVC dispatch and per-request observations cost several times the intake itself (measured with
 * {@code bench/intake.sh}). Its errors are the same problem details the rest of the API answers.
 */
@Configuration(proxyBeanMethods = false)
class WebhookEndpoint {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    static final String PATH = "/telegram/webhook/";

    private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

    @Bean
    FilterRegistrationBean<WebhookFilter> telegramWebhook(Intake intake, SwitchboardProperties properties) {
        FilterRegistrationBean<WebhookFilter> registration =
                new FilterRegistrationBean<>(new WebhookFilter(intake, properties.maxRequestBytes()));
        registration.addUrlPatterns(PATH + "*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("telegramWebhook");
        return registration;
    }

    static final class WebhookFilter extends OncePerRequestFilter {

        private final Intake intake;
        private final long maxBytes;

        WebhookFilter(Intake intake, long maxBytes) {
            this.intake = intake;
            this.maxBytes = maxBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String botId = request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
            if (botId.isEmpty() || botId.contains("/")) {
                Problems.write(request, response, HttpStatus.NOT_FOUND, "not-found", "No such webhook");
                return;
            }
            if (!"POST".equals(request.getMethod())) {
                response.setHeader(HttpHeaders.ALLOW, "POST");
                Problems.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                        "The webhook takes POST only");
                return;
            }
            if (!isJson(request.getContentType())) {
                Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                        "The webhook takes application/json");
                return;
            }
            String body = readBody(request);
            if (body == null) {
                Problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "payload-too-large",
                        "The request body is larger than " + maxBytes + " bytes");
                return;
            }
            try {
                intake.receiveWebhook(botId, request.getHeader(SECRET_HEADER), body);
                response.setStatus(HttpStatus.OK.value());
            } catch (ProblemException e) {
                Problems.write(request, response, e.status(), e.type(), e.getMessage());
            } catch (DataAccessResourceFailureException | CannotCreateTransactionException e) {
                log.error("Webhook delivery not stored, database unavailable: {}", e.getMessage());
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                        "The database is unavailable; try again shortly");
            } catch (RuntimeException e) {
                log.error("Webhook delivery not stored", e);
                Problems.write(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "An internal error occurred");
            }
        }

        private static boolean isJson(String contentType) {
            if (contentType == null) {
                return false;
            }
            try {
                return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** The body as UTF-8, or null if it is longer than the limit (declared so, or found so when no length was declared). */
        private String readBody(HttpServletRequest request) throws IOException {
            long declared = request.getContentLengthLong();
            if (declared > maxBytes) {
                return null;
            }
            // Telegram declares the length: reading that many bytes fills one array of the body's
            // size, where asking for up to the limit first fills a 16 KB buffer and then copies out
            // of it (a delivery is a few hundred bytes; those buffers were a twentieth of what the
            // app allocated per turn). A body without a length is read up to one byte past the
            // limit, so an oversize one is still told apart.
            int wanted = (int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            try (InputStream in = request.getInputStream()) {
                byte[] bytes = in.readNBytes(wanted);
                return bytes.length > maxBytes ? null : new String(bytes, StandardCharsets.UTF_8);
            }
        }
    }
}
