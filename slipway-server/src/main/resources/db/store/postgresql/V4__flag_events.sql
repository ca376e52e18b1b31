-- What the SDKs report about flags, summed per 10-second bucket (as ../sqlite/V4__flag_events.sql);
-- sums are DOUBLE PRECISION, SQLite's REAL (PostgreSQL's REAL has 32 bits).

CREATE TABLE flag_metric_buckets (
    flag         TEXT NOT NULL,
    environment  TEXT NOT NULL,
    variant      TEXT NOT NULL,
    enabled      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    bucket       TEXT NOT NULL,
    count        BIGINT NOT NULL,
    sum          DOUBLE PRECISION NOT NULL,
    sum_squares  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (flag, environment, variant, enabled, name, bucket)
);
CREATE INDEX flag_metric_buckets_bucket ON flag_metric_buckets (bucket);

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
    runs              BIGINT NOT NULL,
    mismatches        BIGINT NOT NULL,
    control_errors    BIGINT NOT NULL,
    candidate_errors  BIGINT NOT NULL,
    candidate_used    BIGINT NOT NULL,
    control_count     BIGINT NOT NULL,
    control_sum       DOUBLE PRECISION NOT NULL,
    control_squares   DOUBLE PRECISION NOT NULL,
    candidate_count   BIGINT NOT NULL,
    candidate_sum     DOUBLE PRECISION NOT NULL,
    candidate_squares DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (name, environment, bucket)
);
