package dev.switchboard.telegram;

import dev.switchboard.telegram.botapi.BotApi;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Telegram features beyond bots and replies, for other modules: answering button presses.
 *
 * <p><b>Why callback answers do not go through the outbox:</b> an answer is not a message. It
 * shows nothing in the chat, counts against none of the chat limits the outbox keeps, has no order
 * to keep, and Telegram refuses it once the query is a few seconds old ("query is too old"), so a
 * durable, retried answer would only ever fail later. It is sent directly, once, after the
 * caller's transaction commits (so a rolled-back turn answers nothing and its retry answers), and a
 * failure is logged, never retried: the user's client just stops its spinner on its own.
 */
@Service
public class TelegramService {

    private static final Logger log = LoggerFactory.getLogger(TelegramService.class);

    private final BotRepository bots;
    private final BotClients clients;

    TelegramService(BotRepository bots, BotClients clients) {
        this.bots = bots;
        this.clients = clients;
    }

    /**
     * Answers a button press ({@code answerCallbackQuery}): after the current transaction commits if
     * there is one, else at once; on a virtual thread, best effort.
     *
     * @param botId the bot that received the press
     * @param callbackQueryId {@link CallbackQuery#id()}
     * @param answer what the user sees
     */
    public void answerCallbackQuery(UUID botId, String callbackQueryId, CallbackAnswer answer) {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(callbackQueryId, "callbackQueryId");
        Objects.requireNonNull(answer, "answer");
        Runnable send = () -> Thread.ofVirtual().name("callback-answer").start(() -> send(botId, callbackQueryId, answer));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    send.run();
                }
            });
        } else {
            send.run();
        }
    }

    private void send(UUID botId, String callbackQueryId, CallbackAnswer answer) {
        try {
            Optional<Bot> bot = bots.find(botId).filter(Bot::enabled);
            if (bot.isEmpty()) {
                return;
            }
            BotApi api = clients.forBot(bot.get());
            api.answerCallbackQuery(callbackQueryId, answer.text(), answer.showAlert());
        } catch (TelegramException e) {
            log.info("Answering callback query of bot {} failed: {}", botId, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Answering callback query of bot {} failed", botId, e);
        }
    }
}
