-- 0029 (stop 47): a "done" mark moves with its coder's coding. A coder's settlement of a review
-- (`code review ID --move`, coding.human.anchors) moves a coding whose words a new version moved,
-- unchanged, to another unit (a paragraph inserted before it). The coder's "done, nothing (else)
-- applies" mark of the same unit was a reading of the same words (coding.human.mark_texts), yet
-- it stayed on the old key, where it no longer counts (its words are gone from there), and
-- `code reviews --stale` asked the coder to mark again. The move now writes a `done` row at the
-- new key (coding.human.mark_moves) naming:
--   moves       the mark row whose reading it carries to where the words stand now (as
--               coding_events.reanchors names a moved event); the carried row is no longer
--               listed as stale;
--   moved_with  the coding event of the move (its `code` at the new place): one `code undo` of
--               the move withdraws the mark too, by a row naming the same event.
-- Both are written with their row, never after: coding_reviews stays append-only. Rows before
-- this migration name neither.
ALTER TABLE coding_reviews ADD COLUMN moves INTEGER REFERENCES coding_reviews(id);
ALTER TABLE coding_reviews ADD COLUMN moved_with INTEGER REFERENCES coding_events(id);
CREATE INDEX coding_reviews_moved_with ON coding_reviews(moved_with) WHERE moved_with IS NOT NULL;
CREATE INDEX coding_reviews_moves ON coding_reviews(moves) WHERE moves IS NOT NULL;
