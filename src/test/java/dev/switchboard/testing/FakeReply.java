package dev.switchboard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fake LLM provider ({@link FakeOpenAi}, {@link FakeAnthropic}) answers to one request:
 * a text (streamed in chunks when the request asks for a stream) with the token usage the provider
 * reports, or an error in the provider's own error shape; optionally slow.
 *
 * <pre>{@code
 * fake.reply(FakeReply.text("hello there").tokens(12, 3).delay(Duration.ofMillis(500)));
 * fake.reply(FakeReply.chunks("Hel", "lo").chunkDelay(Duration.ofMillis(50)));
 * fake.reply(FakeReply.error(429, "Rate limit reached").header("retry-after", "7"));
 * fake.reply(FakeReply.raw(502, "<html>Bad Gateway</html>"));
 * }</pre>
 *
 * Immutable: every method returns a changed copy.
 *
 * @param chunks the answer's pieces, in order (their concatenation is the text); empty for an error
 * @param inputTokens the prompt tokens reported, or null to count the request's words
 * @param outputTokens the answer tokens reported, or null to count the answer's words
 * @param delay how long to wait before answering at all (before the status line)
 * @param chunkDelay how long to wait between streamed chunks
 * @param status 200 for an answer, else the error status
 * @param errorMessage the message of the provider-shaped error, or null
 * @param errorType the provider's error type (e.g. {@code rate_limit_error}), or null for the usual one for the status
 * @param rawBody a body sent exactly as given instead of a provider-shaped error, or null
 * @param headers extra response headers (e.g. {@code retry-after})
 * @param cutShort whether the answer stopped at the output token limit (OpenAI's {@code finish_reason}
 *     {@code length}, Anthropic's {@code stop_reason} {@code max_tokens}) rather than where the model ended it
 */
public record FakeReply(List<String> chunks, Integer inputTokens, Integer outputTokens, Duration delay,
        Duration chunkDelay, int status, String errorMessage, String errorType, String rawBody,
        Map<String, String> headers, boolean cutShort) {

    public FakeReply {
        chunks = List.copyOf(chunks);
        headers = Map.copyOf(headers);
    }

    /** An answer with this text, streamed word by word (each chunk keeps its leading space). */
    public static FakeReply text(String text) {
        return new FakeReply(split(text), null, null, Duration.ZERO, Duration.ZERO, 200, null, null, null, Map.of(), false);
    }

    /** An answer streamed in exactly these chunks. */
    public static FakeReply chunks(String... chunks) {
        return new FakeReply(List.of(chunks), null, null, Duration.ZERO, Duration.ZERO, 200, null, null, null, Map.of(), false);
    }

    /** An error in the provider's shape, e.g. OpenAI's {@code {"error":{"message",...}}}. */
    public static FakeReply error(int status, String message) {
        return new FakeReply(List.of(), null, null, Duration.ZERO, Duration.ZERO, status, message, null, null, Map.of(), false);
    }

    /** Any status with this body as is (a proxy's HTML page, broken JSON). */
    public static FakeReply raw(int status, String body) {
        return new FakeReply(List.of(), null, null, Duration.ZERO, Duration.ZERO, status, null, null, body, Map.of(), false);
    }

    /** The usage the provider reports. */
    public FakeReply tokens(int input, int output) {
        return new FakeReply(chunks, input, output, delay, chunkDelay, status, errorMessage, errorType, rawBody, headers, cutShort);
    }

    /** Waits this long before answering at all. */
    public FakeReply delay(Duration wait) {
        return new FakeReply(chunks, inputTokens, outputTokens, wait, chunkDelay, status, errorMessage, errorType,
                rawBody, headers, cutShort);
    }

    /** Waits this long between streamed chunks. */
    public FakeReply chunkDelay(Duration wait) {
        return new FakeReply(chunks, inputTokens, outputTokens, delay, wait, status, errorMessage, errorType, rawBody,
                headers, cutShort);
    }

    /** The provider's error type, instead of the usual one for the status. */
    public FakeReply errorType(String type) {
        return new FakeReply(chunks, inputTokens, outputTokens, delay, chunkDelay, status, errorMessage, type, rawBody,
                headers, cutShort);
    }

    /** One more response header. */
    public FakeReply header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FakeReply(chunks, inputTokens, outputTokens, delay, chunkDelay, status, errorMessage, errorType,
                rawBody, copy, cutShort);
    }

    /** The answer stops at the output token limit: the provider says so instead of a normal end. */
    public FakeReply cutAtLimit() {
        return new FakeReply(chunks, inputTokens, outputTokens, delay, chunkDelay, status, errorMessage, errorType,
                rawBody, headers, true);
    }

    /** The whole answer text. */
    public String text() {
        return String.join("", chunks);
    }

    /** True if this is an error answer. */
    public boolean isError() {
        return status < 200 || status >= 300;
    }

    /** The reported prompt tokens: as set, else the words of the request's messages. */
    int inputTokensFor(FakeLlmRequest request) {
        return inputTokens != null ? inputTokens : Math.max(1, request.messages().stream()
                .mapToInt(message -> words(message.text())).sum());
    }

    /** The reported answer tokens: as set, else the words of the answer. */
    int outputTokensFor() {
        return outputTokens != null ? outputTokens : words(text());
    }

    /** The fakes' token count when none is set: whitespace-separated words. */
    public static int words(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ') {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }
}
