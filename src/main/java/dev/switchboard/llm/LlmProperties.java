package dev.switchboard.llm;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Switchboard calls model providers, bound to {@code switchboard.llm}. Provider base URLs and
 * API keys are not here: they are per provider, and keys live in the vault.
 *
 * @param requestTimeout how long a call may wait for the provider's answer to begin, and, when
 *     streaming, how long it may wait for the next piece; a call that waits longer fails as
 *     retryable (default 60 s)
 * @param connectTimeout how long to wait for a TCP (and TLS) connection to a provider (default 10 s)
 * @param defaultMaxOutputTokens the answer limit sent to providers that require one (Anthropic)
 *     when a request gives none (default 4096)
 * @param defaultContextWindow the context window of a catalog model created without one (default 8192)
 */
@Validated
@ConfigurationProperties("switchboard.llm")
record LlmProperties(
        @NotNull @DefaultValue("60s") Duration requestTimeout,
        @NotNull @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("4096") @Min(1) int defaultMaxOutputTokens,
        @DefaultValue("8192") @Min(1) int defaultContextWindow) {
}
