-- Telegram Business: the connections people made between their account and a bot (kept current
-- from business_connection updates as they are accepted; last_update_id keeps a late, older
-- delivery from undoing a newer one), and per business chat when the customer last wrote, which
-- opens Telegram's 24-hour reply window.
CREATE TABLE telegram_business_connections (
    bot_id           uuid        NOT NULL,
    id               text        NOT NULL,
    telegram_user_id bigint      NOT NULL,
    user_chat_id     bigint      NOT NULL,
    can_reply        boolean     NOT NULL,
    enabled          boolean     NOT NULL,
    connected_at     timestamptz NOT NULL,
    last_update_id   bigint      NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (bot_id, id)
);

CREATE TABLE telegram_business_chats (
    bot_id           uuid        NOT NULL,
    connection_id    text        NOT NULL,
    chat_id          bigint      NOT NULL,
    last_incoming_at timestamptz NOT NULL,
    PRIMARY KEY (bot_id, connection_id, chat_id)
);

-- A reply that must not go out any more (its business connection was disabled, lost the right to
-- reply, or the chat's reply window closed) is CANCELLED, with the reason in last_error.
ALTER TABLE telegram_outbox DROP CONSTRAINT telegram_outbox_status_check;
ALTER TABLE telegram_outbox ADD CONSTRAINT telegram_outbox_status_check
    CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED'));
CREATE INDEX telegram_outbox_business ON telegram_outbox (bot_id, business_connection_id)
    WHERE status = 'PENDING' AND business_connection_id IS NOT NULL;
