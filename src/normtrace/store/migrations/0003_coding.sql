-- 0003: coding — codebook versions and codes, auto-coded spans (candidates), and
-- append-only human coding events with views deriving the current state.
-- Spans are code-point offsets into the stored unit text (units.text); snippet = text[start:end].
CREATE TABLE codebooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,                    -- first 12 hex digits of sha256
    sha256 TEXT NOT NULL,                     -- of the canonical JSON form
    label TEXT NOT NULL DEFAULT '',
    yaml TEXT NOT NULL,                       -- the codebook as YAML (documented schema)
    created_at TEXT NOT NULL,
    UNIQUE (name, sha256)
);

CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    codebook_id INTEGER NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    parent TEXT,
    codable INTEGER NOT NULL DEFAULT 1,
    definition TEXT NOT NULL DEFAULT '',
    color TEXT,
    ord INTEGER NOT NULL,
    UNIQUE (codebook_id, code)
);

-- One row per auto-coding run of a codebook (a run with no match still supersedes older runs).
CREATE TABLE coding_runs (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    codebook_id INTEGER NOT NULL REFERENCES codebooks(id),
    codebook TEXT NOT NULL,                   -- codebook name
    codebook_version TEXT NOT NULL,
    units INTEGER NOT NULL,
    spans INTEGER NOT NULL,
    finished_at TEXT NOT NULL
);

CREATE TABLE auto_codings (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    codebook_id INTEGER NOT NULL REFERENCES codebooks(id),
    codebook_version TEXT NOT NULL,
    unit_key TEXT NOT NULL,
    start INTEGER NOT NULL,                   -- code points
    "end" INTEGER NOT NULL,
    snippet TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,                -- of the unit text that was coded
    code TEXT NOT NULL,
    entry TEXT NOT NULL                       -- the dictionary entry that matched
);
CREATE INDEX auto_codings_run ON auto_codings(run_id, code);
CREATE INDEX auto_codings_unit ON auto_codings(unit_key);

-- Human actions, never updated or deleted: code | uncode | memo | verdict | undo.
CREATE TABLE coding_events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                         -- ISO-8601 UTC
    coder TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('code', 'uncode', 'memo', 'verdict', 'undo')),
    unit_key TEXT,
    start INTEGER,
    "end" INTEGER,
    snippet TEXT,
    text_sha256 TEXT,
    code TEXT,
    memo TEXT,
    verdict TEXT CHECK (verdict IS NULL OR verdict IN ('accept', 'reject')),
    auto_coding_id INTEGER REFERENCES auto_codings(id),
    target_event INTEGER REFERENCES coding_events(id),
    codebook_version TEXT,
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX coding_events_span ON coding_events(unit_key, code, coder);
CREATE INDEX coding_events_target ON coding_events(target_event);
CREATE INDEX coding_events_auto ON coding_events(auto_coding_id);

CREATE TRIGGER coding_events_no_update BEFORE UPDATE ON coding_events
BEGIN
    SELECT RAISE(ABORT, 'coding_events is append-only: record a new event (undo is an event)');
END;

CREATE TRIGGER coding_events_no_delete BEFORE DELETE ON coding_events
BEGIN
    SELECT RAISE(ABORT, 'coding_events is append-only: record a new event (undo is an event)');
END;

-- Events that count: not undos, and not undone.
CREATE VIEW effective_coding_events AS
    SELECT e.* FROM coding_events e
    WHERE e.action <> 'undo'
      AND NOT EXISTS (
          SELECT 1 FROM coding_events u WHERE u.action = 'undo' AND u.target_event = e.id
      );

-- Current human codings: the latest effective code/uncode per coder and span is a 'code'.
CREATE VIEW human_codings AS
    SELECT e.id AS event_id, e.at, e.coder, e.unit_key, e.start, e."end", e.snippet,
           e.text_sha256, e.code, e.memo, e.codebook_version
    FROM effective_coding_events e
    WHERE e.action = 'code'
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action IN ('code', 'uncode') AND l.coder = e.coder
            AND l.unit_key = e.unit_key AND l.code = e.code
            AND l.start = e.start AND l."end" = e."end" AND l.id > e.id
      );

-- Each coder's latest effective verdict on each auto-coded span.
CREATE VIEW current_verdicts AS
    SELECT e.id AS event_id, e.at, e.coder, e.auto_coding_id, e.verdict, e.memo
    FROM effective_coding_events e
    WHERE e.action = 'verdict'
      AND NOT EXISTS (
          SELECT 1 FROM effective_coding_events l
          WHERE l.action = 'verdict' AND l.coder = e.coder
            AND l.auto_coding_id = e.auto_coding_id AND l.id > e.id
      );

-- Auto-codings of the latest run of each codebook.
CREATE VIEW current_auto_codings AS
    SELECT a.*, r.codebook AS codebook
    FROM auto_codings a JOIN coding_runs r ON r.run_id = a.run_id
    WHERE a.run_id IN (SELECT max(run_id) FROM coding_runs GROUP BY codebook);

-- Everything currently coded: human codings, plus auto candidates no coder has rejected.
CREATE VIEW codings AS
    SELECT 'human' AS source, h.event_id AS ref_id, h.coder AS coder, h.unit_key, h.start,
           h."end", h.snippet, h.code, h.codebook_version
    FROM human_codings h
    UNION ALL
    SELECT 'auto', a.id, NULL, a.unit_key, a.start, a."end", a.snippet, a.code,
           a.codebook_version
    FROM current_auto_codings a
    WHERE NOT EXISTS (
        SELECT 1 FROM current_verdicts v WHERE v.auto_coding_id = a.id AND v.verdict = 'reject'
    );
