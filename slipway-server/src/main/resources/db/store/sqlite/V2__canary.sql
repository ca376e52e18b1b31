-- Canary deployments: a deployment can be paused (by a person, or by an inconclusive analysis) and
-- records every analysis run and guard decision with its evidence.

-- why a deployment is paused; NULL while it runs on
ALTER TABLE deployments ADD COLUMN paused TEXT;

CREATE TABLE analysis_runs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment_id   INTEGER NOT NULL REFERENCES deployments (id),
    step_idx        INTEGER NOT NULL,   -- the analysis step, or the step running when the guard decided
    name            TEXT NOT NULL,      -- "analysis default", "guard"
    at              TEXT NOT NULL,
    phase           TEXT NOT NULL,      -- SUCCESSFUL, FAILED, INCONCLUSIVE, ERROR
    message         TEXT NOT NULL,
    checks_json     TEXT NOT NULL       -- each check's verdict and evidence
);
CREATE INDEX analysis_runs_dep ON analysis_runs (deployment_id, id);
