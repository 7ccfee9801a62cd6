-- 0012 (issue 12): a "done, nothing (else) applies" mark is a coder's reading of the whole
-- unit: a dictionary candidate there that the coder neither coded nor accepted is absent for
-- them, as a rejected one is. `codings` (what counts, first uses, kwic and the case report
-- read) leaves such candidates out; a withdrawn mark ('undone') brings them back.
DROP VIEW codings;

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
      -- a coder who marked the unit (or at paragraph level its paragraph) "done" for the
      -- candidate's codebook, without coding or accepting that code there, read it as absent
      AND NOT EXISTS (
        SELECT 1 FROM coding_reviews r
        WHERE r.codebook = a.codebook AND r.action = 'done'
          AND (r.unit_key = a.unit_key OR (r.level = 'paragraph'
               AND r.unit_key IN (rtrim(rtrim(a.unit_key, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'), rtrim(rtrim(rtrim(rtrim(a.unit_key, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'), '/'))))
          AND NOT EXISTS (
            SELECT 1 FROM coding_reviews l
            WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level
              AND l.unit_key = r.unit_key AND l.id > r.id
          )
          AND NOT EXISTS (
            SELECT 1 FROM current_verdicts v
            WHERE v.coder = r.coder AND v.unit_key = a.unit_key AND v.code = a.code
              AND v.start = a.start AND v."end" = a."end" AND v.snippet = a.snippet
              AND v.codebook IS a.codebook AND v.verdict = 'accept'
          )
          AND NOT EXISTS (
            SELECT 1 FROM human_codings h
            WHERE h.coder = r.coder AND h.unit_key = a.unit_key AND h.code = a.code
          )
    );
