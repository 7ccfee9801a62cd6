-- 0026: adjudications read from a file. A codings table (`code export`, a row of source
-- 'adjudication') and a .qdpx (its normtrace/adjudications.jsonl) carry the decisions in force,
-- present and absent, with their adjudicator, note and time; `code import` and
-- `code import-qdpx` record each again as an adjudication of this project (not as a coder's
-- codings). The decision is recorded at the import's time (`adjudications.created_at`: when the
-- project learned of it); the time the file states it was made is kept here, beside it, as
-- stated_times (0019) keeps it for codings and marks, so that the next export writes it again.
-- An adjudicator named by a file who has no account here gets a closed one (active = 0, no
-- password that can sign in): adjudications.adjudicator_id must name a user.
CREATE TABLE imported_adjudications (
    adjudication_id INTEGER PRIMARY KEY REFERENCES adjudications(id),
    made_at TEXT,                             -- ISO-8601 UTC, as the file states it (NULL: none)
    source TEXT NOT NULL                      -- 'import:<file name>'
);

CREATE TRIGGER imported_adjudications_no_update BEFORE UPDATE ON imported_adjudications
BEGIN
    SELECT RAISE(ABORT, 'imported_adjudications is append-only');
END;

CREATE TRIGGER imported_adjudications_no_delete BEFORE DELETE ON imported_adjudications
BEGIN
    SELECT RAISE(ABORT, 'imported_adjudications is append-only');
END;
