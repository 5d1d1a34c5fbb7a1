package dev.switchboard.approval;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A draft as its owner sees it.
 *
 * @param id the draft
 * @param botId the bot that would send it
 * @param chatId the conversation's chat id (its messages: {@code GET /api/chats/{chatId}/messages}), or null
 * @param telegramChatId the Telegram chat
 * @param status {@code PENDING_APPROVAL}, {@code APPROVED}, {@code SENT}, {@code FAILED}, {@code REJECTED} or
 *     {@code SUPERSEDED}
 * @param question what the user asked
 * @param suggestedText what the model wrote
 * @param finalText what was approved (equal to the suggestion unless edited), or null
 * @param edited whether the approved text differs from the suggestion
 * @param modelId the model that wrote it
 * @param inputTokens the call's input tokens
 * @param outputTokens the call's output tokens
 * @param cost the call's cost
 * @param createdAt when the model wrote it
 * @param decidedAt when it was approved, rejected or superseded
 * @param decidedBy who approved or rejected it
 * @param decidedVia {@code web}, {@code telegram} or {@code system}
 * @param sentAt when Telegram accepted it
 * @param telegramMessageId the sent message's id
 * @param error why it could not be sent
 * @param decisions its audit trail (only when one draft is read)
 */
public record DraftView(UUID id, UUID botId, UUID chatId, long telegramChatId, String status, String question,
        String suggestedText, String finalText, boolean edited, UUID modelId, Integer inputTokens,
        Integer outputTokens, BigDecimal cost, Instant createdAt, Instant decidedAt, UUID decidedBy, String decidedVia,
        Instant sentAt, Long telegramMessageId, String error, List<DecisionView> decisions) {

    static DraftView of(Draft draft, List<DecisionView> decisions) {
        return new DraftView(draft.id, draft.botId, draft.chatId, draft.telegramChatId, draft.status().name(),
                draft.question, draft.suggestedText, draft.finalText(), draft.edited(), draft.modelId,
                draft.inputTokens, draft.outputTokens, draft.cost, draft.createdAt, draft.decidedAt(),
                draft.decidedBy(), draft.decidedVia() == null ? null : draft.decidedVia().name().toLowerCase(Locale.ROOT),
                draft.sentAt(), draft.telegramMessageId(), draft.error(), decisions);
    }
}
