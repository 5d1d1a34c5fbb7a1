-- LLM: providers (endpoint and vault reference to the API key), the model catalog, and one row per
-- model call. owner_id is an identity user id (by id only, no cross-module foreign key).

CREATE TABLE llm_providers (
    id                   uuid        PRIMARY KEY,
    owner_id             uuid        NOT NULL,
    name                 text        NOT NULL,
    type                 text        NOT NULL CHECK (type IN ('openai', 'anthropic', 'openai_compatible', 'ollama')),
    base_url             text        NOT NULL,
    api_key_credential   uuid,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX llm_providers_owner_idx ON llm_providers (owner_id, created_at);
CREATE UNIQUE INDEX llm_providers_owner_name_key ON llm_providers (owner_id, lower(name));

CREATE TABLE llm_models (
    id                        uuid           PRIMARY KEY,
    owner_id                  uuid           NOT NULL,
    provider_id               uuid           NOT NULL REFERENCES llm_providers (id),
    model_name                text           NOT NULL,
    context_window            integer        NOT NULL CHECK (context_window > 0),
    default_temperature       double precision,
    input_price_per_million   numeric(18, 6) NOT NULL CHECK (input_price_per_million >= 0),
    output_price_per_million  numeric(18, 6) NOT NULL CHECK (output_price_per_million >= 0),
    created_at                timestamptz    NOT NULL,
    updated_at                timestamptz    NOT NULL
);
CREATE INDEX llm_models_owner_idx ON llm_models (owner_id, created_at);
CREATE UNIQUE INDEX llm_models_provider_name_key ON llm_models (provider_id, model_name);

-- Every call, successful or not. model_id has no foreign key: the history outlives a deleted model.
CREATE TABLE llm_calls (
    id                  uuid           PRIMARY KEY,
    owner_id            uuid           NOT NULL,
    model_id            uuid,
    provider_type       text           NOT NULL,
    model_name          text           NOT NULL,
    bot_id              uuid,
    chat_id             bigint,
    telegram_user_id    bigint,
    streaming           boolean        NOT NULL,
    input_tokens        integer        NOT NULL,
    output_tokens       integer        NOT NULL,
    cost                numeric(24, 12) NOT NULL,
    latency_ms          bigint         NOT NULL,
    first_token_ms      bigint,
    outcome             text           NOT NULL CHECK (outcome IN ('OK', 'RETRYABLE', 'FATAL')),
    http_status         integer,
    error               text,
    at                  timestamptz    NOT NULL
);
CREATE INDEX llm_calls_owner_at_idx ON llm_calls (owner_id, at);
CREATE INDEX llm_calls_bot_at_idx ON llm_calls (bot_id, at) WHERE bot_id IS NOT NULL;
