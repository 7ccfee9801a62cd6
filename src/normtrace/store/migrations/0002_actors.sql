-- 0002: actors — reference actors and terms, speech roles with evidence, drafts, document links, cases.
CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    actor_id TEXT NOT NULL UNIQUE,        -- GBR, org:au, person:ladsous-herve
    kind TEXT NOT NULL,                   -- state | entity | person
    name TEXT NOT NULL,
    role TEXT,                            -- role an entity confers; NULL for states and persons
    meta TEXT NOT NULL DEFAULT '{}',      -- JSON: iso3, regional group, posts, notes
    origin TEXT NOT NULL DEFAULT 'reference'  -- reference | overrides
);

CREATE TABLE actor_aliases (
    id INTEGER PRIMARY KEY,
    actor_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,                   -- normalized matching key
    UNIQUE (actor_id, norm)
);
CREATE INDEX actor_aliases_norm ON actor_aliases(norm);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    state_id TEXT NOT NULL,
    name_as_recorded TEXT,
    seat TEXT NOT NULL CHECK (seat IN ('permanent', 'elected')),
    start_date TEXT NOT NULL,             -- ISO, inclusive
    end_date TEXT NOT NULL,               -- ISO, inclusive
    exception TEXT,
    note TEXT,
    source TEXT
);
CREATE INDEX memberships_state ON memberships(state_id, start_date);

CREATE TABLE person_posts (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    post TEXT NOT NULL,
    organisation TEXT,
    role TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    confidence TEXT,
    note TEXT
);
CREATE INDEX person_posts_person ON person_posts(person_id);

-- One row per speech and run; the newest run's rows are current.
CREATE TABLE speech_roles (
    id INTEGER PRIMARY KEY,
    speech_id INTEGER REFERENCES speeches(id) ON DELETE CASCADE,
    speech_key TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,               -- document symbol
    edition TEXT,
    speaker TEXT,
    role TEXT NOT NULL CHECK (role IN ('president', 'permanent_member', 'elected_member',
        'non_member_state', 'secretariat', 'un_entity', 'igo', 'ngo', 'unknown')),
    actor TEXT,                           -- resolved actor id
    presiding_state TEXT,                 -- for the President
    method TEXT NOT NULL,                 -- override | president | affiliation | invitation | person | ...
    evidence TEXT NOT NULL DEFAULT '[]',  -- JSON list of the facts used
    meeting_date TEXT,
    is_current INTEGER NOT NULL DEFAULT 1,
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX speech_roles_current ON speech_roles(speech_key) WHERE is_current = 1;
CREATE INDEX speech_roles_speech ON speech_roles(speech_id);

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,          -- draft resolution symbol, S/2013/189 or S/13171/Rev.2
    title TEXT,
    subjects TEXT NOT NULL DEFAULT '[]',  -- JSON list (MARC 650__a)
    resolution TEXT,                      -- adopted resolution (MARC 993__a), canonical
    pdf_urls TEXT NOT NULL DEFAULT '[]',  -- JSON list (MARC 856__u)
    record_id TEXT,                       -- UN Digital Library record id
    run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX drafts_resolution ON drafts(resolution);

CREATE TABLE document_links (
    id INTEGER PRIMARY KEY,
    from_symbol TEXT NOT NULL,
    to_symbol TEXT NOT NULL,
    relation TEXT NOT NULL,               -- adopted_at | outcome_of | draft_of | cites
    evidence TEXT,                        -- library_index | adoption_line | drafts_export | text
    run_id INTEGER REFERENCES runs(id),
    UNIQUE (from_symbol, to_symbol, relation, evidence)
);
CREATE INDEX document_links_from ON document_links(from_symbol, relation);
CREATE INDEX document_links_to ON document_links(to_symbol, relation);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,                   -- JSON of the case file
    source TEXT,
    loaded_at TEXT NOT NULL
);

CREATE INDEX meetings_date ON meetings(date);
