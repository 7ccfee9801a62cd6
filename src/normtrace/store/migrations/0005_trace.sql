-- 0005: trace — indicator values computed for a case, and the ledgers and posteriors of
-- trace runs. Every row records the run that made it (runs.stage = 'trace').
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    case_id TEXT NOT NULL,
    name TEXT NOT NULL,                   -- frame_first_use | provenance_shares | sg_citation_rate ...
    algorithm TEXT NOT NULL,              -- versioned, e.g. indicator.safeguard_language.v1
    value TEXT NOT NULL,                  -- JSON
    keys TEXT NOT NULL DEFAULT '[]'       -- JSON list of the unit keys the value rests on
);
CREATE INDEX indicator_values_case ON indicator_values(case_id, name, run_id);

CREATE TABLE trace_results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    case_id TEXT NOT NULL,
    hypotheses TEXT NOT NULL,             -- the hypothesis set as JSON
    ledger TEXT NOT NULL,                 -- the evidence ledger as JSON (quotes filled in)
    ledger_sha256 TEXT NOT NULL,          -- of that JSON
    posterior TEXT NOT NULL,              -- JSON rows: prior, posterior, min, max per hypothesis
    leader TEXT NOT NULL,
    robust INTEGER NOT NULL,
    created_at TEXT NOT NULL              -- ISO-8601 UTC
);
CREATE INDEX trace_results_case ON trace_results(case_id, run_id);
