-- Every turn sets its chat's last_message_at. While that column was indexed, each of those updates
-- wrote a new entry into every index of conversation_chats; without the index PostgreSQL can update
-- the row in place (a HOT update). bench/turns.sh measured about a tenth less PostgreSQL CPU per
-- turn. The admin's chat list (a bot's chats, newest first) now sorts the bot's chats, which it
-- already reads whole to count their messages and to search their titles.
DROP INDEX conversation_chats_bot;
