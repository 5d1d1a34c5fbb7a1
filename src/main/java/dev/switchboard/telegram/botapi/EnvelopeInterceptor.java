package dev.switchboard.telegram.botapi;

import com.google.gson.JsonObject;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Keeps the HTTP status of error answers that are not Bot API JSON (an HTML 502 from a proxy, an
 * empty 500): they are rewritten to {@code {"ok":false,"error_code":<status>,...}} so they are
 * classified by status like Telegram's own errors. The library itself reads only the body.
 */
final class EnvelopeInterceptor implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final long PEEK_BYTES = 64 * 1024;

    @Override
    public Response intercept(Chain chain) throws IOException {
        var response = chain.proceed(chain.request());
        if (response.isSuccessful()) {
            return response;
        }
        var peeked = response.peekBody(PEEK_BYTES).string().strip();
        if (peeked.startsWith("{") && peeked.contains("\"error_code\"")) {
            return response;
        }
        var envelope = new JsonObject();
        envelope.addProperty("ok", false);
        envelope.addProperty("error_code", response.code());
        var reason = response.message().isBlank() ? "HTTP " + response.code() : response.message();
        envelope.addProperty("description", reason);
        response.close();
        return response.newBuilder().body(ResponseBody.create(envelope.toString(), JSON)).build();
    }
}
