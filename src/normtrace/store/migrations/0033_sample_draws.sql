-- 0033 (H7): a recorded, stratified validation draw (`normtrace code sample`).
--
-- A draw of a code's not-yet-labelled targets of running text, stratified by whether the
-- codebook's current dictionary run codes the target with the code (hit / no hit) and, where
-- each stratum gets enough, by genre; with the targets already labelled for the code at the
-- time as a census stratum ('labelled', every one taken). `code validate` weights each drawn
-- target by its stratum's population / sampled size (normtrace.coding.draw_estimate).
-- All three tables are append-only: a draw is never edited; a new draw is a new row.
CREATE TABLE sample_draws (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),   -- the run (stage 'sample') that made it
    made_at TEXT NOT NULL,
    codebook TEXT NOT NULL,                          -- codebook name
    codebook_version TEXT NOT NULL,                  -- the version whose dictionary run set the strata
    dictionary_run INTEGER NOT NULL,                 -- coding_runs.run_id whose candidates set them
    code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('unit', 'paragraph')),
    seed INTEGER NOT NULL,                           -- the draw is reproducible from it
    requested INTEGER NOT NULL,                      -- --n
    hit_share REAL NOT NULL                          -- --hit-share
);
CREATE INDEX sample_draws_code ON sample_draws(codebook, code, level);

CREATE TABLE sample_draw_strata (
    draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
    stratum TEXT NOT NULL,                           -- 'hit:report', 'nohit', 'labelled' ...
    hit INTEGER,                                     -- 1 hit, 0 no hit, NULL the census of labelled
    genre TEXT,                                      -- coding.units.genre ('' main), NULL all genres
    population INTEGER NOT NULL CHECK (population >= 0),
    sampled INTEGER NOT NULL CHECK (sampled >= 0 AND sampled <= population),
    PRIMARY KEY (draw_id, stratum)
);

CREATE TABLE sample_draw_units (
    draw_id INTEGER NOT NULL REFERENCES sample_draws(id),
    target_key TEXT NOT NULL,                        -- a unit key, or a paragraph key at that level
    stratum TEXT NOT NULL,
    position INTEGER,                                -- the coding order (1, 2 ...); NULL in the census
    PRIMARY KEY (draw_id, target_key),
    FOREIGN KEY (draw_id, stratum) REFERENCES sample_draw_strata(draw_id, stratum)
);

CREATE TRIGGER sample_draws_no_update BEFORE UPDATE ON sample_draws
BEGIN SELECT RAISE(ABORT, 'sample_draws is append-only: a draw is never edited; draw again'); END;
CREATE TRIGGER sample_draws_no_delete BEFORE DELETE ON sample_draws
BEGIN SELECT RAISE(ABORT, 'sample_draws is append-only: a draw is never edited; draw again'); END;
CREATE TRIGGER sample_draw_strata_no_update BEFORE UPDATE ON sample_draw_strata
BEGIN SELECT RAISE(ABORT, 'sample_draw_strata is append-only: a draw is never edited'); END;
CREATE TRIGGER sample_draw_strata_no_delete BEFORE DELETE ON sample_draw_strata
BEGIN SELECT RAISE(ABORT, 'sample_draw_strata is append-only: a draw is never edited'); END;
CREATE TRIGGER sample_draw_units_no_update BEFORE UPDATE ON sample_draw_units
BEGIN SELECT RAISE(ABORT, 'sample_draw_units is append-only: a draw is never edited'); END;
CREATE TRIGGER sample_draw_units_no_delete BEFORE DELETE ON sample_draw_units
BEGIN SELECT RAISE(ABORT, 'sample_draw_units is append-only: a draw is never edited'); END;
