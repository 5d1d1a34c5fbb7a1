-- Processing: the inbox of accepted Telegram updates, one lease per chat, and every attempt.

-- One accepted update. Repeats of (bot_id, update_id) are dropped on insert.
CREATE TABLE processing_item (
    id              uuid        PRIMARY KEY,
    bot_id          uuid        NOT NULL,
    owner_id        uuid        NOT NULL,
    update_id       bigint      NOT NULL,
    chat_id         bigint,
    from_user_id    bigint,
    update_type     text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL
        CHECK (status IN ('RECEIVED', 'PROCESSING', 'COMPLETED', 'FAILED', 'TERMINAL', 'IGNORED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    last_error_at   timestamptz,
    terminal_reason text,
    received_at     timestamptz NOT NULL,
    completed_at    timestamptz,
    CONSTRAINT processing_item_update_key UNIQUE (bot_id, update_id)
);
-- A chat's open items in arrival order: what a worker takes as one batch.
CREATE INDEX processing_item_open_idx ON processing_item (bot_id, chat_id, update_id)
    WHERE status IN ('RECEIVED', 'PROCESSING', 'FAILED');
CREATE INDEX processing_item_owner_idx ON processing_item (owner_id, received_at DESC);

-- One row per chat that ever had work: when it is next due, and the lease of the worker handling
-- it. fence grows by one with every lease, so a worker that lost its lease cannot complete.
CREATE TABLE processing_chat (
    bot_id      uuid        NOT NULL,
    chat_id     bigint      NOT NULL,
    due_at      timestamptz,
    lease_owner text,
    lease_until timestamptz,
    fence       bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (bot_id, chat_id)
);
CREATE INDEX processing_chat_due_idx ON processing_chat (due_at) WHERE due_at IS NOT NULL;

-- Every attempt at an item: who ran it under which lease, how it ended and what went wrong.
CREATE TABLE processing_attempt (
    id          uuid        PRIMARY KEY,
    item_id     uuid        NOT NULL REFERENCES processing_item (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    worker      text        NOT NULL,
    fence       bigint      NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    outcome     text CHECK (outcome IN ('COMPLETED', 'FAILED', 'TERMINAL', 'LEASE_EXPIRED', 'LEASE_LOST')),
    error       text
);
CREATE INDEX processing_attempt_item_idx ON processing_attempt (item_id, started_at);
