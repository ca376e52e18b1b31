-- Backups of apps' databases and every verification of them, with their evidence.

CREATE TABLE backups (
    id             TEXT PRIMARY KEY,     -- <app>-<yyyyMMdd-HHmmss>-<random>, also the file name
    app            TEXT NOT NULL,
    kind           TEXT NOT NULL,        -- manual, scheduled, safety (before a restore), pre-migration
    status         TEXT NOT NULL,        -- RUNNING, DONE, FAILED
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    file           TEXT,                 -- the archive, absolute
    stored_bytes   INTEGER,
    manifest_json  TEXT,                 -- what BackupManifest holds
    error          TEXT,
    by_who         TEXT NOT NULL,
    reason         TEXT
);
CREATE INDEX backups_app ON backups (app, started_at);

CREATE TABLE backup_verifications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    backup_id      TEXT NOT NULL REFERENCES backups (id),
    at             TEXT NOT NULL,
    ok             INTEGER NOT NULL,
    message        TEXT NOT NULL,        -- one line: what was checked and found
    details_json   TEXT NOT NULL         -- integrity, rows per table expected and found, checksums
);
CREATE INDEX backup_verifications_backup ON backup_verifications (backup_id, id);
