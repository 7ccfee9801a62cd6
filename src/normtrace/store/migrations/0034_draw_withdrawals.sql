-- 0034: a recorded validation draw can be withdrawn (`normtrace code withdraw-draw`).
--
-- A draw made by mistake (the wrong code, the wrong level) would otherwise weigh on its code's
-- measured error for ever: `code validate` weights the newest labelled-through draw of each code
-- and level. A withdrawal is an event: who, when and why, appended; the draw, its strata and
-- keys stay as they were (0033 refuses edits), and the labels coders made on its units are
-- ordinary human codings that stay too. A withdrawn draw counts in no estimate
-- (normtrace.coding.draw_withdrawal). A withdrawal is taken back by a 'restore' row naming it
-- (`undoes`); the latest row of a draw says whether it stands withdrawn.
CREATE TABLE sample_draw_withdrawals (
    id INTEGER PRIMARY KEY,
    draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
    action TEXT NOT NULL CHECK (action IN ('withdraw', 'restore')),
    coder TEXT NOT NULL CHECK (length(trim(coder)) > 0),
    at TEXT NOT NULL,                                -- ISO-8601 UTC, when it was recorded
    why TEXT NOT NULL DEFAULT '',                    -- a withdrawal must say why
    undoes INTEGER REFERENCES sample_draw_withdrawals(id),  -- the withdrawal a restore takes back
    CHECK (action = 'restore' OR length(trim(why)) > 0),
    CHECK ((action = 'restore') = (undoes IS NOT NULL))
);
CREATE INDEX sample_draw_withdrawals_draw ON sample_draw_withdrawals(draw_id, id);

-- the draws withdrawn now: each draw's latest row, when it is a withdrawal
CREATE VIEW withdrawn_draws AS
    SELECT w.* FROM sample_draw_withdrawals w
    WHERE w.action = 'withdraw'
      AND w.id = (SELECT max(l.id) FROM sample_draw_withdrawals l WHERE l.draw_id = w.draw_id);

CREATE TRIGGER sample_draw_withdrawals_no_update BEFORE UPDATE ON sample_draw_withdrawals
BEGIN SELECT RAISE(ABORT, 'sample_draw_withdrawals is append-only: restore a withdrawn draw instead'); END;
CREATE TRIGGER sample_draw_withdrawals_no_delete BEFORE DELETE ON sample_draw_withdrawals
BEGIN SELECT RAISE(ABORT, 'sample_draw_withdrawals is append-only: restore a withdrawn draw instead'); END;
