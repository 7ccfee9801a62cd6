-- 0009 (issue 14): a coding is identified by its text, not by a row id or an offset.
-- * A verdict on a candidate holds for every later run's candidate with the same identity:
--   (unit key, codebook, code, start, end, snippet). Re-running `code apply` keeps it.
-- * Every coding event names the edition whose text it was made on (record | corpus);
--   candidates name theirs too. Older events have NULL: any edition with that text.
-- * A coding counts (view `codings`) only where its snippet is still at its offsets in the
--   current text of its unit (and edition): a new version never shifts words under a code.
-- * Codings a new version moved are re-anchored by ingest (a new event naming the event it
--   re-anchors); those that cannot be placed unambiguously are listed in `anchor_reviews`.
ALTER TABLE coding_events ADD COLUMN codebook TEXT;     -- verdicts: the candidate's codebook
ALTER TABLE coding_events ADD COLUMN edition TEXT;      -- the edition whose text was coded
ALTER TABLE coding_events ADD COLUMN reanchors INTEGER REFERENCES coding_events(id);
ALTER TABLE auto_codings ADD COLUMN edition TEXT;

-- Fill the codebook of existing verdicts (derived from their candidate; nothing else changes).
DROP TRIGGER coding_events_no_update;
UPDATE coding_events SET codebook = (
    SELECT b.name FROM auto_codings a JOIN codebooks b ON b.id = a.codebook_id
    WHERE a.id = coding_events.auto_coding_id
) WHERE auto_coding_id IS NOT NULL;
CREATE TRIGGER coding_events_no_update BEFORE UPDATE ON coding_events
BEGIN
    SELECT RAISE(ABORT, 'coding_events is append-only: record a new event (undo is an event)');
END;

CREATE INDEX coding_events_verdict ON coding_events(unit_key, code, start)
    WHERE action = 'verdict';

-- A coding a new document version moved and ingest could not place unambiguously.
-- Append-only; a review is open while its event is a current coding not found at its place.
CREATE TABLE anchor_reviews (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES coding_events(id),
    unit_key TEXT NOT NULL,
    reason TEXT NOT NULL,                     -- 'not found' | 'ambiguous: N places' | 'unit gone'
    places TEXT NOT NULL DEFAULT '[]',        -- JSON: candidate start offsets in the new text
    run_id INTEGER REFERENCES runs(id),
    at TEXT NOT NULL
);
CREATE INDEX anchor_reviews_event ON anchor_reviews(event_id);

CREATE TRIGGER anchor_reviews_no_update BEFORE UPDATE ON anchor_reviews
BEGIN
    SELECT RAISE(ABORT, 'anchor_reviews is append-only');
END;

DROP VIEW codings;
DROP VIEW human_codings;
DROP VIEW current_verdicts;

CREATE VIEW human_codings AS
    SELECT e.id AS event_id, e.at, e.coder, e.unit_key, e.start, e."end", e.snippet,
           e.text_sha256, e.code, e.memo, e.codebook_version, e.edition
    FROM effective_coding_events e
    WHERE e.action = 'code'
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action IN ('code', 'uncode') AND l.coder = e.coder
            AND l.unit_key = e.unit_key AND l.code = e.code
            AND l.start = e.start AND l."end" = e."end" AND l.id > e.id
      );

-- Each coder's latest effective verdict on each candidate identity.
CREATE VIEW current_verdicts AS
    SELECT e.id AS event_id, e.at, e.coder, e.auto_coding_id, e.verdict, e.memo,
           e.unit_key, e.codebook, e.code, e.start, e."end", e.snippet
    FROM effective_coding_events e
    WHERE e.action = 'verdict' AND e.auto_coding_id IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action = 'verdict' AND l.auto_coding_id IS NOT NULL AND l.coder = e.coder
            AND l.unit_key = e.unit_key AND l.code = e.code AND l.start = e.start
            AND l."end" = e."end" AND l.snippet = e.snippet AND l.codebook IS e.codebook
            AND l.id > e.id
      );

-- Everything currently coded: human codings and unrejected candidates whose snippet is at
-- its offsets in the current text of its unit (in its edition, when it names one).
CREATE VIEW codings AS
    SELECT 'human' AS source, h.event_id AS ref_id, h.coder AS coder, h.unit_key, h.start,
           h."end", h.snippet, h.code, h.codebook_version
    FROM human_codings h
    WHERE EXISTS (
        SELECT 1 FROM units u
        WHERE u.key = h.unit_key AND (h.edition IS NULL OR u.edition = h.edition)
          AND substr(u.text, h.start + 1, h."end" - h.start) = h.snippet
    )
    UNION ALL
    SELECT 'auto', a.id, NULL, a.unit_key, a.start, a."end", a.snippet, a.code,
           a.codebook_version
    FROM current_auto_codings a
    WHERE EXISTS (
        SELECT 1 FROM units u
        WHERE u.key = a.unit_key AND (a.edition IS NULL OR u.edition = a.edition)
          AND substr(u.text, a.start + 1, a."end" - a.start) = a.snippet
    )
      AND NOT EXISTS (
        SELECT 1 FROM current_verdicts v
        WHERE v.unit_key = a.unit_key AND v.code = a.code AND v.start = a.start
          AND v."end" = a."end" AND v.snippet = a.snippet AND v.codebook IS a.codebook
          AND v.verdict = 'reject'
    );
