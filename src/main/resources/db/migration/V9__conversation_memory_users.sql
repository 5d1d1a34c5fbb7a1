-- Memory per chat: /reset starts a new window at memory_start_seq (older messages stay in the
-- history); the summary stands for the messages up to summary_upto_seq that no longer fit the
-- model's context. model_id is the chat's /model choice (null = the bot's model).
ALTER TABLE conversation_chats
    ADD COLUMN memory_start_seq bigint NOT NULL DEFAULT 0,
    ADD COLUMN model_id         uuid,
    ADD COLUMN summary          text,
    ADD COLUMN summary_upto_seq bigint NOT NULL DEFAULT 0;

-- The Telegram users each bot has met. refused_at: when a user outside the bot's allowed list was
-- told (once) that the bot does not answer them.
CREATE TABLE conversation_users (
    bot_id           uuid        NOT NULL,
    telegram_user_id bigint      NOT NULL,
    username         text,
    first_name       text,
    last_name        text,
    first_seen_at    timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    refused_at       timestamptz,
    PRIMARY KEY (bot_id, telegram_user_id)
);

-- Which budget month the owner was last told about (once per bot and month).
CREATE TABLE conversation_budget_notices (
    bot_id uuid NOT NULL,
    month  text NOT NULL,
    at     timestamptz NOT NULL,
    PRIMARY KEY (bot_id, month)
);
