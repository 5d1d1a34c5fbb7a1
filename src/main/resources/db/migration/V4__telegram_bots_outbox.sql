-- Bots: who owns them, how they reach Telegram, and their reply settings. The token lives in the
-- vault (token_credential_id); only a SHA-256 digest of the webhook secret is kept.
CREATE TABLE telegram_bots (
    id                        uuid PRIMARY KEY,
    owner_id                  uuid        NOT NULL,
    name                      text        NOT NULL,
    telegram_bot_id           bigint      NOT NULL UNIQUE,
    username                  text        NOT NULL,
    token_credential_id       uuid        NOT NULL,
    model_id                  uuid        NOT NULL,
    fallback_model_id         uuid,
    mode                      text        NOT NULL CHECK (mode IN ('WEBHOOK', 'POLLING')),
    approval                  text        NOT NULL CHECK (approval IN ('AUTO', 'REVIEW')),
    system_prompt             text,
    temperature               double precision,
    start_message             text,
    help_message              text,
    error_message             text,
    allowed_telegram_user_ids bigint[]    NOT NULL DEFAULT '{}',
    enabled                   boolean     NOT NULL,
    disabled_reason           text,
    webhook_secret_hash       bytea,
    poll_offset               bigint      NOT NULL DEFAULT 0,
    poll_lease_owner          text,
    poll_lease_until          timestamptz,
    last_error                text,
    last_error_at             timestamptz,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);

CREATE INDEX telegram_bots_owner ON telegram_bots (owner_id, created_at);
CREATE INDEX telegram_bots_polling ON telegram_bots (poll_lease_until) WHERE enabled AND mode = 'POLLING';

-- Replies waiting to be sent, written in the transaction that produced them. seq keeps each
-- chat's order; one row per Telegram message (long replies are split before they get here).
CREATE TABLE telegram_outbox (
    id                     uuid PRIMARY KEY,
    seq                    bigserial   NOT NULL UNIQUE,
    bot_id                 uuid        NOT NULL,
    chat_id                bigint      NOT NULL,
    text                   text        NOT NULL,
    format                 text        NOT NULL CHECK (format IN ('HTML', 'PLAIN')),
    plain_text             text,
    reply_to_message_id    bigint,
    business_connection_id text,
    correlation            text,
    status                 text        NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts               integer     NOT NULL DEFAULT 0,
    next_attempt_at        timestamptz NOT NULL,
    lease_until            timestamptz,
    telegram_message_id    bigint,
    last_error             text,
    last_error_at          timestamptz,
    created_at             timestamptz NOT NULL,
    sent_at                timestamptz
);

CREATE INDEX telegram_outbox_due ON telegram_outbox (next_attempt_at, seq) WHERE status = 'PENDING';
CREATE INDEX telegram_outbox_chat ON telegram_outbox (bot_id, chat_id, seq) WHERE status = 'PENDING';
CREATE INDEX telegram_outbox_bot ON telegram_outbox (bot_id, created_at);
