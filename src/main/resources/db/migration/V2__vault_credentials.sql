-- Secrets sealed with AES-256-GCM. key_id names the master key that sealed the row, so keys can
-- rotate and a start-up with the wrong key is detected before anything is decrypted.
CREATE TABLE vault_credentials (
    id          uuid PRIMARY KEY,
    label       text        NOT NULL,
    key_id      text        NOT NULL,
    nonce       bytea       NOT NULL,
    ciphertext  bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX vault_credentials_key_id ON vault_credentials (key_id);
