-- A business chat (answered as the connected person) is its own conversation beside the customer's
-- chat with the bot: it has its own approval mode and its own waiting draft.
ALTER TABLE approval_chat_modes ADD COLUMN business_connection_id text NOT NULL DEFAULT '';
ALTER TABLE approval_chat_modes DROP CONSTRAINT approval_chat_modes_pkey;
ALTER TABLE approval_chat_modes ADD PRIMARY KEY (bot_id, business_connection_id, telegram_chat_id);

DROP INDEX approval_drafts_one_pending;
CREATE UNIQUE INDEX approval_drafts_one_pending
    ON approval_drafts (bot_id, coalesce(business_connection_id, ''), telegram_chat_id)
    WHERE status = 'PENDING_APPROVAL';
