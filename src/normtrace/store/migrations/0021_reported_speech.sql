-- 0021 (reported speech): the sentences of a Secretary-General's report paragraphs that give
-- another's words ("President X stated that ...", "according to the Ministry ..."), found by
-- normtrace.parse.report.reported and stored by normtrace.reuse.reported, so that language
-- provenance does not credit them to the Secretariat. A scan is one unit's text (its sha256)
-- read by one run (runs.algorithm names the rules' version); its spans are the sentences it
-- found (none: a scan with no rows). A changed text is scanned again; old scans stay.
CREATE TABLE reported_scans (
    id INTEGER PRIMARY KEY,
    unit_key TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX reported_scans_unit ON reported_scans(unit_key, text_sha256);

CREATE TABLE reported_speech (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES reported_scans(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,                -- code points into the unit's text
    end INTEGER NOT NULL,
    speaker TEXT NOT NULL,                 -- who said the words, as the report names them
    cue TEXT NOT NULL,                     -- the words that say so ("stated", "according to")
    rule TEXT NOT NULL                     -- verb | according | nominal
);
CREATE INDEX reported_speech_scan ON reported_speech(scan_id);
