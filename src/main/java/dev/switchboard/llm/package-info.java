/**
 * LLM: providers (OpenAI, Anthropic, OpenAI-compatible, Ollama) and their model catalog, and the
 * one front door for calling a model, blocking or streaming, that classifies failures and records
 * every call (tokens, cost, latency). Owns the {@code llm_*} tables.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "vault"})
package dev.switchboard.llm;
