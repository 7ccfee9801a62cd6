-- 0014 (issue 12): the current version of a codebook is the one last put in use, not the one
-- last registered. Applying (or importing codings with) an earlier version again made nothing
-- current again: exports, agreement and the codes' measured error kept reading the later
-- version, and the "codes no longer in the codebook" warning stayed. A use is a row here,
-- appended when a version is registered and when a registered one is applied again; the
-- current version of each codebook name is the one of its latest use.
CREATE TABLE codebook_uses (
    id INTEGER PRIMARY KEY,
    codebook_id INTEGER NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
    at TEXT NOT NULL
);
CREATE INDEX codebook_uses_codebook ON codebook_uses(codebook_id);
-- every version registered so far was put in use when it was registered, in that order
INSERT INTO codebook_uses (codebook_id, at) SELECT id, created_at FROM codebooks ORDER BY id;

CREATE TRIGGER codebook_uses_no_update BEFORE UPDATE ON codebook_uses
BEGIN
    SELECT RAISE(ABORT, 'codebook_uses is append-only');
END;

-- the current version of each codebook: the one of its name's latest use (a version without
-- any use, which only a project written outside normtrace holds, counts by its registration)
CREATE VIEW current_codebooks AS
    SELECT b.* FROM codebooks b
    WHERE b.id = COALESCE(
        (SELECT u.codebook_id FROM codebook_uses u JOIN codebooks x ON x.id = u.codebook_id
         WHERE x.name = b.name ORDER BY u.id DESC LIMIT 1),
        (SELECT max(x.id) FROM codebooks x WHERE x.name = b.name)
    );
