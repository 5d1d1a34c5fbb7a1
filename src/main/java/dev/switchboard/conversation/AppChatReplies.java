package dev.switchboard.conversation;

import dev.switchboard.telegram.BotSettings;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A turn's channel for a chat inside the app (the web playground, the API): each new piece of the
 * model's answer goes to the caller's stream as it is written, the chat row already exists, and
 * what to do with the final reply is the subclass's.
 */
abstract class AppChatReplies implements ReplyChannel {

    private final ChatRepository chats;
    private final BotSettings bot;
    private final ChatRepository.AppChat chat;
    private final Consumer<String> deltas;
    private int shown;

    AppChatReplies(ChatRepository chats, BotSettings bot, ChatRepository.AppChat chat, Consumer<String> deltas) {
        this.chats = chats;
        this.bot = bot;
        this.chat = chat;
        this.deltas = deltas;
    }

    @Override
    public long chatNumber() {
        return chat.number();
    }

    @Override
    public Consumer<String> streamAnswer() {
        return soFar -> {
            if (soFar.length() > shown) {
                String piece = soFar.substring(shown);
                shown = soFar.length();
                deltas.accept(piece);
            }
        };
    }

    @Override
    public UUID chat(Instant now) {
        chats.touchChat(chat.id(), now);
        return chat.id();
    }

    @Override
    public UUID chatWithUserMessage(IncomingMessage message, Instant now) {
        UUID id = chat(now);
        chats.insertUserMessage(bot.id(), id, message, source(), now);
        return id;
    }
}
