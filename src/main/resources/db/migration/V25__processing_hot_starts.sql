-- Starting an item (RECEIVED or FAILED to PROCESSING) changed status, which the open-items index
-- named in its predicate, so PostgreSQL wrote a new entry into every index of processing_item.
-- The predicate now reads a stored column that stays true across that move, so the start is
-- an in-place (HOT) update; completion still drops the item out of the index. Pages keep a fifth
-- free so the new row version fits next to the old one.
ALTER TABLE processing_item
    ADD COLUMN is_open boolean NOT NULL
        GENERATED ALWAYS AS (status IN ('RECEIVED', 'PROCESSING', 'FAILED')) STORED;
DROP INDEX processing_item_open_idx;
CREATE INDEX processing_item_open_idx ON processing_item (bot_id, chat_id, update_id) WHERE is_open;
ALTER TABLE processing_item SET (fillfactor = 80);
