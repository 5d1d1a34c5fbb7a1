-- Identity: users, sessions with rotating refresh tokens, API keys, settings, audit, login throttling.

CREATE TABLE identity_user (
    id            uuid        PRIMARY KEY,
    email         text        NOT NULL,
    name          text,
    password_hash text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX identity_user_email_key ON identity_user (lower(email));

-- One login: a refresh-token family. Revoking it ends every token issued in it.
CREATE TABLE identity_session (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES identity_user (id),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    user_agent   text,
    ip           text,
    revoked_at   timestamptz
);
CREATE INDEX identity_session_user_idx ON identity_session (user_id);

-- Only the SHA-256 of a refresh token is stored; used_at marks a rotated (spent) token.
CREATE TABLE identity_refresh_token (
    token_hash bytea       PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES identity_session (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX identity_refresh_token_session_idx ON identity_refresh_token (session_id);

-- The key is shown once; only its prefix (for lookup and display) and SHA-256 are kept.
CREATE TABLE identity_api_key (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES identity_user (id),
    name         text        NOT NULL,
    prefix       text        NOT NULL UNIQUE,
    key_hash     bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX identity_api_key_user_idx ON identity_api_key (user_id);

CREATE TABLE identity_settings (
    id                integer PRIMARY KEY CHECK (id = 1),
    registration_open boolean NOT NULL
);
INSERT INTO identity_settings (id, registration_open) VALUES (1, true);

CREATE TABLE identity_audit (
    id       bigserial   PRIMARY KEY,
    at       timestamptz NOT NULL,
    user_id  uuid,
    email    text,
    event    text        NOT NULL,
    ip       text
);
CREATE INDEX identity_audit_at_idx ON identity_audit (at DESC);

-- Bucket4j's PostgreSQL proxy manager keeps login-failure buckets here, shared by all instances.
CREATE TABLE identity_rate_limit (
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
