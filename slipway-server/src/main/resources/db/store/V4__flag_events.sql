-- What the SDKs report about flags: exposures, per-variant metrics and hybrid-mode experiments,
-- summed per minute of arrival (the server's clock), and the distinct units (users) seen.

-- counts and moments per flag, environment, variant, on/off side, metric name and minute;
-- exposures are the metric "exposure"
CREATE TABLE flag_metric_minutes (
    flag         TEXT NOT NULL,
    environment  TEXT NOT NULL,
    variant      TEXT NOT NULL,
    enabled      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    minute       TEXT NOT NULL,
    count        INTEGER NOT NULL,
    sum          REAL NOT NULL,
    sum_squares  REAL NOT NULL,
    PRIMARY KEY (flag, environment, variant, enabled, name, minute)
);
CREATE INDEX flag_metric_minutes_minute ON flag_metric_minutes (minute);

-- each unit once per flag and metric: for "exposure" the variant it saw first, which is the one
-- its conversions count for
CREATE TABLE flag_units (
    flag         TEXT NOT NULL,
    environment  TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    variant      TEXT NOT NULL,
    enabled      INTEGER NOT NULL,
    first_at     TEXT NOT NULL,
    PRIMARY KEY (flag, environment, name, unit)
);

CREATE TABLE experiment_minutes (
    name              TEXT NOT NULL,
    environment       TEXT NOT NULL,
    minute            TEXT NOT NULL,
    flag              TEXT NOT NULL,
    runs              INTEGER NOT NULL,
    mismatches        INTEGER NOT NULL,
    control_errors    INTEGER NOT NULL,
    candidate_errors  INTEGER NOT NULL,
    candidate_used    INTEGER NOT NULL,
    control_count     INTEGER NOT NULL,
    control_sum       REAL NOT NULL,
    control_squares   REAL NOT NULL,
    candidate_count   INTEGER NOT NULL,
    candidate_sum     REAL NOT NULL,
    candidate_squares REAL NOT NULL,
    PRIMARY KEY (name, environment, minute)
);
