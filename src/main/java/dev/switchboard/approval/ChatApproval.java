package dev.switchboard.approval;

import dev.switchboard.telegram.Approval;
import java.util.Set;

/**
 * What approval says about one of a bot's own chats when a turn starts, read in one query: the
 * mode the chat answers in, who is about to send the new text of a draft (they pressed Edit),
 * whether a clarification request waits for an answer there, and whether a draft waits for its
 * owner. Only the chat's own turns propose drafts, one turn at a time, so a turn that sees no
 * waiting draft here has none to supersede when it completes.
 *
 * @param mode the chat's own mode if set, else the bot's
 * @param editingUsers Telegram users whose next message in the chat is the edited text of a draft
 * @param clarificationWaits true if the chat's next text answers a waiting clarification request
 * @param draftWaits true if a draft in the chat waits for its owner's decision
 */
public record ChatApproval(Approval mode, Set<Long> editingUsers, boolean clarificationWaits, boolean draftWaits) {

    public ChatApproval {
        editingUsers = Set.copyOf(editingUsers);
    }

    /** True if {@code telegramUserId} pressed Edit on a draft here and has not sent the new text yet. */
    public boolean awaitsEditedText(long telegramUserId) {
        return editingUsers.contains(telegramUserId);
    }
}
