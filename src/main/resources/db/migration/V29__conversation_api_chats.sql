-- API chats (POST /v1/chat/completions): like a web playground chat, one per bot and Switchboard
-- user, of type 'api', numbered from the same sequence. The column that named a web chat's user
-- now names the user of either kind of chat, and the unique key includes the type.
ALTER TABLE conversation_chats RENAME COLUMN web_user_id TO switchboard_user_id;
ALTER TABLE conversation_chats
    DROP CONSTRAINT conversation_chats_web_user,
    ADD CONSTRAINT conversation_chats_switchboard_user CHECK ((type IN ('web', 'api')) = (switchboard_user_id IS NOT NULL));

DROP INDEX conversation_chats_web;
CREATE UNIQUE INDEX conversation_chats_switchboard_user ON conversation_chats (bot_id, type, switchboard_user_id)
    WHERE switchboard_user_id IS NOT NULL;

ALTER SEQUENCE conversation_web_chat_numbers RENAME TO conversation_app_chat_numbers;
