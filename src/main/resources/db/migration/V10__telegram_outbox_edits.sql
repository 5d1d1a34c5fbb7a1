-- A streamed reply's final text replaces the message that showed it while it grew: the outbox
-- entry then edits that message instead of sending a new one.
ALTER TABLE telegram_outbox ADD COLUMN edit_message_id bigint;
