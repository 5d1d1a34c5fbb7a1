package dev.switchboard.shared;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request bodies may not carry text that cannot be stored or encoded. Both of these are valid
 * JSON escapes: a NUL character ({@code \u0000}), which no PostgreSQL text or jsonb value can
 * hold, and half of a surrogate pair ({@code \ud83d} alone), which is not Unicode and cannot be
 * written as UTF-8 (a password hash threw on it). Let through, they failed deep inside a request
 * with a 500; refused while the body is read, they are a 400 that names the field
 * ({@link ProblemHandler}) and nothing is written.
 */
@Configuration(proxyBeanMethods = false)
public class StorableText {

    private static final char REPLACEMENT = '\uFFFD';

    static final String NUL_REFUSED = "contains a NUL character (U+0000), which cannot be stored";
    static final String SURROGATE_REFUSED = "contains half of a UTF-16 surrogate pair, which is not Unicode";

    /**
     * Why the text cannot be taken (a NUL, a lone surrogate), or null if it can; for request text
     * read without the JSON mapper's string deserializer (a JSON tree).
     */
    public static String refusal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return NUL_REFUSED;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return SURROGATE_REFUSED;
            }
        }
        return null;
    }

    /**
     * The text with every character {@link #refusal} refuses (a NUL, half a surrogate pair)
     * replaced by U+FFFD; the same instance if there is none. For text nobody can be asked to send
     * again: a Telegram update, a model's answer.
     */
    public static String scrubbed(String text) {
        if (refusal(text) == null) {
            return text;
        }
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else {
                clean.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return clean.toString();
    }

    /** Picked up by Spring Boot's JSON mapper, so every request body's strings are checked. */
    @Bean
    JacksonModule storableStrings() {
        return new SimpleModule("storable-strings").addDeserializer(String.class, new StorableStringDeserializer());
    }

    /** Jackson's own string deserializer, refusing a result that {@link #refusal} refuses. */
    static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            String refusal = value == null ? null : refusal(value);
            if (refusal != null) {
                throw InvalidFormatException.from(parser, "A text value " + refusal, value, String.class);
            }
            return value;
        }
    }
}
