-- Web playground chats: one per bot and Switchboard user (web_user_id), type 'web'. Their chat
-- number (telegram_chat_id) comes from a sequence starting at 2^52, above every id Telegram gives
-- (at most 52 significant bits) and still exact in JavaScript, so usage (llm_calls.chat_id) and
-- the Chats page treat them like any chat. web_turn_until serializes a web chat's turns: a turn
-- holds it until it completes (or, if its instance died, until it passes).
ALTER TABLE conversation_chats
    ADD COLUMN web_user_id    uuid,
    ADD COLUMN web_turn_until timestamptz,
    ADD CONSTRAINT conversation_chats_web_user CHECK ((type = 'web') = (web_user_id IS NOT NULL));

CREATE UNIQUE INDEX conversation_chats_web ON conversation_chats (bot_id, web_user_id) WHERE web_user_id IS NOT NULL;

CREATE SEQUENCE conversation_web_chat_numbers START WITH 4503599627370496 MINVALUE 4503599627370496;
