-- 0007: memos about a whole document (NVivo/ATLAS.ti/MAXQDA "document memos").
-- A document memo is a 'memo' coding event whose `document` is the document's symbol; its
-- unit_key, span and code stay NULL, so it never reads as a unit memo (those always name a
-- unit) and never counts as coverage of a unit. Undo is an event, as for every other action.
ALTER TABLE coding_events ADD COLUMN document TEXT
    CHECK (document IS NULL OR (action = 'memo' AND unit_key IS NULL));
CREATE INDEX coding_events_document ON coding_events(document) WHERE document IS NOT NULL;
