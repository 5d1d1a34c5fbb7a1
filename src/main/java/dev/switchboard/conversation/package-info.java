/**
 * Conversation: the chats and messages of each bot, and the turn that answers them (store what the
 * user said, ask the bot's model with the system prompt and the chat's recent messages, store the
 * reply and put it in the outbox, all in the transaction that completes the turn). Owns the
 * {@code conversation_*} tables; it calls models through the llm module, reads bots and sends
 * through the telegram module, and plugs into processing as its {@code ChatTurnHandler}. A turn also
 * answers Telegram Business chats as the connected person, links accounts ({@code /start <token>},
 * {@code /unlink}) through the telegram module, routes button presses to the telegram
 * {@code CallbackQueryHandler}s, and alerts owners of terminal failures and spent budgets. The
 * approval module decides how a chat is answered (auto, review: the reply becomes a draft, off)
 * and takes {@code /confirm}, {@code /cancel}, clarification replies and an owner's edited draft
 * text; a sent draft comes back as {@code DraftSent} and enters the chat's history then.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "llm", "telegram", "processing", "approval"})
package dev.switchboard.conversation;
