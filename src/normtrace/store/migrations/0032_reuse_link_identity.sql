-- 0032 (H13, N2 F-reuse-3): a reuse link is one of its kind, and names the edition of each side.
--
-- A meeting stored both as its record (PDF) and as corpus speeches has two units per key
-- (S/PV.8698/s005 in edition 'record' and in edition 'corpus'); links did not say whose text
-- their offsets point into, and a link of each edition was stored as two identical rows. And
-- one passage aligned from two anchor chains was stored twice (e.g. S/RES/1455 (2003)/op1 →
-- S/RES/2083 (2012)/op1), so every count of links counted it twice.
--
-- * reuse_links.source_edition / target_edition: the edition of each side. Rows written
--   before this migration (0032) have NULL (not known): they were all written by
--   reuse.shingle_index_align.v2, whose state the next reuse run (v3) replaces whole,
--   re-linking every unit once with both editions named.
-- * Rows that repeat another row in every column but id are removed, the lowest id kept.
--   Links are derived data (reuse recomputes them); such a row adds nothing but a second
--   count. No other row is touched.
-- * A UNIQUE index over what a link is: source unit and edition, target unit and edition,
--   and both spans. It holds for every row that names its editions (all that reuse v3
--   writes); rows from before (NULL editions) are left to the next run to replace.
-- * reuse_state is keyed by unit and edition (two editions of one key are two units with
--   two texts). Its rows from before get edition '' (not known); v3 replaces them.
DELETE FROM reuse_links WHERE id NOT IN (
    SELECT min(id) FROM reuse_links
    GROUP BY source_key, target_key, source_start, source_end, target_start, target_end,
             score, words, boilerplate, same_date, run_id
);
ALTER TABLE reuse_links ADD COLUMN source_edition TEXT;
ALTER TABLE reuse_links ADD COLUMN target_edition TEXT;
CREATE UNIQUE INDEX reuse_links_identity ON reuse_links(
    target_key, target_edition, source_key, source_edition,
    target_start, target_end, source_start, source_end
) WHERE source_edition IS NOT NULL AND target_edition IS NOT NULL;

CREATE TABLE reuse_state_0032 (
    unit_key TEXT NOT NULL,
    edition TEXT NOT NULL,                -- edition of the unit's document ('' before 0032)
    text_sha256 TEXT NOT NULL,            -- text the shingles were computed from
    document TEXT NOT NULL,
    n INTEGER NOT NULL,                   -- words per shingle
    shingles BLOB NOT NULL,               -- little-endian uint64 shingle hashes in word order
    run_id INTEGER REFERENCES runs(id),
    date TEXT,                            -- the unit's date when it was linked (0023)
    PRIMARY KEY (unit_key, edition)
);
INSERT INTO reuse_state_0032 (unit_key, edition, text_sha256, document, n, shingles, run_id, date)
    SELECT unit_key, '', text_sha256, document, n, shingles, run_id, date FROM reuse_state;
DROP TABLE reuse_state;
ALTER TABLE reuse_state_0032 RENAME TO reuse_state;
