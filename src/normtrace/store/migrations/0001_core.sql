-- 0001: core tables — runs, sources, documents, meetings, speeches, paragraphs, full-text index.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    stage TEXT NOT NULL,              -- ingest, parse, actors, coding, reuse, trace ...
    algorithm TEXT NOT NULL,          -- versioned name, e.g. parse.unsc_pv.v1
    params TEXT NOT NULL DEFAULT '{}',-- JSON
    normtrace_version TEXT NOT NULL,
    started_at TEXT NOT NULL,         -- ISO-8601 UTC
    finished_at TEXT,
    summary TEXT                      -- JSON
);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_key TEXT,                    -- symbol (and speech) the file name gives, if any
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    extractor TEXT NOT NULL,
    parser TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    UNIQUE (path, sha256)
);
CREATE INDEX sources_sha256 ON sources(sha256, file_key);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    edition TEXT NOT NULL DEFAULT 'record',   -- record (official text) | corpus (UNSC Debates corpus)
    version INTEGER NOT NULL DEFAULT 1,
    is_current INTEGER NOT NULL DEFAULT 1,
    doc_type TEXT NOT NULL,
    title TEXT,
    date TEXT,                                -- ISO date
    year INTEGER,
    meeting TEXT,                             -- canonical S/PV symbol (adoption meeting, or itself)
    meta TEXT NOT NULL DEFAULT '{}',          -- JSON, type-specific
    warnings TEXT NOT NULL DEFAULT '[]',      -- JSON list
    parser TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    run_id INTEGER REFERENCES runs(id),
    UNIQUE (symbol, edition, version)
);
CREATE INDEX documents_current ON documents(symbol, edition) WHERE is_current = 1;
CREATE INDEX documents_year ON documents(year);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,              -- S/PV.8703, S/PV.8699 (Resumption 1)
    number INTEGER,
    date TEXT,
    topic TEXT,
    press_release TEXT,
    outcome TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    origin TEXT NOT NULL                      -- record | library_index
);

CREATE TABLE speeches (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source_id INTEGER REFERENCES sources(id),
    key TEXT NOT NULL,
    idx INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    affiliation TEXT,
    language TEXT,
    is_president INTEGER NOT NULL DEFAULT 0,
    header TEXT NOT NULL DEFAULT '',
    page INTEGER,
    text TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1,
    UNIQUE (document_id, key, source_id)
);
CREATE INDEX speeches_key ON speeches(key);
CREATE INDEX speeches_document ON speeches(document_id, idx);

CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speech_id INTEGER REFERENCES speeches(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    parent_key TEXT,
    kind TEXT NOT NULL,
    number TEXT,
    label TEXT,
    verb TEXT,
    cites TEXT NOT NULL DEFAULT '[]',
    section TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    page INTEGER,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX paragraphs_key ON paragraphs(key);
CREATE INDEX paragraphs_document ON paragraphs(document_id, ord);

-- Every current unit (speech or paragraph), for analysis stages: one row per key.
CREATE VIEW units AS
    SELECT s.key AS key, 'speech' AS unit_type, d.id AS document_id, d.symbol AS symbol,
           d.edition AS edition, d.doc_type AS doc_type, d.date AS date, d.year AS year,
           NULL AS kind, s.speaker AS speaker, s.affiliation AS affiliation, s.key AS speech_key,
           s.idx AS ord, s.text AS text
    FROM speeches s JOIN documents d ON d.id = s.document_id
    WHERE d.is_current = 1 AND s.is_current = 1
    UNION ALL
    SELECT p.key, 'paragraph', d.id, d.symbol, d.edition, d.doc_type, d.date, d.year,
           p.kind, NULL, NULL, NULL, p.ord, p.text
    FROM paragraphs p JOIN documents d ON d.id = p.document_id
    WHERE d.is_current = 1 AND p.speech_id IS NULL;

-- Full-text index over unit text (speeches and top-level paragraphs of current documents).
CREATE VIRTUAL TABLE unit_fts USING fts5(
    key UNINDEXED, symbol UNINDEXED, unit_type UNINDEXED, text,
    tokenize = 'unicode61 remove_diacritics 2'
);
