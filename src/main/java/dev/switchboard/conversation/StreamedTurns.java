package dev.switchboard.conversation;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Runs turns whose answer streams to the caller as server-sent events (the playground, the API):
 * each on a virtual thread of its own while the request's thread is released, with the request's
 * log context (its request id), the stream completed when the turn ends.
 */
@Component
class StreamedTurns {

    private static final Logger log = LoggerFactory.getLogger(StreamedTurns.class);

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    /** Running turns finish their writes; no new one starts. */
    @jakarta.annotation.PreDestroy
    void stop() {
        threads.shutdown();
    }

    /** Starts {@code turn}, which writes its events to the returned stream; the stream is completed after it. */
    SseEmitter start(Consumer<SseEmitter> turn) {
        SseEmitter emitter = new SseEmitter(0L);
        Map<String, String> context = MDC.getCopyOfContextMap();
        threads.execute(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                turn.accept(emitter);
            } finally {
                emitter.complete();
                MDC.clear();
            }
        });
        return emitter;
    }

    /** Sends one event; a caller that went away does not stop the turn, whose reply is still stored. */
    static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            log.debug("A streamed turn's event was not delivered: {}", e.getMessage());
        }
    }
}
