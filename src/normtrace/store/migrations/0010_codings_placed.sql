-- 0010 (issue 14): the `codings` view tests that a coding is in place through the key
-- indexes of speeches and paragraphs (normtrace.coding.placed.placed_sql, same text) instead
-- of the `units` view, which SQLite materialized for every query (about 7x slower).
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
    );
