package dev.switchboard.telegram;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Opens {@link ReplyStream}s: replies shown in the chat while the model writes them. */
@Service
public class ReplyStreamService {

    private final RecentBots bots;
    private final BotClients clients;
    private final SendLimits limits;
    private final Clock clock;

    ReplyStreamService(RecentBots bots, BotClients clients, SendLimits limits, Clock clock) {
        this.bots = bots;
        this.clients = clients;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * A stream into a chat of a bot.
     *
     * @param privateChat true for a private chat (drafts), false for groups (one edited message)
     * @param replyToMessageId the message the streamed message answers (groups), or null
     */
    public ReplyStream open(UUID botId, long chatId, boolean privateChat, Long replyToMessageId) {
        Bot bot = bots.find(botId).orElseThrow(() -> new IllegalArgumentException("no bot " + botId));
        return new ReplyStream(botId, chatId, privateChat, replyToMessageId, clients.forBot(bot), limits, clock);
    }
}
