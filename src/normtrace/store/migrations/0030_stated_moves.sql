-- 0030 (stop 47): when imported work was last moved, as the file it came from states it. A
-- coding a new version moved (an ingest's re-anchoring, a coder's `code review --move`) is the
-- same coding at a new place: when it was made is its chain's first event (0019, made_at), when
-- it was moved the moving event's time (`moved_at` in `code list` and exports). A `.qdpx` export
-- writes that time as the coding selection's `modifiedDateTime` (REFI-QDA's attribute for when
-- a selection was last changed); an import records the coding as a new event, which moves
-- nothing, so the time was lost in a round trip. The import adds one row here for each coding
-- it writes whose selection states it: `moved_at` (ISO-8601 UTC), checked to be a time, not
-- after the import and not before the coding was made. coding.human.made_at.moved_sql reads it
-- before the moving event's time. Append-only, as stated_times.
CREATE TABLE stated_moves (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL UNIQUE REFERENCES coding_events(id),
    moved_at TEXT NOT NULL,                   -- ISO-8601 UTC, as the file states it
    source TEXT NOT NULL                      -- 'import:<file name>'
);

CREATE TRIGGER stated_moves_no_update BEFORE UPDATE ON stated_moves
BEGIN
    SELECT RAISE(ABORT, 'stated_moves is append-only');
END;

CREATE TRIGGER stated_moves_no_delete BEFORE DELETE ON stated_moves
BEGIN
    SELECT RAISE(ABORT, 'stated_moves is append-only');
END;
