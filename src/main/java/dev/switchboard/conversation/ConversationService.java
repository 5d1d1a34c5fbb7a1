package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.shared.NotFoundException;
import dev.switchboard.telegram.BotService;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Reading a bot's chats and their messages, for their owner only. */
@Service
public class ConversationService {

    private final ChatRepository chats;
    private final BotService bots;

    ConversationService(ChatRepository chats, BotService bots) {
        this.chats = chats;
        this.bots = bots;
    }

    /** The bot's chats, most recently active first; 404 if the bot is not the owner's. */
    List<ChatRepository.ChatRow> chats(UserId owner, UUID botId, String search, int limit) {
        bots.settings(owner, botId);
        return chats.chats(botId, search, limit);
    }

    /** A chat's newest messages, oldest first; 404 if the chat is not in one of the owner's bots. */
    List<ChatRepository.MessageRow> messages(UserId owner, UUID chatId, int limit) {
        UUID botId = chats.botOfChat(chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
        try {
            bots.settings(owner, botId);
        } catch (NotFoundException e) {
            throw new NotFoundException("chat", chatId);
        }
        return chats.messages(chatId, limit);
    }
}
