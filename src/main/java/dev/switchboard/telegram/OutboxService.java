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
 *
 * <p>A reply to a chat with nothing else waiting is written already claimed by this instance and
 * handed to the sender when the transaction commits, which saves the claim's round trip and the
 * dispatcher's wake-up. Should the process die first, the claim's lease runs out and any
 * instance's sender takes the reply then.
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
        return enqueue(reply, null);
    }

    /**
     * As {@link #enqueue(OutgoingReply)}, but the first message replaces the text of a message the
     * bot already sent (the one a streamed reply grew in, see {@link ReplyStream}); further parts
     * of a long reply follow as new messages.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> enqueueAsEditOf(OutgoingReply reply, long messageId) {
        return enqueue(reply, messageId);
    }

    private List<UUID> enqueue(OutgoingReply reply, Long editMessageId) {
        Instant now = clock.instant();
        List<TelegramText> parts = parts(reply);
        List<UUID> ids = new java.util.ArrayList<>(parts.size());
        OutboxRepository.Pending bornClaimed = null;
        boolean whole = parts.size() == 1;
        for (int i = 0; i < parts.size(); i++) {
            TelegramText part = parts.get(i);
            UUID id = UUID.randomUUID();
            String text = whole ? reply.text() : part.html();
            String plainText = whole ? reply.plainText() : reply.format() == ReplyFormat.HTML ? part.plain() : null;
            // The buttons belong under the whole reply: under its last message.
            boolean last = i == parts.size() - 1;
            OutgoingReply message = new OutgoingReply(reply.botId(), reply.chatId(), text, reply.format(), plainText,
                    ids.isEmpty() ? reply.replyToMessageId() : null, reply.businessConnectionId(), reply.correlation(),
                    last ? reply.buttons() : List.of());
            Long edits = ids.isEmpty() ? editMessageId : null;
            // Only the first part can go at once; the others wait behind it.
            Instant leaseUntil = ids.isEmpty() ? sender.leaseForNewReply(now) : null;
            if (outbox.insert(id, message, text, plainText, edits, now, leaseUntil)) {
                bornClaimed = new OutboxRepository.Pending(id, message.botId(), message.chatId(), text, message.format(),
                        plainText, message.replyToMessageId(), message.businessConnectionId(), message.correlation(), 1,
                        edits, message.buttons());
            }
            ids.add(id);
        }
        OutboxRepository.Pending sendAtOnce = bornClaimed;
        boolean othersWait = ids.size() > (sendAtOnce == null ? 0 : 1);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (sendAtOnce != null) {
                    sender.sendClaimed(sendAtOnce);
                }
                if (othersWait) {
                    sender.wake();
                }
            }
        });
        return List.copyOf(ids);
    }

    /**
     * A reply that fits goes as it is; a longer one is split. HTML is split by the text Telegram
     * counts, with the tags open at a cut closed and reopened, and each part carries its own plain
     * version; a plain reply's parts carry their text in {@code html} and {@code plain} alike.
     */
    private static List<TelegramText> parts(OutgoingReply reply) {
        if (reply.format() == ReplyFormat.HTML) {
            List<TelegramText> parts = MessageSplitter.splitHtml(reply.text(), MessageSplitter.TELEGRAM_LIMIT);
            return parts.size() > 1 ? parts : List.of(new TelegramText(reply.text(), reply.plainText() == null ? "" : reply.plainText()));
        }
        if (reply.text().length() <= MessageSplitter.TELEGRAM_LIMIT) {
            return List.of(new TelegramText(reply.text(), reply.text()));
        }
        return MessageSplitter.split(reply.text(), MessageSplitter.TELEGRAM_LIMIT).stream()
                .map(part -> new TelegramText(part, part)).toList();
    }
}
