package dev.switchboard.approval;

import java.time.Instant;
import java.util.UUID;

/**
 * One audited decision on a draft or a request.
 *
 * @param id the entry's number (increasing)
 * @param subject {@code draft} or {@code request}
 * @param subjectId the draft or request
 * @param decision what was decided: {@code approved}, {@code edited}, {@code rejected}, {@code superseded},
 *     {@code answered}, {@code timed_out}
 * @param actorId the Switchboard user who decided, or null (Switchboard itself, or a chat member)
 * @param actorTelegramId the Telegram user who decided, when it was decided in Telegram
 * @param source where: {@code web}, {@code telegram} or {@code system}
 * @param suggestedText the model's text (drafts), or the request's title
 * @param sentText the text that went out (drafts), or the response (requests)
 * @param at when
 */
public record DecisionView(long id, String subject, UUID subjectId, String decision, UUID actorId,
        Long actorTelegramId, String source, String suggestedText, String sentText, Instant at) {
}
