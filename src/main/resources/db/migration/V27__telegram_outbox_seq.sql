-- seq comes from a sequence and orders a chat's replies, read only through the partial indexes
-- of waiting replies; the table-wide unique index on it was one more index entry for every reply.
ALTER TABLE telegram_outbox DROP CONSTRAINT telegram_outbox_seq_key;
