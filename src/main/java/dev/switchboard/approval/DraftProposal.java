package dev.switchboard.approval;

import dev.switchboard.identity.UserId;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * A reply a model wrote in review mode, to be kept as a draft until a person decides.
 *
 * @param ownerId the bot's owner, who decides
 * @param botId the bot that would send it
 * @param chatId the conversation module's chat id (for showing the chat's history), or null
 * @param telegramChatId the Telegram chat it answers
 * @param replyToMessageId the message it would quote (groups), or null
 * @param businessConnectionId the business connection it would be sent on, or null
 * @param question what the user asked (the messages it answers), shown beside the draft
 * @param text the model's reply (Markdown)
 * @param modelId the model that wrote it, or null
 * @param inputTokens the call's input tokens, or null
 * @param outputTokens the call's output tokens, or null
 * @param cost the call's cost, or null
 * @param latencyMs the call's latency, or null
 */
public record DraftProposal(UserId ownerId, UUID botId, UUID chatId, long telegramChatId, Long replyToMessageId,
        String businessConnectionId, String question, String text, UUID modelId, Integer inputTokens,
        Integer outputTokens, BigDecimal cost, Long latencyMs) {

    public DraftProposal {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(text, "text");
    }
}
