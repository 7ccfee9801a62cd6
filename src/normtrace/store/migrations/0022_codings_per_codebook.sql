-- 0022 (stop 44): a human coding is one per coder, span, code id AND codebook. Two codebooks
-- may share a code id (a researcher's own codebook keeping the default's `poc`, as FRAMES.md
-- asks); until now a coder held one coding per span and code id, so the same words could not
-- carry `poc` for both codebooks: one coding silently stood for the other.
--
-- A coding's codebook is the codebook of the version its event records (a version is a
-- content hash that covers the codebook's name, so it names one codebook). An event that
-- records no version (made before versions were recorded; re-anchoring and merges wrote
-- removals without one until this stop) keeps the old identity: it stands for every
-- codebook, so a later code or removal of the span and code id, of any codebook, supersedes
-- it, and it supersedes any earlier one. What the view returned on a project before this
-- migration it returns after it: no two current codings of one coder, span and code id of
-- different codebooks could be written before (add_code refused the second).
-- That claim holds only while the project keeps every codebook version its events record
-- (review N3): the view reads a coding's codebook from the codebooks table. Were a version
-- deleted, a coding whose version is held, followed by a code or uncode of the same coder,
-- span and code id recorded under a version no longer held, would differ: the later event
-- records a version (so the NULL-version test fails), not the same one, and its codebook
-- reads NULL, which IS no held name; it no longer supersedes the coding, which reads as
-- current again (before this migration any later event superseded it). The same holds the
-- other way round (the coding's version deleted, the later event's held). normtrace never
-- deletes a codebook version; a project edited by hand could.
--
-- Nothing is rewritten (coding_events is append-only): the view adds the derived column
-- `codebook` (NULL: no version recorded, or a version the project does not hold) and
-- compares codebooks in its identity.
DROP VIEW human_codings;

CREATE VIEW human_codings AS
    SELECT e.id AS event_id, e.at, e.coder, e.unit_key, e.start, e."end", e.snippet,
           e.text_sha256, e.code, e.memo, e.codebook_version, e.edition,
           (SELECT b.name FROM codebooks b WHERE b.version = e.codebook_version
            ORDER BY b.id LIMIT 1) AS codebook
    FROM effective_coding_events e
    WHERE e.action = 'code'
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action IN ('code', 'uncode') AND l.coder = e.coder
            AND l.unit_key = e.unit_key AND l.code = e.code
            AND l.start = e.start AND l."end" = e."end" AND l.id > e.id
            AND (l.codebook_version IS NULL OR e.codebook_version IS NULL
                 OR l.codebook_version = e.codebook_version
                 OR (SELECT b.name FROM codebooks b WHERE b.version = l.codebook_version
                     ORDER BY b.id LIMIT 1)
                    IS (SELECT b.name FROM codebooks b WHERE b.version = e.codebook_version
                        ORDER BY b.id LIMIT 1))
      );

-- the codebook of a version, found without scanning the codebooks
CREATE INDEX IF NOT EXISTS codebooks_version ON codebooks(version);
