package dev.switchboard.telegram.botapi;

import com.pengrad.telegrambot.TelegramBot;
import dev.switchboard.telegram.TelegramProperties;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes a {@link BotApi} for a bot token against the configured Bot API base URL
 * ({@code switchboard.telegram.api-url}). All bots share one HTTP client and its connection pool.
 *
 * <p>The HTTP client never repeats a request by itself ({@code retryOnConnectionFailure} off): a
 * send whose answer was lost must be decided by the caller, not silently sent twice. It has no
 * logging interceptor, because the token is part of every request URL.
 */
@Component
public class BotApiFactory implements DisposableBean {

    /**
     * Idle connections kept for reuse. OkHttp's default of 5 is far below what hundreds of chats
     * need at once (sends, drafts, typing), and every connection beyond it was closed after its
     * call and opened again, with TCP and TLS set-up each time.
     */
    private static final int IDLE_CONNECTIONS = 64;

    private final TelegramProperties properties;
    private final OkHttpClient http;

    public BotApiFactory(TelegramProperties properties) {
        this.properties = properties;
        requireHttp(properties.apiUrl());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .addInterceptor(new EnvelopeInterceptor())
                .build();
    }

    /** The client for one bot at the configured API base URL. */
    public BotApi forToken(String token) {
        return forToken(token, properties.apiUrl());
    }

    /** The client for one bot at another Bot API server (e.g. a bot's own self-hosted one). */
    public BotApi forToken(String token, URI apiUrl) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bot token is blank");
        }
        requireHttp(apiUrl);
        var base = apiUrl.toString().replaceAll("/+$", "");
        var bot = new TelegramBot.Builder(token)
                .okHttpClient(http)
                .apiUrl(base + "/bot")
                .build();
        return new BotApi(bot, token, properties.readTimeout(), http, HttpUrl.get(base).newBuilder().addPathSegment("bot" + token).build());
    }

    @Override
    public void destroy() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static void requireHttp(URI apiUrl) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        var scheme = apiUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || apiUrl.getHost() == null) {
            throw new IllegalArgumentException("the Telegram API URL must be an http(s) URL, was " + apiUrl);
        }
    }
}
