-- 0011 (issue 12): a "done, nothing (else) applies" mark can be withdrawn. Reviews stay
-- append-only: withdrawing appends a row with action 'undone' for the same coder, codebook,
-- level and key; a coder's mark is current when that coder's latest row for it is 'done'.
ALTER TABLE coding_reviews ADD COLUMN action TEXT NOT NULL DEFAULT 'done'
    CHECK (action IN ('done', 'undone'));
CREATE INDEX coding_reviews_coder ON coding_reviews(codebook, coder, level, unit_key, id);
