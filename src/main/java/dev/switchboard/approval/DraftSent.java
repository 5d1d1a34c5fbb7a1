package dev.switchboard.approval;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * An approved draft reached Telegram. Published in the transaction that marks the draft sent, once
 * per draft; listeners (the conversation keeps the reply in the chat's history) must be idempotent
 * all the same.
 *
 * @param draftId the draft (also a good id for the reply a listener stores)
 * @param botId the bot that sent it
 * @param chatId the conversation module's chat id, or null
 * @param telegramChatId the Telegram chat
 * @param text the text that was sent (the edited one if the owner edited it)
 * @param telegramMessageId Telegram's id of the (first) message
 * @param modelId the model that wrote the suggestion, or null
 * @param inputTokens the call's input tokens, or null
 * @param outputTokens the call's output tokens, or null
 * @param cost the call's cost, or null
 * @param latencyMs the call's latency, or null
 */
public record DraftSent(UUID draftId, UUID botId, UUID chatId, long telegramChatId, String text,
        long telegramMessageId, UUID modelId, Integer inputTokens, Integer outputTokens, BigDecimal cost,
        Long latencyMs) {
}
