-- An inline keyboard under an outgoing message: rows of {text, callback_data} as Telegram spells
-- them (null = no keyboard). An edit entry sets the edited message's keyboard to this one.
ALTER TABLE telegram_outbox ADD COLUMN reply_markup jsonb;
