-- What the model call behind a reply cost, from the catalog prices when it was made.
ALTER TABLE conversation_messages ADD COLUMN cost numeric(18, 8);
