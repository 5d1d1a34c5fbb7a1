-- Settings that shape a bot's conversations: the models a chat may switch to with /model, whether
-- group messages that do not address the bot are kept as context, and a monthly spending limit.
ALTER TABLE telegram_bots
    ADD COLUMN allowed_model_ids     uuid[]        NOT NULL DEFAULT '{}',
    ADD COLUMN record_group_messages boolean       NOT NULL DEFAULT false,
    ADD COLUMN monthly_budget        numeric(14, 6),
    ADD COLUMN budget_message        text;
