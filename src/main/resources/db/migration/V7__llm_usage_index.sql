-- LLM usage reports (GET /api/usage) aggregate one owner's calls in a time range, grouped by model,
-- bot, UTC day or Telegram user. This index has the same key as llm_calls_owner_at_idx, which it
-- replaces, and carries every column the report reads, so the aggregation is an index-only range
-- scan over (owner_id, at) that never touches the table's wide rows (the error texts).
CREATE INDEX llm_calls_owner_at_usage_idx ON llm_calls (owner_id, at)
    INCLUDE (model_id, model_name, bot_id, telegram_user_id, outcome, input_tokens, output_tokens, cost, latency_ms,
             first_token_ms);
DROP INDEX llm_calls_owner_at_idx;
