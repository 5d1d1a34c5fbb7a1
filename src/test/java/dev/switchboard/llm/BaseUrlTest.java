package dev.switchboard.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The base URL rules of providers, without HTTP. */
class BaseUrlTest {

    static String accepted(ProviderType type, String given) {
        Map<String, String> errors = new LinkedHashMap<>();
        String url = Catalog.baseUrl(type, given, errors);
        assertThat(errors).as(given).isEmpty();
        return url;
    }

    static Map<String, String> refused(ProviderType type, String given) {
        Map<String, String> errors = new LinkedHashMap<>();
        Catalog.baseUrl(type, given, errors);
        return errors;
    }

    @Test
    void eachTypeHasItsDefaultExceptOpenAiCompatible() {
        assertThat(accepted(ProviderType.OPENAI, null)).isEqualTo("https://api.openai.com/v1");
        assertThat(accepted(ProviderType.ANTHROPIC, " ")).isEqualTo("https://api.anthropic.com/v1");
        assertThat(accepted(ProviderType.OLLAMA, "")).isEqualTo("http://localhost:11434");
        assertThat(refused(ProviderType.OPENAI_COMPATIBLE, null)).containsOnlyKeys("baseUrl");
    }

    @Test
    void givenUrlsAreTrimmedOfSpacesAndTrailingSlashes() {
        assertThat(accepted(ProviderType.OPENAI_COMPATIBLE, " https://openrouter.ai/api/v1// "))
                .isEqualTo("https://openrouter.ai/api/v1");
        assertThat(accepted(ProviderType.OLLAMA, "http://10.0.0.5:11434")).isEqualTo("http://10.0.0.5:11434");
    }

    @Test
    void onlyPlainHttpUrlsAreAccepted() {
        for (String url : new String[] {"ftp://x.example", "file:///etc/passwd", "localhost:11434", "http://",
                "https://u:p@x.example", "https://x.example/v1?key=1", "https://x.example/#f", "https://x .example"}) {
            assertThat(refused(ProviderType.OPENAI, url)).as(url).containsOnlyKeys("baseUrl");
        }
    }
}
