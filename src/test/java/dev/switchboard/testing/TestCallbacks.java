package dev.switchboard.testing;

import dev.switchboard.telegram.CallbackAnswer;
import dev.switchboard.telegram.CallbackQuery;
import dev.switchboard.telegram.CallbackQueryHandler;
import dev.switchboard.telegram.OutboxService;
import dev.switchboard.telegram.OutgoingReply;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link CallbackQueryHandler} in the shared integration-test context, shaped like approval's:
 * it takes presses whose data starts with {@code "test:"}, records them, edits the pressed message
 * to {@code "You chose <rest>"} (dropping its buttons) and answers {@code "Got <rest>"}. Other data
 * is left to the other handlers. Imported by {@link IntegrationTest}, so it adds no context of its own.
 */
public class TestCallbacks implements CallbackQueryHandler {

    /** The prefix this handler takes. */
    public static final String PREFIX = "test:";

    private final List<CallbackQuery> seen = new CopyOnWriteArrayList<>();
    private final OutboxService outbox;

    public TestCallbacks(OutboxService outbox) {
        this.outbox = outbox;
    }

    @Override
    public Optional<CallbackAnswer> handle(CallbackQuery query) {
        if (!query.data().startsWith(PREFIX)) {
            return Optional.empty();
        }
        seen.add(query);
        String choice = query.data().substring(PREFIX.length());
        if (query.chatId() != null && query.messageId() != null) {
            outbox.enqueueAsEditOf(OutgoingReply.plain(query.botId(), query.chatId(), "You chose " + choice),
                    query.messageId());
        }
        return Optional.of(CallbackAnswer.toast("Got " + choice));
    }

    /** The presses this handler took, in order. */
    public List<CallbackQuery> seen() {
        return List.copyOf(seen);
    }
}
