package dev.switchboard.conversation;

import dev.switchboard.identity.AuthenticatedUser;
import dev.switchboard.llm.LlmMessage;
import dev.switchboard.processing.TurnException;
import dev.switchboard.shared.InvalidException;
import dev.switchboard.shared.Problems;
import dev.switchboard.shared.StorableText;
import dev.switchboard.shared.UpstreamException;
import dev.switchboard.telegram.BotSettings;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The OpenAI-compatible API: any OpenAI client (its SDKs, LangChain, n8n's OpenAI node) talks to a
 * bot by naming the bot's username as the model, authenticated with a Switchboard API key (or an
 * access token) as its Bearer token. Errors are problem details, so a client sees the status and a
 * readable detail.
 */
@RestController
class CompletionsController {

    private static final Logger log = LoggerFactory.getLogger(CompletionsController.class);
    /** The most messages one request may carry; longer conversations are the caller's to shorten. */
    static final int MAX_MESSAGES = 1000;
    /** The longest end user name ({@code user}) a request may give; it becomes part of a chat's title. */
    static final int MAX_USER = 200;

    private final Completions completions;
    private final StreamedTurns turns;
    private final Clock clock;

    CompletionsController(Completions completions, StreamedTurns turns, Clock clock) {
        this.completions = completions;
        this.turns = turns;
        this.clock = clock;
    }

    @GetMapping("/v1/models")
    @Operation(summary = "Your bots as OpenAI models: each one's id is the bot's Telegram username")
    Map<String, Object> models(@AuthenticationPrincipal AuthenticatedUser user) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (BotSettings bot : completions.bots(user.id())) {
            models.add(ordered("id", bot.username(), "object", "model", "created", bot.createdAt().getEpochSecond(),
                    "owned_by", "switchboard"));
        }
        return ordered("object", "list", "data", models);
    }

    @PostMapping("/v1/chat/completions")
    @Operation(summary = "Chat with one of your bots the way OpenAI's chat completions API works",
            description = """
                    model is the bot's Telegram username. The bot answers with its own model, system prompt (placed
                    before your messages, then your system or developer messages), temperature (unless you send one),
                    fallback model and monthly budget. You send the whole conversation each time, as with OpenAI; the
                    oldest messages are left out if they do not fit the model's context. finish_reason is length if the
                    answer stopped at max_completion_tokens (or max_tokens), else stop. Content is a string or an
                    array of text parts; the last message must be the user's. Your last message and the answer are
                    stored with source API in your API chat with the bot (one per end user you name in user), and the
                    call in the bot's usage.
                    With stream: true the answer comes as text/event-stream chunks (chat.completion.chunk) ending with
                    data: [DONE]; stream_options.include_usage adds a chunk with the usage before it. A model failure is
                    a 502, or mid-stream one last event with a problem detail (and an OpenAI-style error member) and no
                    [DONE]; nothing of the request is stored then.""")
    Object complete(@AuthenticationPrincipal AuthenticatedUser user, @RequestBody JsonNode body) {
        CompletionRequest request = CompletionRequest.of(body);
        BotSettings bot = completions.bot(user.id(), request.model());
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = clock.instant().getEpochSecond();
        if (!request.stream()) {
            Completions.Answer answer;
            try {
                answer = completions.answer(user.id(), bot, request.endUser(), request.messages(),
                        request.temperature(), request.maxTokens(), piece -> { });
            } catch (TurnException e) {
                throw new UpstreamException("The bot's model did not answer: " + e.getMessage());
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ordered(
                    "id", id, "object", "chat.completion", "created", created, "model", bot.username(),
                    "choices", List.of(ordered("index", 0,
                            "message", ordered("role", "assistant", "content", answer.text()),
                            "finish_reason", finishReason(answer))),
                    "usage", usage(answer)));
        }
        return turns.start(emitter -> {
            try {
                send(emitter, chunk(id, created, bot, ordered("role", "assistant", "content", ""), null));
                StringBuilder streamed = new StringBuilder();
                Completions.Answer answer = completions.answer(user.id(), bot, request.endUser(),
                        request.messages(), request.temperature(), request.maxTokens(), piece -> {
                            streamed.append(piece);
                            send(emitter, chunk(id, created, bot, ordered("content", piece), null));
                        });
                if (streamed.isEmpty()) {
                    // No model wrote it (the budget message, the error message for a blank answer): one piece.
                    send(emitter, chunk(id, created, bot, ordered("content", answer.text()), null));
                }
                send(emitter, chunk(id, created, bot, Map.of(), finishReason(answer)));
                if (request.includeUsage()) {
                    Map<String, Object> usage = chunk(id, created, bot, null, null);
                    usage.put("choices", List.of());
                    usage.put("usage", usage(answer));
                    send(emitter, usage);
                }
                send(emitter, "[DONE]");
            } catch (TurnException e) {
                send(emitter, error(HttpStatus.BAD_GATEWAY, "upstream-failed",
                        "The bot's model did not answer: " + e.getMessage()));
            } catch (RuntimeException e) {
                log.error("API chat with bot {} failed", bot.id(), e);
                send(emitter, error(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "An internal error occurred; quote the request id when reporting it"));
            }
        });
    }

    /** One {@code chat.completion.chunk}; a null delta leaves {@code choices} to the caller. */
    private static Map<String, Object> chunk(String id, long created, BotSettings bot, Map<String, Object> delta,
            String finishReason) {
        Map<String, Object> chunk = ordered("id", id, "object", "chat.completion.chunk", "created", created,
                "model", bot.username());
        if (delta != null) {
            Map<String, Object> choice = ordered("index", 0, "delta", delta);
            // OpenAI writes "finish_reason": null until the last chunk; the app's mapper leaves out null values.
            choice.put("finish_reason", finishReason == null ? NullNode.getInstance() : finishReason);
            chunk.put("choices", List.of(choice));
        }
        return chunk;
    }

    /** {@code length} if the answer stopped at the output token limit, else {@code stop}. */
    private static String finishReason(Completions.Answer answer) {
        return answer.cutShort() ? "length" : "stop";
    }

    private static Map<String, Object> usage(Completions.Answer answer) {
        return ordered("prompt_tokens", answer.inputTokens(), "completion_tokens", answer.outputTokens(),
                "total_tokens", answer.inputTokens() + answer.outputTokens());
    }

    /** A problem detail that OpenAI's clients also read: they look for an {@code error} member in a stream. */
    private static Map<String, Object> error(HttpStatus status, String type, String detail) {
        Map<String, Object> problem = Problems.body(status, type, detail);
        problem.put("error", Problems.openAiError(status.value(), type, detail));
        return problem;
    }

    private static void send(SseEmitter emitter, Object data) {
        StreamedTurns.send(emitter, SseEmitter.event().data(data, data instanceof String ? MediaType.TEXT_PLAIN
                : MediaType.APPLICATION_JSON));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * The parts of OpenAI's chat completion request Switchboard uses; other members (top_p, seed
     * and the like) are accepted and ignored, as an OpenAI-compatible server does.
     *
     * @param maxTokens {@code max_completion_tokens} or its older name {@code max_tokens}, or null
     * @param endUser {@code user}, the caller's own end user (stripped), or "" if it names none
     */
    record CompletionRequest(String model, List<LlmMessage> messages, Double temperature, Integer maxTokens,
            boolean stream, boolean includeUsage, String endUser) {

        static CompletionRequest of(JsonNode body) {
            if (!body.isObject()) {
                throw invalid("body", "must be a JSON object");
            }
            JsonNode model = body.path("model");
            if (!model.isString() || model.asString().isBlank()) {
                throw invalid("model", "must be the username of one of your bots (GET /v1/models lists them)");
            }
            JsonNode n = body.path("n");
            if (!n.isMissingNode() && !n.isNull() && !(n.isIntegralNumber() && n.canConvertToInt() && n.asInt() == 1)) {
                throw invalid("n", "must be 1: a bot gives one answer");
            }
            JsonNode temperature = body.path("temperature");
            if (!temperature.isMissingNode() && !temperature.isNull()
                    && !(temperature.isNumber() && temperature.asDouble() >= 0 && temperature.asDouble() <= 2)) {
                throw invalid("temperature", "must be a number from 0 to 2");
            }
            String limitField = body.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
            JsonNode limit = body.path(limitField);
            if (!limit.isMissingNode() && !limit.isNull()
                    && !(limit.isIntegralNumber() && limit.canConvertToInt() && limit.asInt() > 0)) {
                throw invalid(limitField, "must be a positive whole number");
            }
            return new CompletionRequest(model.asString().strip(), messages(body.path("messages")),
                    temperature.isNumber() ? temperature.asDouble() : null, limit.isIntegralNumber() ? limit.asInt() : null,
                    flag(body, "stream"), flag(body.path("stream_options"), "include_usage"), endUser(body.path("user")));
        }

        private static String endUser(JsonNode user) {
            if (user.isMissingNode() || user.isNull()) {
                return "";
            }
            if (!user.isString() || user.asString().strip().length() > MAX_USER) {
                throw invalid("user", "must be a string of at most " + MAX_USER + " characters naming your end user");
            }
            String refusal = StorableText.refusal(user.asString());
            if (refusal != null) {
                throw invalid("user", refusal);
            }
            return user.asString().strip();
        }

        private static List<LlmMessage> messages(JsonNode messages) {
            if (!messages.isArray() || messages.isEmpty()) {
                throw invalid("messages", "must be a non-empty array of {role, content}");
            }
            if (messages.size() > MAX_MESSAGES) {
                throw invalid("messages", "must hold at most " + MAX_MESSAGES + " messages");
            }
            List<LlmMessage> read = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                String field = "messages[" + i + "]";
                JsonNode message = messages.get(i);
                LlmMessage.Role role = switch (message.path("role").isString() ? message.path("role").asString() : "") {
                    case "system", "developer" -> LlmMessage.Role.SYSTEM;
                    case "user" -> LlmMessage.Role.USER;
                    case "assistant" -> LlmMessage.Role.ASSISTANT;
                    case "tool", "function" -> throw invalid(field + ".role", "tool messages are not supported: a bot"
                            + " answers in text and calls no tools");
                    default -> throw invalid(field + ".role", "must be system, developer, user or assistant");
                };
                read.add(new LlmMessage(role, text(field + ".content", message.path("content"))));
            }
            if (read.getLast().role() != LlmMessage.Role.USER || read.getLast().text().isBlank()) {
                throw invalid("messages", "the last message must be the user's, with some text");
            }
            return read;
        }

        /** A message's content: a string, or the text parts of an array of parts joined. */
        private static String text(String field, JsonNode content) {
            String text;
            if (content.isString()) {
                text = content.asString();
            } else if (content.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode part : content) {
                    if (!part.path("type").asString("").equals("text") || !part.path("text").isString()) {
                        throw invalid(field, "only text parts ({\"type\": \"text\", \"text\": ...}) are supported");
                    }
                    joined.append(joined.isEmpty() ? "" : "\n").append(part.path("text").asString());
                }
                text = joined.toString();
            } else {
                throw invalid(field, "must be a string or an array of text parts");
            }
            String refusal = StorableText.refusal(text);
            if (refusal != null) {
                throw invalid(field, refusal);
            }
            return text;
        }

        private static boolean flag(JsonNode object, String name) {
            JsonNode value = object.path(name);
            if (!value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
                throw invalid(name, "must be true or false");
            }
            return value.asBoolean(false);
        }

        private static InvalidException invalid(String field, String message) {
            return new InvalidException(field + " " + message, Map.of(field, message));
        }
    }
}
