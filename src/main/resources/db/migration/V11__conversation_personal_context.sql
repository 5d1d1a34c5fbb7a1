-- What the owner wants the bot to know about one of its Telegram users (their name, preferences,
-- their account with the business): sent to the model after the system prompt in that user's turns.
ALTER TABLE conversation_users ADD COLUMN personal_context text;
