package dev.switchboard.conversation;

import dev.switchboard.identity.UserId;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A bot spent its monthly budget: it answers with its budget message instead of calling the model
 * until the month ends or the owner raises the budget. Published once per bot and month, inside the
 * transaction of the turn that found out.
 *
 * @param botId the bot
 * @param ownerId its owner, who is to be told
 * @param month the calendar month (UTC), {@code YYYY-MM}
 * @param budget the bot's monthly budget
 * @param spent what its model calls cost this month
 */
public record BudgetReached(UUID botId, UserId ownerId, String month, BigDecimal budget, BigDecimal spent) {
}
