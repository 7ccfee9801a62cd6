-- 0015 (issue 12): a "done, nothing (else) applies" mark is a reading of the text it was made
-- on, not of a key. A mark kept by key went on speaking for words its coder had not read when
-- a new version of the document changed them (or moved another paragraph's words under the
-- key): it hid their candidates and counted them as negatives. Each 'done' row now records
-- the texts it read (`texts`: a JSON object, unit key -> text, of the unit, or of the
-- operative or preambular paragraph and its sub-paragraphs at paragraph level), and a mark is current only while
-- every unit it read stands with those words and no unit was added under it. A mark whose
-- text changed stops counting (its coder marks the new text again); when the old text comes
-- back (a file put back), it counts again. Nothing is rewritten: the rows stay as they were.
ALTER TABLE coding_reviews ADD COLUMN texts TEXT
    CHECK (texts IS NULL OR (json_valid(texts) AND json_type(texts) = 'object'));

-- Rows written before this migration: the texts of the document version that was current
-- when the mark was made (the latest version whose ingest started before it). A row whose
-- version cannot be found keeps NULL and counts by key, as before.
CREATE TEMP TABLE _mark_versions (
    review_id INTEGER PRIMARY KEY, symbol TEXT, edition TEXT, at TEXT, document_id INTEGER
);
-- the document each marked key is a unit of (in any version)
INSERT OR IGNORE INTO _mark_versions (review_id, symbol, edition, at)
    SELECT r.id, d.symbol, d.edition, r.at FROM coding_reviews r
    JOIN paragraphs p ON p.key = r.unit_key AND p.speech_id IS NULL
    JOIN documents d ON d.id = p.document_id
    WHERE r.action = 'done' ORDER BY d.edition = 'record' DESC, d.is_current DESC, d.version DESC;
INSERT OR IGNORE INTO _mark_versions (review_id, symbol, edition, at)
    SELECT r.id, d.symbol, d.edition, r.at FROM coding_reviews r
    JOIN speeches s ON s.key = r.unit_key
    JOIN documents d ON d.id = s.document_id
    WHERE r.action = 'done' ORDER BY d.edition = 'record' DESC, d.is_current DESC, d.version DESC;
-- its version that was current when the mark was made: the latest whose ingest started
-- before it (times to the second compare as their second's first microsecond)
UPDATE _mark_versions SET document_id = (
    SELECT d2.id FROM documents d2
    LEFT JOIN runs ru ON ru.id = d2.run_id
    LEFT JOIN sources so ON so.id = d2.source_id
    WHERE d2.symbol = _mark_versions.symbol AND d2.edition = _mark_versions.edition
      AND (CASE WHEN COALESCE(ru.started_at, so.ingested_at) GLOB '*Z'
                 AND instr(COALESCE(ru.started_at, so.ingested_at), '.') = 0
           THEN substr(COALESCE(ru.started_at, so.ingested_at), 1,
                       length(COALESCE(ru.started_at, so.ingested_at)) - 1) || '.000000Z'
           ELSE COALESCE(ru.started_at, so.ingested_at) END)
          <= (CASE WHEN _mark_versions.at GLOB '*Z' AND instr(_mark_versions.at, '.') = 0
              THEN substr(_mark_versions.at, 1, length(_mark_versions.at) - 1) || '.000000Z'
              ELSE _mark_versions.at END)
    ORDER BY d2.version DESC LIMIT 1
);

DROP TRIGGER coding_reviews_no_update;
UPDATE coding_reviews SET texts = (
    SELECT CASE WHEN count(*) > 0 THEN json_group_object(u.k, u.t) END FROM (
        SELECT p.key AS k, p.text AS t FROM paragraphs p
        WHERE p.key = coding_reviews.unit_key AND p.speech_id IS NULL
          AND p.document_id = (SELECT document_id FROM _mark_versions
                               WHERE review_id = coding_reviews.id)
        UNION ALL
        SELECT p.key, p.text FROM paragraphs p
        WHERE coding_reviews.level = 'paragraph' AND p.speech_id IS NULL
          AND (coding_reviews.unit_key GLOB '*/op[0-9]*'
               OR coding_reviews.unit_key GLOB '*/pp[0-9]*')
          AND p.key > coding_reviews.unit_key || '/' AND p.key < coding_reviews.unit_key || '0'
          AND p.document_id = (SELECT document_id FROM _mark_versions
                               WHERE review_id = coding_reviews.id)
        UNION ALL
        SELECT s.key, s.text FROM speeches s
        WHERE s.key = coding_reviews.unit_key
          AND s.document_id = (SELECT document_id FROM _mark_versions
                               WHERE review_id = coding_reviews.id)
          -- a corpus speech replaced in place keeps its rows in one document: the row of the
          -- latest file ingested before the mark (else the current one), one row per key
          AND s.id = COALESCE(
              (SELECT s2.id FROM speeches s2 JOIN sources so2 ON so2.id = s2.source_id
               WHERE s2.document_id = s.document_id AND s2.key = s.key
                 AND (CASE WHEN so2.ingested_at GLOB '*Z' AND instr(so2.ingested_at, '.') = 0
                      THEN substr(so2.ingested_at, 1, length(so2.ingested_at) - 1)
                           || '.000000Z' ELSE so2.ingested_at END)
                     <= (CASE WHEN coding_reviews.at GLOB '*Z' AND instr(coding_reviews.at, '.') = 0
                         THEN substr(coding_reviews.at, 1, length(coding_reviews.at) - 1)
                              || '.000000Z' ELSE coding_reviews.at END)
               ORDER BY s2.id DESC LIMIT 1),
              (SELECT s3.id FROM speeches s3 WHERE s3.document_id = s.document_id
               AND s3.key = s.key AND s3.is_current = 1 ORDER BY s3.id DESC LIMIT 1))
    ) u
)
WHERE id IN (SELECT review_id FROM _mark_versions WHERE document_id IS NOT NULL);
CREATE TRIGGER coding_reviews_no_update BEFORE UPDATE ON coding_reviews
BEGIN
    SELECT RAISE(ABORT, 'coding_reviews is append-only');
END;
DROP TABLE _mark_versions;

-- the 'done' rows whose words stand: every unit the row read is current with the words it
-- read, and no unit it did not read is under it now
CREATE VIEW standing_done_rows AS
    SELECT r.* FROM coding_reviews r
    WHERE r.action = 'done' AND (r.texts IS NULL OR (
        -- every unit it read is current with the words it read
        NOT EXISTS (
            SELECT 1 FROM json_each(r.texts) j
            WHERE NOT EXISTS (
                SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id
                WHERE p.key = j.key AND p.text = j.value AND p.speech_id IS NULL
                  AND d.is_current = 1
            ) AND NOT EXISTS (
                SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id
                WHERE s.key = j.key AND s.text = j.value AND s.is_current = 1
                  AND d.is_current = 1
            )
        )
        -- and no unit it did not read is under it now: the key itself (a speech or a
        -- paragraph the text named no more), or a sub-paragraph of an operative or
        -- preambular paragraph (separate look-ups, so that each uses the key index)
        AND NOT EXISTS (
            SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id
            WHERE p.key = r.unit_key AND p.speech_id IS NULL AND d.is_current = 1
              AND NOT EXISTS (SELECT 1 FROM json_each(r.texts) j WHERE j.key = p.key)
        )
        AND NOT EXISTS (
            SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id
            WHERE s.key = r.unit_key AND s.is_current = 1 AND d.is_current = 1
              AND NOT EXISTS (SELECT 1 FROM json_each(r.texts) j WHERE j.key = s.key)
        )
        AND NOT (r.level = 'paragraph'
                 AND (r.unit_key GLOB '*/op[0-9]*' OR r.unit_key GLOB '*/pp[0-9]*') AND EXISTS (
            SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id
            WHERE p.key > r.unit_key || '/' AND p.key < r.unit_key || '0'
              AND p.speech_id IS NULL AND d.is_current = 1
              AND NOT EXISTS (SELECT 1 FROM json_each(r.texts) j WHERE j.key = p.key)
        ))
    ));

-- each coder's current "done" marks, one per coder, codebook, level, key and scope at most:
-- the latest row whose words stand, unless the coder withdrew the mark after it (a later
-- 'undone' row) or read those words again (a later standing row). A mark made on words a new
-- version changed does not count; when they come back, it does, even if the coder marked the
-- changed words in between (that reading is of other words).
DROP VIEW current_done_marks;
CREATE VIEW current_done_marks AS
    SELECT r.* FROM standing_done_rows r
    WHERE NOT EXISTS (
        SELECT 1 FROM coding_reviews l
        WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level
          AND l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id
          AND (l.action = 'undone' OR EXISTS (SELECT 1 FROM standing_done_rows s WHERE s.id = l.id))
    );
