-- Counting a bot's messages of a day (the dashboard) reads each chat's messages by time.
CREATE INDEX conversation_messages_chat_time ON conversation_messages (chat_id, created_at);
