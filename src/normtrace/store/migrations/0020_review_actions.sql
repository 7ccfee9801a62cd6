-- 0020: one action of a coder that writes several "done" rows is recorded as one. A blind
-- re-reading ("done" again, coding.human.blind_work.mark_read_again) withdraws the coder's
-- standing mark and makes it anew: two rows, which undo took back one at a time (two undos,
-- and after the first the coder held no mark, a state they never made). Each later row of
-- such an action names the action's first row in `part_of` (NULL: the row begins an action,
-- or is one alone; every row written before this migration is one alone); the rows an undo
-- of it writes are grouped the same way. Undo takes a coder's latest action back whole
-- (coding.human.mark_steps); nothing reads the grouping from times. The column is written
-- with its row, never after: coding_reviews stays append-only.
ALTER TABLE coding_reviews ADD COLUMN part_of INTEGER REFERENCES coding_reviews(id);
