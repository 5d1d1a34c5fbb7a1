package dev.switchboard.conversation;

import dev.switchboard.identity.AuthenticatedUser;
import dev.switchboard.processing.TurnException;
import dev.switchboard.shared.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The web playground: talk to one of your bots from the browser, the answer streamed as server-sent events. */
@RestController
class PlaygroundController {

    private static final Logger log = LoggerFactory.getLogger(PlaygroundController.class);

    private final Playground playground;
    private final StreamedTurns turns;

    PlaygroundController(Playground playground, StreamedTurns turns) {
        this.playground = playground;
        this.turns = turns;
    }

    /** @param text what to say to the bot: a message or a command such as {@code /reset} */
    record PlaygroundMessage(@NotBlank @Size(max = Playground.MAX_TEXT) String text) {
    }

    /** Event {@code delta}: the next piece of the answer, to append to what came before. */
    record PlaygroundDelta(String text) {
    }

    @GetMapping("/api/bots/{botId}/playground")
    @Operation(summary = "Your web playground chat with the bot: its newest messages, oldest first")
    Playground.PlaygroundHistory history(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId) {
        return playground.history(user.id(), botId);
    }

    @PostMapping("/api/bots/{botId}/playground")
    @Operation(summary = "Say something to the bot from the browser; the answer streams back as server-sent events",
            description = """
                    The message goes through the same turn as a Telegram message (commands such as /reset and /model,
                    the budget, system prompt, memory and summary, usage) and is stored with source WEB in your web
                    chat with the bot. The response is text/event-stream: `delta` events ({"text": next piece}) while
                    the model writes, then one `done` event with the stored reply, or one `error` event with a problem
                    detail (nothing of the turn is stored then). A blank or too long text (400), another user's bot
                    (404) or a turn still running in this chat (409) are answered with application/problem+json before
                    anything is stored or streamed.""")
    @ApiResponse(responseCode = "200", description = "delta events, then done or error", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(oneOf = {PlaygroundDelta.class, Playground.PlaygroundReply.class, ProblemDetail.class})))
    SseEmitter say(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable UUID botId,
            @Valid @RequestBody PlaygroundMessage body) {
        Playground.Turn turn = playground.begin(user.id(), botId);
        return turns.start(emitter -> {
            try {
                Playground.PlaygroundReply reply = turn.run(body.text(), piece -> send(emitter, "delta", new PlaygroundDelta(piece)));
                send(emitter, "done", reply);
            } catch (TurnException e) {
                send(emitter, "error", problem(HttpStatus.BAD_GATEWAY, "model-failed", "The model did not answer: "
                        + e.getMessage()));
            } catch (RuntimeException e) {
                log.error("Playground turn of bot {} failed", botId, e);
                send(emitter, "error", problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                        "An internal error occurred; quote the request id when reporting it"));
            }
        });
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        StreamedTurns.send(emitter, SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
    }

    private static Map<String, Object> problem(HttpStatus status, String type, String detail) {
        return Problems.body(status, type, detail);
    }
}
