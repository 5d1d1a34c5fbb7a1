package dev.switchboard.telegram;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox: replies are written in the caller's transaction (the one that completes a turn), so
 * a reply exists exactly when its turn is done, and sent after that commits, within Telegram's
 * limits. {@link ReplySent} and {@link ReplyFailed} report the outcome.
 */
@Service
public class OutboxService {

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final Clock clock;

    OutboxService(OutboxRepository outbox, OutboxSender sender, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * Adds a reply to the outbox, split into several messages if it is longer than Telegram allows.
     * Must run inside a transaction; the reply is sent after it commits.
     *
     * @return the outbox row ids, one per message, in sending order
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> enqueue(OutgoingReply reply) {
        Instant now = clock.instant();
        List<String> parts = parts(reply);
        List<UUID> ids = new java.util.ArrayList<>(parts.size());
        for (String part : parts) {
            UUID id = UUID.randomUUID();
            boolean whole = parts.size() == 1;
            String text = whole ? reply.text() : part;
            ReplyFormat format = whole ? reply.format() : ReplyFormat.PLAIN;
            outbox.insert(id, new OutgoingReply(reply.botId(), reply.chatId(), text, format, null,
                    ids.isEmpty() ? reply.replyToMessageId() : null, reply.businessConnectionId(), reply.correlation()),
                    text, whole ? reply.plainText() : null, now);
            ids.add(id);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sender.wake();
            }
        });
        return List.copyOf(ids);
    }

    /**
     * A reply that fits goes as it is; a longer one is split, and formatted text longer than one
     * message is split as its plain version, because cutting markup can break its tags.
     */
    private static List<String> parts(OutgoingReply reply) {
        if (reply.text().length() <= MessageSplitter.TELEGRAM_LIMIT) {
            return List.of(reply.text());
        }
        String source = reply.format() == ReplyFormat.PLAIN || reply.plainText() == null ? reply.text()
                : reply.plainText();
        return MessageSplitter.split(source, MessageSplitter.TELEGRAM_LIMIT);
    }
}
