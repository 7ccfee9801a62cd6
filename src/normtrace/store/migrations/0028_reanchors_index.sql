-- 0028 (stop 47): the events that move a coding, found by an index. A move (an ingest's
-- re-anchoring, a coder's settlement of a review: coding.human.anchors) writes events naming the
-- moved event in `reanchors` (0009). What follows a coding from the unit it left to where it
-- stands now (coding.exchange.placed_memos._moved_away, the memos a unit lists), whether a
-- verdict or coding was moved on (anchors, precision), and an undo's partner asked for the
-- events naming a given event, and without an index each such question read every event after
-- it (0.07 s for one unit on a 200,000-event SYNTHETIC project; benchmarks/bench_moved_reads.py).
-- Partial: most events move nothing (NULL), so the index holds only the moves. Nothing is
-- written to existing rows.
CREATE INDEX coding_events_reanchors ON coding_events(reanchors) WHERE reanchors IS NOT NULL;
