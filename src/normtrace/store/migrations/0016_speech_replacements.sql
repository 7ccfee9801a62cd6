-- 0016 (issue 12): which corpus speech a run replaced in place. A changed corpus speech file
-- supersedes its speech in its meeting's corpus document (the document keeps its version): the
-- old row is marked not current and a row for the new bytes is added. A file edited and then
-- put back has bytes a row already holds (a speech row is one file's bytes: UNIQUE document,
-- key, source), so that row is made current again instead, where before the edited text stayed
-- and the file was called "unchanged". Each replacement, of either kind, is recorded here: the
-- run, the row it made current and the row it replaced, so what a run replaced (its words) is
-- known to the coders' work (normtrace.coding.human.replaced). Append-only.
CREATE TABLE speech_replacements (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    replaced_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    at TEXT NOT NULL                              -- ISO-8601 UTC
);
CREATE INDEX speech_replacements_run ON speech_replacements(run_id);

CREATE TRIGGER speech_replacements_no_update BEFORE UPDATE ON speech_replacements
BEGIN
    SELECT RAISE(ABORT, 'speech_replacements is append-only');
END;
