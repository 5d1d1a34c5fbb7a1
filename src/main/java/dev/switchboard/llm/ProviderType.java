package dev.switchboard.llm;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of provider, by wire protocol, with the base URL each gets when none is given. */
enum ProviderType {

    OPENAI("openai", "https://api.openai.com/v1"),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1"),
    /** Any server speaking OpenAI's chat completions API (vLLM, OpenRouter, LM Studio, ...): needs a base URL. */
    OPENAI_COMPATIBLE("openai_compatible", null),
    /** Ollama, spoken to through its OpenAI-compatible endpoint at {@code <baseUrl>/v1}. */
    OLLAMA("ollama", "http://localhost:11434");

    static final String NAMES = "openai|anthropic|openai_compatible|ollama";

    private final String wireName;
    private final String defaultBaseUrl;

    ProviderType(String wireName, String defaultBaseUrl) {
        this.wireName = wireName;
        this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The name in the API and the database, e.g. {@code openai_compatible}. */
    String wireName() {
        return wireName;
    }

    /** The base URL used when none is given; empty for {@code openai_compatible}, which needs one. */
    Optional<String> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    static ProviderType fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown provider type " + name));
    }
}
