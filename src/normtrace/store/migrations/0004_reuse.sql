-- 0004: reuse — directed passage-reuse links between units, per-unit shingle state, formulae.
-- Offsets are code points into each unit's stored text (see ARCHITECTURE.md).
CREATE TABLE reuse_links (
    id INTEGER PRIMARY KEY,
    source_key TEXT NOT NULL,             -- earlier unit (by date, then order in document)
    target_key TEXT NOT NULL,             -- later unit carrying the source's words
    source_start INTEGER NOT NULL,
    source_end INTEGER NOT NULL,
    target_start INTEGER NOT NULL,
    target_end INTEGER NOT NULL,
    score REAL NOT NULL,                  -- similarity of the aligned spans, 0..1
    words INTEGER NOT NULL,               -- identical aligned words
    boilerplate INTEGER NOT NULL DEFAULT 0,  -- aligned target mostly formulaic shingles
    same_date INTEGER NOT NULL DEFAULT 0, -- direction is a convention, not evidence
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX reuse_links_target ON reuse_links(target_key);
CREATE INDEX reuse_links_source ON reuse_links(source_key);

-- What the last reuse run indexed for each unit, so that later runs only align new units.
CREATE TABLE reuse_state (
    unit_key TEXT PRIMARY KEY,
    text_sha256 TEXT NOT NULL,            -- text the shingles were computed from
    document TEXT NOT NULL,
    n INTEGER NOT NULL,                   -- words per shingle
    shingles BLOB NOT NULL,               -- little-endian uint64 shingle hashes in word order
    run_id INTEGER REFERENCES runs(id)
);

-- Formulaic passages found by the last run (reported, never silently dropped).
CREATE TABLE reuse_formulae (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    documents INTEGER NOT NULL,
    units INTEGER NOT NULL,
    run_id INTEGER REFERENCES runs(id)
);
