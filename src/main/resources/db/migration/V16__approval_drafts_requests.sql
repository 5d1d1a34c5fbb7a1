-- Per-chat override of the bot's approval mode (no row: the bot's mode applies).
CREATE TABLE approval_chat_modes (
    bot_id           uuid        NOT NULL,
    telegram_chat_id bigint      NOT NULL,
    mode             text        NOT NULL CHECK (mode IN ('AUTO', 'REVIEW', 'OFF')),
    updated_by       uuid,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (bot_id, telegram_chat_id)
);

-- Replies written by a model that wait for a person before they are sent.
CREATE TABLE approval_drafts (
    id                     uuid PRIMARY KEY,
    owner_id               uuid        NOT NULL,
    bot_id                 uuid        NOT NULL,
    chat_id                uuid,
    telegram_chat_id       bigint      NOT NULL,
    reply_to_message_id    bigint,
    business_connection_id text,
    question               text,
    suggested_text         text        NOT NULL,
    final_text             text,
    status                 text        NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'APPROVED', 'SENT', 'FAILED',
                                                                  'REJECTED', 'SUPERSEDED')),
    model_id               uuid,
    input_tokens           integer,
    output_tokens          integer,
    cost                   numeric(14, 6),
    latency_ms             bigint,
    created_at             timestamptz NOT NULL,
    decided_at             timestamptz,
    decided_by             uuid,
    decided_via            text CHECK (decided_via IN ('WEB', 'TELEGRAM', 'SYSTEM')),
    edited                 boolean     NOT NULL DEFAULT false,
    sent_at                timestamptz,
    telegram_message_id    bigint,
    error                  text
);

CREATE INDEX approval_drafts_owner ON approval_drafts (owner_id, status, created_at DESC);
-- At most one draft waits per chat: a newer one supersedes it in the same transaction.
CREATE UNIQUE INDEX approval_drafts_one_pending ON approval_drafts (bot_id, telegram_chat_id)
    WHERE status = 'PENDING_APPROVAL';

-- An owner's Telegram "Edit" of a draft: their next message in that chat is the new text.
CREATE TABLE approval_edits (
    bot_id           uuid        NOT NULL,
    telegram_chat_id bigint      NOT NULL,
    telegram_user_id bigint      NOT NULL,
    draft_id         uuid        NOT NULL REFERENCES approval_drafts (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL,
    started_at       timestamptz NOT NULL,
    PRIMARY KEY (bot_id, telegram_chat_id, telegram_user_id)
);

-- Requests for a human decision (approval, clarification, error recovery) from workflows, agents or the API.
CREATE TABLE approval_requests (
    id                    uuid PRIMARY KEY,
    owner_id              uuid        NOT NULL,
    type                  text        NOT NULL CHECK (type IN ('APPROVAL', 'CLARIFICATION', 'ERROR_RECOVERY')),
    title                 text        NOT NULL,
    message               text        NOT NULL,
    options               text[]      NOT NULL DEFAULT '{}',
    default_option        text,
    timeout_at            timestamptz,
    bot_id                uuid,
    telegram_chat_id      bigint,
    reference             text,
    status                text        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'ANSWERED',
                                                                 'TIMED_OUT')),
    response              text,
    answered_by           uuid,
    answered_by_telegram  bigint,
    answered_via          text CHECK (answered_via IN ('WEB', 'TELEGRAM', 'SYSTEM')),
    created_at            timestamptz NOT NULL,
    resolved_at           timestamptz
);

CREATE INDEX approval_requests_owner ON approval_requests (owner_id, status, created_at DESC);
CREATE INDEX approval_requests_chat ON approval_requests (bot_id, telegram_chat_id, created_at)
    WHERE status = 'PENDING';

-- Every decision on a draft or a request: who, when, from where, what was suggested and what went out.
CREATE TABLE approval_decisions (
    id                 bigserial PRIMARY KEY,
    owner_id           uuid        NOT NULL,
    subject            text        NOT NULL CHECK (subject IN ('DRAFT', 'REQUEST')),
    subject_id         uuid        NOT NULL,
    decision           text        NOT NULL,
    actor_id           uuid,
    actor_telegram_id  bigint,
    source             text        NOT NULL CHECK (source IN ('WEB', 'TELEGRAM', 'SYSTEM')),
    suggested_text     text,
    sent_text          text,
    at                 timestamptz NOT NULL
);

CREATE INDEX approval_decisions_subject ON approval_decisions (subject_id, id);
CREATE INDEX approval_decisions_owner ON approval_decisions (owner_id, id DESC);
