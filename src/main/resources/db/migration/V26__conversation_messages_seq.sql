-- seq comes from a sequence and is only ever read within a chat, through (chat_id, seq); the
-- table-wide unique index on it was one more index entry for every message stored.
ALTER TABLE conversation_messages DROP CONSTRAINT conversation_messages_seq_key;
