-- Slipway's own schema. Applied in order by io.slipway.store.SchemaMigrations; never edit an
-- applied script, add a new V<n>__*.sql instead (checksums are verified at start).

CREATE TABLE apps (
    name            TEXT PRIMARY KEY,
    stable_version  TEXT,             -- serves traffic now
    previous_version TEXT,            -- kept warm for instant rollback, while it runs
    updated_at      TEXT NOT NULL
);

CREATE TABLE versions (
    app             TEXT NOT NULL,
    version         TEXT NOT NULL,
    state           TEXT NOT NULL,    -- NEW, CANDIDATE, STABLE, PREVIOUS, RETIRED, FAILED
    first_seen_at   TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (app, version)
);

CREATE TABLE instances (
    id              TEXT PRIMARY KEY, -- app/version/index
    app             TEXT NOT NULL,
    version         TEXT NOT NULL,
    idx             INTEGER NOT NULL,
    port            INTEGER NOT NULL,
    pid             INTEGER NOT NULL,
    process_start   TEXT,             -- start instant of the OS process, guards against pid reuse
    state           TEXT NOT NULL,
    restarts        INTEGER NOT NULL DEFAULT 0,
    last_exit       TEXT,
    updated_at      TEXT NOT NULL
);

CREATE TABLE deployments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    app             TEXT NOT NULL,
    version         TEXT NOT NULL,
    previous_version TEXT,
    strategy        TEXT NOT NULL,    -- blue-green, rollback
    state           TEXT NOT NULL,    -- RUNNING, SUCCEEDED, FAILED, ROLLED_BACK
    reason          TEXT,
    requested_by    TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    current_step    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deployments_app ON deployments (app, id);

CREATE TABLE deployment_steps (
    deployment_id   INTEGER NOT NULL REFERENCES deployments (id),
    idx             INTEGER NOT NULL,
    name            TEXT NOT NULL,
    state           TEXT NOT NULL,    -- PENDING, RUNNING, DONE, FAILED, SKIPPED
    started_at      TEXT,
    finished_at     TEXT,
    detail          TEXT,
    PRIMARY KEY (deployment_id, idx)
);

CREATE TABLE deployment_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment_id   INTEGER NOT NULL REFERENCES deployments (id),
    at              TEXT NOT NULL,
    message         TEXT NOT NULL
);
CREATE INDEX deployment_events_dep ON deployment_events (deployment_id, id);

-- The routing table each app's gateway serves. The gateway process polls this table
-- (PRAGMA data_version makes the poll cheap), so it keeps serving the last table it read when the
-- control plane is down.
CREATE TABLE routes (
    app             TEXT PRIMARY KEY,
    generation      INTEGER NOT NULL,
    slots_json      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Small runtime facts shared between Slipway's processes (e.g. the gateway's control address).
CREATE TABLE runtime (
    key             TEXT PRIMARY KEY,
    value           TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
