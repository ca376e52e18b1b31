-- What the SDKs report about flags: exposures, per-variant metrics and hybrid-mode experiments,
-- summed per 10-second bucket of arrival (the server's clock; fine enough that a guard judging a
-- flag since its last change does not count traffic from before it), and the distinct units (users) seen.

-- counts and moments per flag, environment, variant, on/off side, metric name and bucket;
-- exposures are the metric "exposure"
CREATE TABLE flag_metric_buckets (
    flag         TEXT NOT NULL,
    environment  TEXT NOT NULL,
    variant      TEXT NOT NULL,
    enabled      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    bucket       TEXT NOT NULL,
    count        INTEGER NOT NULL,
    sum          REAL NOT NULL,
    sum_squares  REAL NOT NULL,
    PRIMARY KEY (flag, environment, variant, enabled, name, bucket)
);
CREATE INDEX flag_metric_buckets_bucket ON flag_metric_buckets (bucket);

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

CREATE TABLE experiment_buckets (
    name              TEXT NOT NULL,
    environment       TEXT NOT NULL,
    bucket            TEXT NOT NULL,
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
    PRIMARY KEY (name, environment, bucket)
);
