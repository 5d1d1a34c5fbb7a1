-- A bot can be told not to answer at all (approval OFF): messages are still recorded.
ALTER TABLE telegram_bots DROP CONSTRAINT telegram_bots_approval_check;
ALTER TABLE telegram_bots ADD CONSTRAINT telegram_bots_approval_check CHECK (approval IN ('AUTO', 'REVIEW', 'OFF'));
