-- 0008 (issue 12): assisted coding. Reviews ("done, nothing applies"), trained models,
-- suggestions as candidates, and verdicts on suggestions.
-- A review says a coder looked at a unit (or a whole paragraph) for a codebook's codes: every
-- code of that codebook the coder did not apply there is a negative. Append-only.
CREATE TABLE coding_reviews (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                         -- ISO-8601 UTC
    coder TEXT NOT NULL,
    codebook TEXT NOT NULL,                   -- codebook name
    codebook_version TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('unit', 'paragraph')),
    unit_key TEXT NOT NULL,                   -- a unit key, or a paragraph key at paragraph level
    source TEXT NOT NULL DEFAULT 'manual'     -- 'manual', 'web' or 'import:<file name>'
);
CREATE INDEX coding_reviews_book ON coding_reviews(codebook, level, unit_key);

CREATE TRIGGER coding_reviews_no_update BEFORE UPDATE ON coding_reviews
BEGIN
    SELECT RAISE(ABORT, 'coding_reviews is append-only');
END;

CREATE TRIGGER coding_reviews_no_delete BEFORE DELETE ON coding_reviews
BEGIN
    SELECT RAISE(ABORT, 'coding_reviews is append-only');
END;

-- One trained model per run: one calibrated classifier per code, pickled together.
CREATE TABLE learn_models (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    codebook TEXT NOT NULL,
    codebook_version TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('unit', 'paragraph')),
    version TEXT NOT NULL,                    -- 12 hex digits over params, labels, codebook
    params TEXT NOT NULL,                     -- JSON
    codes TEXT NOT NULL,                      -- JSON: per code positives, negatives, status
    model BLOB NOT NULL,                      -- pickle, written and read by normtrace only
    created_at TEXT NOT NULL
);
CREATE INDEX learn_models_book ON learn_models(codebook, level);

-- Model suggestions: candidates like auto-codings, one per (unit or paragraph, code).
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    model_run_id INTEGER NOT NULL REFERENCES learn_models(run_id),
    model_version TEXT NOT NULL,
    codebook TEXT NOT NULL,
    codebook_version TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('unit', 'paragraph')),
    unit_key TEXT NOT NULL,
    code TEXT NOT NULL,
    probability REAL NOT NULL,
    text_sha256 TEXT NOT NULL
);
CREATE INDEX suggestions_run ON suggestions(codebook, level, run_id, code);
CREATE INDEX suggestions_unit ON suggestions(unit_key);

-- The suggestions of the latest suggest run per codebook and level.
CREATE VIEW current_suggestions AS
    SELECT s.* FROM suggestions s
    WHERE s.run_id = (SELECT max(t.run_id) FROM suggestions t
                      WHERE t.codebook = s.codebook AND t.level = s.level);

ALTER TABLE coding_events ADD COLUMN suggestion_id INTEGER REFERENCES suggestions(id);
CREATE INDEX coding_events_suggestion ON coding_events(suggestion_id)
    WHERE suggestion_id IS NOT NULL;

-- Each coder's latest effective verdict on each suggestion.
CREATE VIEW current_suggestion_verdicts AS
    SELECT e.id AS event_id, e.at, e.coder, e.suggestion_id, e.verdict, e.memo
    FROM effective_coding_events e
    WHERE e.action = 'verdict' AND e.suggestion_id IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action = 'verdict' AND l.coder = e.coder
            AND l.suggestion_id = e.suggestion_id AND l.id > e.id
      );
