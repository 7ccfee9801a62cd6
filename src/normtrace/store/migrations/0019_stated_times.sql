-- 0019: when imported work was made, as the file it came from states it. A coding, memo,
-- verdict ('coding_events') or "done" mark ('coding_reviews') keeps its recording time `at`:
-- when the project learned of it (the order of the logs, undo). An import from a file that
-- says when the work was done (a codings table's `at` cell, a REFI-QDA `creationDateTime`)
-- adds one row here for each event or mark it writes: `made_at`, that time (ISO-8601 UTC),
-- checked to be a time and not after the import. What asks "when was this work done" (the
-- blind-reading rule, coding.human.blind_work; an export, so that a round trip keeps it)
-- reads `made_at` where there is one, else `at` (coding.human.made_at). A side table, not a
-- column: marks are written by one writer for every surface, and nothing is rewritten.
CREATE TABLE stated_times (
    id INTEGER PRIMARY KEY,
    event_id INTEGER UNIQUE REFERENCES coding_events(id),
    review_id INTEGER UNIQUE REFERENCES coding_reviews(id),
    made_at TEXT NOT NULL,                    -- ISO-8601 UTC, as the file states it
    source TEXT NOT NULL,                     -- 'import:<file name>'
    CHECK ((event_id IS NULL) <> (review_id IS NULL))
);

CREATE TRIGGER stated_times_no_update BEFORE UPDATE ON stated_times
BEGIN
    SELECT RAISE(ABORT, 'stated_times is append-only');
END;

CREATE TRIGGER stated_times_no_delete BEFORE DELETE ON stated_times
BEGIN
    SELECT RAISE(ABORT, 'stated_times is append-only');
END;
