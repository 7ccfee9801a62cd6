-- 0017 (issue 12): the level a coding was made at. An import at --level paragraph of a row
-- without a span codes the whole paragraph; a coding sits in one unit, so it is placed on the
-- paragraph's opening unit, where it had the shape of a coding of that unit's words. Which it
-- was, was guessed from that shape (coding.human.whole: the coder marked the paragraph
-- reviewed at paragraph level and not the opening unit on its own), and the guess turned the
-- placeholder into a unit's positive once its coder also marked the opening unit. Each coding
-- event an import writes now says it: 'paragraph' (a whole paragraph, no span) or 'unit'.
-- NULL: not recorded (an event written before this migration, or by another writer), read by
-- the shape as before. A re-anchored coding reads the level of the coding it moves. Nothing is
-- rewritten: coding_events is append-only.
ALTER TABLE coding_events ADD COLUMN level TEXT
    CHECK (level IS NULL OR level IN ('unit', 'paragraph'));
-- the few codings of a whole paragraph, found without reading every event
CREATE INDEX coding_events_paragraph_level ON coding_events(id) WHERE level = 'paragraph';
