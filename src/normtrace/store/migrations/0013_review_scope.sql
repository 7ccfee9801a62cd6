-- 0013 (issue 12): "done for these codes". A "done, nothing (else) applies" mark may speak
-- for some of its codebook's codes only (`codes`: a JSON array of code ids, sorted; NULL: every
-- code its codebook version had, as before). A coder who read a unit for three frames no
-- longer turns the codebook's other codes into negatives. Marks of different scopes on one
-- target are separate marks: each is current while its coder's latest row for that codebook,
-- level, key and scope is 'done'; a candidate is read as absent only under a mark that speaks
-- for its code.
ALTER TABLE coding_reviews ADD COLUMN codes TEXT
    CHECK (codes IS NULL OR (json_valid(codes) AND json_type(codes) = 'array'));
DROP VIEW codings;
DROP VIEW current_done_marks;
-- each coder's current "done" marks: the latest row for the coder, codebook, level, key and scope
CREATE VIEW current_done_marks AS
    SELECT r.* FROM coding_reviews r
    WHERE r.action = 'done' AND NOT EXISTS (
        SELECT 1 FROM coding_reviews l
        WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level
          AND l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id
    );

CREATE VIEW codings AS
    SELECT 'human' AS source, h.event_id AS ref_id, h.coder AS coder, h.unit_key, h.start,
           h."end", h.snippet, h.code, h.codebook_version
    FROM human_codings h
    WHERE (EXISTS (SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id WHERE s.key = h.unit_key AND s.is_current = 1 AND d.is_current = 1 AND (h.edition IS NULL OR d.edition = h.edition) AND substr(s.text, h.start + 1, h."end" - h.start) = h.snippet) OR EXISTS (SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.key = h.unit_key AND p.speech_id IS NULL AND d.is_current = 1 AND (h.edition IS NULL OR d.edition = h.edition) AND substr(p.text, h.start + 1, h."end" - h.start) = h.snippet))
    UNION ALL
    SELECT 'auto', a.id, NULL, a.unit_key, a.start, a."end", a.snippet, a.code,
           a.codebook_version
    FROM current_auto_codings a
    WHERE (EXISTS (SELECT 1 FROM speeches s JOIN documents d ON d.id = s.document_id WHERE s.key = a.unit_key AND s.is_current = 1 AND d.is_current = 1 AND (a.edition IS NULL OR d.edition = a.edition) AND substr(s.text, a.start + 1, a."end" - a.start) = a.snippet) OR EXISTS (SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE p.key = a.unit_key AND p.speech_id IS NULL AND d.is_current = 1 AND (a.edition IS NULL OR d.edition = a.edition) AND substr(p.text, a.start + 1, a."end" - a.start) = a.snippet))
      AND NOT EXISTS (
        SELECT 1 FROM current_verdicts v
        WHERE v.unit_key = a.unit_key AND v.code = a.code AND v.start = a.start
          AND v."end" = a."end" AND v.snippet = a.snippet AND v.codebook IS a.codebook
          AND v.verdict = 'reject'
    )
      -- a "done" mark on the unit itself (at either level) for the candidate's codebook, made
      -- when the codebook had the candidate's code, with no coder coding or accepting that code
      -- in the unit: the coder read it as absent
      AND NOT EXISTS (
        SELECT 1 FROM current_done_marks r
        WHERE r.codebook = a.codebook AND r.unit_key = a.unit_key
          AND (r.codes IS NULL OR a.code IN (SELECT value FROM json_each(r.codes)))
          AND EXISTS (
              SELECT 1 FROM codes c JOIN codebooks b ON b.id = c.codebook_id
              WHERE b.name = r.codebook AND b.version = r.codebook_version AND c.code = a.code
          )
          AND NOT EXISTS (
              SELECT 1 FROM current_verdicts v
              WHERE v.verdict = 'accept' AND v.code = a.code AND v.codebook IS a.codebook
                AND v.unit_key = a.unit_key
          )
          AND NOT EXISTS (
              SELECT 1 FROM human_codings h
              WHERE h.code = a.code AND h.unit_key = a.unit_key
          )
      )
      -- a "done" mark on the operative or preambular paragraph holding the unit (paragraph
      -- level: its sub-paragraphs, two levels down), with no coder coding or accepting that
      -- code anywhere in the paragraph
      AND NOT EXISTS (
        SELECT 1 FROM current_done_marks r
        WHERE r.codebook = a.codebook AND r.level = 'paragraph'
          AND r.unit_key IN (rtrim(rtrim(a.unit_key, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'), rtrim(rtrim(rtrim(rtrim(a.unit_key, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'))
          AND (r.unit_key GLOB '*/op[0-9]*' OR r.unit_key GLOB '*/pp[0-9]*')
          AND (r.codes IS NULL OR a.code IN (SELECT value FROM json_each(r.codes)))
          AND EXISTS (
              SELECT 1 FROM codes c JOIN codebooks b ON b.id = c.codebook_id
              WHERE b.name = r.codebook AND b.version = r.codebook_version AND c.code = a.code
          )
          AND NOT EXISTS (
              SELECT 1 FROM current_verdicts v
              WHERE v.verdict = 'accept' AND v.code = a.code AND v.codebook IS a.codebook
                AND (v.unit_key = r.unit_key OR (v.unit_key > r.unit_key || '/' AND v.unit_key < r.unit_key || '0'))
          )
          AND NOT EXISTS (
              SELECT 1 FROM human_codings h
              WHERE h.code = a.code AND (h.unit_key = r.unit_key OR (h.unit_key > r.unit_key || '/' AND h.unit_key < r.unit_key || '0'))
          )
      );
