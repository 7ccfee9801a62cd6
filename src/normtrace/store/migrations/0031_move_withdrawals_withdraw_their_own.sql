-- 0031 (stop 47, second reading): undoing a move withdraws the mark it moved and nothing else.
-- A coder's `code review --move` carries their "done" mark to the key the coding's words went
-- to (0029: a `done` row naming `moves` and `moved_with`); `code undo` of the move withdraws
-- it by an `undone` row naming the same `moved_with`, at that key. current_done_marks (0015)
-- read any later `undone` row of the group as the coder withdrawing every reading before it,
-- so the move's withdrawal at op2 also withdrew the coder's own mark of op2 (a reading of the
-- words op2 held before the new version shifted them to op3): when those words stood at op2
-- again (the earlier file put back), that mark never counted again. A withdrawal naming a move
-- now withdraws only the row of that move; the coder's own withdrawals (no `moved_with`) are
-- as before. Only the view changes; nothing is rewritten.
DROP VIEW current_done_marks;
CREATE VIEW current_done_marks AS
    SELECT r.* FROM standing_done_rows r
    WHERE NOT EXISTS (
        SELECT 1 FROM coding_reviews l
        WHERE l.coder = r.coder AND l.codebook = r.codebook AND l.level = r.level
          AND l.unit_key = r.unit_key AND l.codes IS r.codes AND l.id > r.id
          AND ((l.action = 'undone' AND (l.moved_with IS NULL OR l.moved_with = r.moved_with))
               OR EXISTS (SELECT 1 FROM standing_done_rows s WHERE s.id = l.id))
    );
