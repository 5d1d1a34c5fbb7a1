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
 * Request bodies may not carry text PostgreSQL cannot store. A NUL character ({@code \u0000})
 * is valid JSON but no PostgreSQL text or jsonb value can hold it: let through, it failed the
 * insert deep inside a request and answered 500. Refused while the body is read, it is a 400
 * that names the field ({@link ProblemHandler}) and nothing is written.
 */
@Configuration(proxyBeanMethods = false)
class StorableText {

    static final String NUL_REFUSED = "contains a NUL character (U+0000), which cannot be stored";

    /** Picked up by Spring Boot's JSON mapper, so every request body's strings are checked. */
    @Bean
    JacksonModule storableStrings() {
        return new SimpleModule("storable-strings").addDeserializer(String.class, new NulRefusingDeserializer());
    }

    /** Jackson's own string deserializer, refusing a result with a NUL in it. */
    static final class NulRefusingDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(parser, "A text value " + NUL_REFUSED, value, String.class);
            }
            return value;
        }
    }
}
