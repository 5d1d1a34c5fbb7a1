package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import dev.switchboard.processing.ProcessingFailedTerminally;
import dev.switchboard.telegram.BotService;
import dev.switchboard.telegram.TelegramService;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells a bot's owner in their linked Telegram chat(s) when something needs them: a chat's messages
 * went TERMINAL (processing) or a bot spent its monthly budget (conversation). It lives here because
 * this module sees both events and the telegram module, which must not listen to either (it is
 * below them).
 *
 * <p>After commit, so an alert is only sent for what really happened. Each alert is keyed (the first
 * TERMINAL item; the bot and month), so a repeated event alerts once. Sent by
 * {@link TelegramService#alertOwner} through the outbox, by the bot each chat was linked through.
 * If the process dies between the commit and the alert, that alert is lost; the admin UI still
 * shows the TERMINAL items and the budget.
 */
@Component
class OwnerAlerts {

    private static final Logger log = LoggerFactory.getLogger(OwnerAlerts.class);

    private final TelegramService telegram;
    private final BotService bots;

    OwnerAlerts(TelegramService telegram, BotService bots) {
        this.telegram = telegram;
        this.bots = bots;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ProcessingFailedTerminally event) {
        String bot = botName(event.botId());
        String text = "⚠️ " + bot + " could not answer chat " + event.chatId() + " (" + event.itemIds().size()
                + (event.itemIds().size() == 1 ? " message" : " messages") + "): " + event.reason()
                + "\nRetry it from Processing in Switchboard.";
        alert(event.ownerId(), "terminal:" + event.itemIds().getFirst(), text);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(BudgetReached event) {
        String text = "💸 " + botName(event.botId()) + " has spent its monthly budget for " + event.month() + " ("
                + event.spent().stripTrailingZeros().toPlainString() + " of "
                + event.budget().stripTrailingZeros().toPlainString()
                + "). It answers with its budget message until next month or until you raise the budget.";
        alert(event.ownerId(), "budget:" + event.botId() + ":" + event.month(), text);
    }

    private void alert(UserId owner, String key, String text) {
        try {
            telegram.alertOwner(owner, key, text);
        } catch (RuntimeException e) {
            // An alert must never break what raised it; the admin UI shows the same facts.
            log.warn("Could not alert user {} ({}): {}", owner.value(), key, e.getMessage());
        }
    }

    private String botName(UUID botId) {
        return bots.settings(botId).map(b -> "@" + b.username()).orElse("A bot");
    }
}
