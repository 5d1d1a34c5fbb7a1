-- The messages that showed a draft to its owner in Telegram (with Approve / Edit / Reject), so a
-- decision taken anywhere can replace their buttons with the outcome.
CREATE TABLE approval_draft_notes (
    draft_id         uuid   NOT NULL REFERENCES approval_drafts (id) ON DELETE CASCADE,
    bot_id           uuid   NOT NULL,
    telegram_chat_id bigint NOT NULL,
    message_id       bigint NOT NULL,
    PRIMARY KEY (draft_id, bot_id, telegram_chat_id, message_id)
);
