/**
 * LLM: providers (OpenAI, Anthropic, OpenAI-compatible, Ollama) and their model catalog, and the
 * one front door for calling a model, blocking or streaming, that classifies failures and records
 * every call (tokens, cost, latency). Owns the {@code llm_*} tables.
 *
 * <p>{@link dev.switchboard.llm.LlmService} is the API for other modules; the REST controllers,
 * repositories and the LangChain4j adapter ({@code ChatModels}, {@code ProviderHttpClient},
 * {@code Failures}) are package-private. It does not retry failed calls (the processing module
 * does), and it knows nothing of bots or chats beyond the ids in {@link dev.switchboard.llm.CallTags}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "vault"})
package dev.switchboard.llm;
