-- Linking a Switchboard account to a Telegram user: a one-time token (only its SHA-256 digest is
-- kept) opened as t.me/<bot>?start=<token>, and the links it makes. A link is made through one of
-- the user's bots; that bot talks to the linked private chat (owner alerts, approval requests).
CREATE TABLE telegram_link_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL,
    bot_id     uuid        NOT NULL,
    token_hash bytea       NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX telegram_link_tokens_user ON telegram_link_tokens (user_id, created_at);

-- One Telegram user is linked to at most one account per bot.
CREATE TABLE telegram_account_links (
    id               uuid PRIMARY KEY,
    user_id          uuid        NOT NULL,
    bot_id           uuid        NOT NULL,
    telegram_user_id bigint      NOT NULL,
    chat_id          bigint      NOT NULL,
    username         text,
    first_name       text,
    created_at       timestamptz NOT NULL,
    UNIQUE (bot_id, telegram_user_id)
);
CREATE INDEX telegram_account_links_user ON telegram_account_links (user_id, created_at);

-- Owner alerts already put in the outbox, by a key naming what they are about: an event delivered
-- twice alerts once.
CREATE TABLE telegram_owner_alerts (
    alert_key  text PRIMARY KEY,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL
);
