package dev.switchboard.telegram;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Telegram's send limits in this instance, shared by everything that puts a message in a chat (the
 * outbox and streamed replies), so together they never exceed them: {@code perBotPerSecond} over a
 * bot's chats, {@code perChatPerSecond} per private chat and {@code perGroupPerMinute} per group
 * (negative chat ids).
 */
@Component
class SendLimits {

    private final OutboxProperties properties;
    private final Map<UUID, Bucket> bots = new ConcurrentHashMap<>();
    /** Idle chats' buckets are full again after a minute, so forgetting them then changes nothing. */
    private final Cache<String, Bucket> chats = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(2)).maximumSize(1_000_000).build();

    SendLimits(OutboxProperties properties) {
        this.properties = properties;
    }

    /** Takes the chat's next slot if it is free; otherwise how long until it is. */
    Duration tryChat(UUID botId, long chatId) {
        ConsumptionProbe probe = chat(botId, chatId).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /**
     * Takes a slot for a draft update (private chats): drafts are not messages, so they take only
     * from the bot's budget, and only while it has more than {@code reserve} to spare.
     */
    boolean tryForDraft(UUID botId, int reserve) {
        Bucket bot = bot(botId);
        return bot.getAvailableTokens() > reserve && bot.tryConsume(1);
    }

    /**
     * Takes a slot for a streamed message or edit only if the chat and the bot both have one to
     * spare beyond {@code reserve}, so streaming never takes the slots the final reply needs.
     */
    boolean tryForStreaming(UUID botId, long chatId, int reserve) {
        Bucket chat = chat(botId, chatId);
        Bucket bot = bot(botId);
        if (chat.getAvailableTokens() <= reserve || bot.getAvailableTokens() <= reserve) {
            return false;
        }
        if (!chat.tryConsume(1)) {
            return false;
        }
        if (!bot.tryConsume(1)) {
            chat.addTokens(1);
            return false;
        }
        return true;
    }

    /** Waits for the bot's next slot: a fraction of a second at most. */
    void awaitBot(UUID botId) throws InterruptedException {
        bot(botId).asBlocking().consume(1);
    }

    private Bucket bot(UUID botId) {
        return bots.computeIfAbsent(botId, id -> Bucket.builder()
                .addLimit(limit -> limit.capacity(properties.perBotPerSecond())
                        .refillGreedy(properties.perBotPerSecond(), Duration.ofSeconds(1)))
                .build());
    }

    private Bucket chat(UUID botId, long chatId) {
        // Telegram's chat ids for groups and channels are negative, users' positive.
        boolean group = chatId < 0;
        return chats.get(botId + ":" + chatId, key -> Bucket.builder()
                .addLimit(group
                        ? Bandwidth.builder().capacity(properties.perGroupPerMinute())
                                .refillGreedy(properties.perGroupPerMinute(), Duration.ofMinutes(1)).build()
                        : Bandwidth.builder().capacity(properties.perChatPerSecond())
                                .refillGreedy(properties.perChatPerSecond(), Duration.ofSeconds(1)).build())
                .build());
    }
}
