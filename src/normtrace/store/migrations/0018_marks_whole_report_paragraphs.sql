-- 0018 (issue 12): a mark of a whole report paragraph stops counting when a unit it did not
-- read is added under it. Since stop 41 a Secretary-General report's numbered paragraph with
-- its lettered sub-paragraphs (S/2008/202/p64 with p64/a, p64/d) is one paragraph at
-- paragraph level, and a mark made on it there reads them all (its `texts`). 0015 looked for
-- a unit added under a paragraph-level mark only under an operative or preambular paragraph
-- (`GLOB '*/op[0-9]*'`), so when a new version of a report added p64/e, the mark made on
-- p64 went on counting, and p64/e, which its coder never read, was read as a negative.
--
-- Which keys are a paragraph's sub-paragraphs is now the one rule of
-- normtrace.coding.levels: a key holding sub-paragraphs (the condition below is
-- levels.holds_sub_paragraphs_sql('r.unit_key'), verbatim; tests check the two agree on real
-- keys), and its sub-paragraphs the keys under it (levels.target_clause's key range). A mark
-- on such a paragraph stops counting when a unit it did not read is under it, when
--   * the paragraph is an operative or preambular one: a mark on it has always read its
--     sub-paragraphs, so one that read the paragraph's own unit alone read a paragraph that
--     had none (as in 0015), or
--   * the mark read more than the paragraph's own unit (a sub-paragraph too): it read the
--     paragraph whole.
-- A mark on a report's paragraph that read that paragraph's own unit alone is a reading of
-- that one unit (normtrace.coding.human.mark_reach.reading): one made before stop 41, when
-- p64/a was a paragraph of its own and the mark read p64's words only, or one on a paragraph
-- that had no sub-paragraph then. It stands while that unit's words do, and reviews no
-- sub-paragraph, so none is read as a negative by it.
-- Only the view changes; nothing is rewritten. current_done_marks reads this view by name.
DROP VIEW standing_done_rows;
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
        -- paragraph the text named no more), or a sub-paragraph of the paragraph it read
        -- whole (separate look-ups, so that each uses the key index)
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
                 -- levels.holds_sub_paragraphs_sql('r.unit_key')
                 AND ((r.unit_key GLOB '*/op[0-9]*' OR r.unit_key GLOB '*/pp[0-9]*' OR r.unit_key GLOB '*/p[0-9]*') AND NOT (r.unit_key GLOB '*/op[0-9]*/*' OR r.unit_key GLOB '*/pp[0-9]*/*' OR r.unit_key GLOB '*/p[0-9]*/*') AND NOT (r.unit_key GLOB '*/s[0-9]*/p[0-9]*' AND NOT r.unit_key GLOB '*/s[0-9]*[^0-9]*/p[0-9]*'))
                 -- read whole: an operative or preambular paragraph, or more than its own unit
                 AND (r.unit_key GLOB '*/op[0-9]*' OR r.unit_key GLOB '*/pp[0-9]*'
                      OR EXISTS (SELECT 1 FROM json_each(r.texts) j WHERE j.key <> r.unit_key))
                 AND EXISTS (
            SELECT 1 FROM paragraphs p JOIN documents d ON d.id = p.document_id
            WHERE p.key > r.unit_key || '/' AND p.key < r.unit_key || '0'
              AND p.speech_id IS NULL AND d.is_current = 1
              AND NOT EXISTS (SELECT 1 FROM json_each(r.texts) j WHERE j.key = p.key)
        ))
    ));
