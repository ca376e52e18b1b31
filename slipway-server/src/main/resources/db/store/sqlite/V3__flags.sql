-- Feature flags: each flag's definition as JSON, the shared segments, and every change of either.

CREATE TABLE flags (
    key             TEXT PRIMARY KEY,
    definition      TEXT NOT NULL,    -- the flag as JSON, version and timestamps included
    category        TEXT,             -- copied from the definition for disable-all
    version         INTEGER NOT NULL, -- 1 when created, +1 on every change
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX flags_category ON flags (category);

CREATE TABLE segments (
    name            TEXT PRIMARY KEY,
    definition      TEXT NOT NULL,    -- the segment as JSON
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- The audit trail of flag and segment changes. Its id is the version of the whole flag state that
-- rulesets carry and SDKs compare (AUTOINCREMENT: an id is never handed out twice).
CREATE TABLE flag_changes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    who             TEXT NOT NULL,
    action          TEXT NOT NULL,    -- create, update, enable, disable, rollout, delete, disable-all, segment-...
    flag            TEXT,             -- the flag's key, NULL for a segment change
    segment         TEXT,             -- the segment's name, NULL for a flag change
    environment     TEXT,             -- NULL when every environment or none in particular
    before_json     TEXT,             -- NULL when created
    after_json      TEXT,             -- NULL when deleted
    reason          TEXT
);
CREATE INDEX flag_changes_flag ON flag_changes (flag, id);
