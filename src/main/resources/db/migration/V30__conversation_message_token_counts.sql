-- A message's text counted in tokens (cl100k, see ContextWindow) when it is written, so a turn
-- that reads up to 400 messages of history sums counts instead of tokenizing each text again.
-- Messages stored before this column are NULL and counted when a turn reads them.
ALTER TABLE conversation_messages ADD COLUMN text_tokens integer;
