package dev.switchboard.conversation;

import dev.switchboard.llm.ChatResult;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where a turn comes from and where its replies go: Telegram (replies through the outbox), the
 * web playground (replies streamed to the browser) or the OpenAI-compatible API (to its caller). Everything else about a turn (commands, budget,
 * context, memory, the stored history, usage) is the same whichever channel it came through.
 */
interface ReplyChannel {

    /** The {@code source} stored with the turn's messages: {@code TELEGRAM}, {@code WEB} or {@code API}. */
    String source();

    /** The chat's number (Telegram's chat id, or a web chat's number), tagged on the turn's model calls. */
    long chatNumber();

    /**
     * Starts showing the answer while the model writes it.
     *
     * @return what receives the whole text written so far, after each piece
     */
    Consumer<String> streamAnswer();

    /** Inside the completing transaction: the chat's row id (creating the chat if needed). */
    UUID chat(Instant now);

    /**
     * Inside the completing transaction: as {@link #chat}, storing a user's message (one that has a
     * sender) in the chat too, in one round trip where the channel can.
     */
    UUID chatWithUserMessage(IncomingMessage message, Instant now);

    /**
     * Inside the completing transaction: sends a reply that needed no model (a command's answer, a
     * refusal, the budget message).
     *
     * @param replyId the stored message's id, or null if the reply is not stored
     */
    void deliver(String text, UUID replyId);

    /** Inside the completing transaction: sends the model's answer, stored as {@code replyId}. */
    void deliverAnswer(String text, UUID replyId, ChatResult answer);
}
