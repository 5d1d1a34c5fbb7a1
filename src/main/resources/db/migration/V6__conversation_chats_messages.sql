-- The chats a bot talks in and every message in them, in order (seq).
CREATE TABLE conversation_chats (
    id               uuid PRIMARY KEY,
    bot_id           uuid        NOT NULL,
    telegram_chat_id bigint      NOT NULL,
    type             text        NOT NULL,
    title            text,
    created_at       timestamptz NOT NULL,
    last_message_at  timestamptz NOT NULL,
    UNIQUE (bot_id, telegram_chat_id)
);

CREATE INDEX conversation_chats_bot ON conversation_chats (bot_id, last_message_at DESC);

CREATE TABLE conversation_messages (
    id                  uuid PRIMARY KEY,
    seq                 bigserial   NOT NULL UNIQUE,
    chat_id             uuid        NOT NULL REFERENCES conversation_chats (id) ON DELETE CASCADE,
    role                text        NOT NULL CHECK (role IN ('USER', 'ASSISTANT')),
    text                text        NOT NULL,
    source              text        NOT NULL CHECK (source IN ('TELEGRAM', 'WEB', 'API')),
    telegram_message_id bigint,
    telegram_user_id    bigint,
    model_id            uuid,
    input_tokens        integer,
    output_tokens       integer,
    latency_ms          bigint,
    created_at          timestamptz NOT NULL
);

CREATE INDEX conversation_messages_chat ON conversation_messages (chat_id, seq DESC);
