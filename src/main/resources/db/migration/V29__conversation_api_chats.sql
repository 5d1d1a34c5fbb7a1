-- API chats (POST /v1/chat/completions): like a web playground chat, a chat of a Switchboard user
-- with a bot, of type 'api', numbered from the same sequence. The column that named a web chat's
-- user now names the user of either kind of chat. An API chat is also keyed by the request's
-- 'user' (the caller's own end user, '' when the request names none), so each end user of an
-- integration has a transcript of their own.
ALTER TABLE conversation_chats RENAME COLUMN web_user_id TO switchboard_user_id;
ALTER TABLE conversation_chats
    ADD COLUMN api_user text NOT NULL DEFAULT '',
    DROP CONSTRAINT conversation_chats_web_user,
    ADD CONSTRAINT conversation_chats_switchboard_user CHECK ((type IN ('web', 'api')) = (switchboard_user_id IS NOT NULL));

DROP INDEX conversation_chats_web;
CREATE UNIQUE INDEX conversation_chats_switchboard_user ON conversation_chats (bot_id, type, switchboard_user_id, api_user)
    WHERE switchboard_user_id IS NOT NULL;

ALTER SEQUENCE conversation_web_chat_numbers RENAME TO conversation_app_chat_numbers;
