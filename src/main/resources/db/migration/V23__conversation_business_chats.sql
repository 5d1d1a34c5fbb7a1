-- A Telegram Business chat (a customer writing to a person whose account is connected to the bot)
-- has the customer's id as its chat id, like the customer's own private chat with the bot: chats
-- are told apart by their business connection ('' for the bot's own chats).
ALTER TABLE conversation_chats ADD COLUMN business_connection_id text NOT NULL DEFAULT '';
ALTER TABLE conversation_chats DROP CONSTRAINT conversation_chats_bot_id_telegram_chat_id_key;
ALTER TABLE conversation_chats ADD CONSTRAINT conversation_chats_bot_connection_chat_key
    UNIQUE (bot_id, business_connection_id, telegram_chat_id);

-- Edits and deletions Telegram reports for business chats: the text is replaced (edited_at says
-- when), a deleted message stays in the history but leaves the model's context.
ALTER TABLE conversation_messages
    ADD COLUMN edited_at  timestamptz,
    ADD COLUMN deleted_at timestamptz;
CREATE INDEX conversation_messages_telegram ON conversation_messages (chat_id, telegram_message_id)
    WHERE telegram_message_id IS NOT NULL;
