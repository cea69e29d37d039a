-- 006: reconciliation of our books with the broker account (live mode). Each run keeps
-- both snapshots as JSON and its mismatches; a mismatch stays OPEN (live orders blocked)
-- until the user ACCEPTS the broker's side or marks it RESOLVED, with a note. The
-- baseline is the broker snapshot our local books start from: the first run's, then each
-- one the user accepted.
CREATE SEQUENCE IF NOT EXISTS reconciliation_runs_seq;
CREATE TABLE IF NOT EXISTS reconciliation_runs (
    id                BIGINT PRIMARY KEY DEFAULT nextval('reconciliation_runs_seq'),
    run_at            TIMESTAMPTZ NOT NULL,
    mode              VARCHAR NOT NULL,
    ok                BOOLEAN NOT NULL,
    mismatches        INTEGER NOT NULL DEFAULT 0,
    broker_snapshot   JSON,
    local_snapshot    JSON,
    error             VARCHAR,
    note              VARCHAR NOT NULL DEFAULT ''
);

CREATE SEQUENCE IF NOT EXISTS reconciliation_mismatches_seq;
CREATE TABLE IF NOT EXISTS reconciliation_mismatches (
    id            BIGINT PRIMARY KEY DEFAULT nextval('reconciliation_mismatches_seq'),
    run_id        BIGINT NOT NULL,
    kind          VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    local_value   VARCHAR NOT NULL,
    broker_value  VARCHAR NOT NULL,
    detail        VARCHAR NOT NULL,
    state         VARCHAR NOT NULL DEFAULT 'OPEN',
    resolved_at   TIMESTAMPTZ,
    note          VARCHAR NOT NULL DEFAULT ''
);

CREATE SEQUENCE IF NOT EXISTS reconciliation_baselines_seq;
CREATE TABLE IF NOT EXISTS reconciliation_baselines (
    id                    BIGINT PRIMARY KEY DEFAULT nextval('reconciliation_baselines_seq'),
    taken_at              TIMESTAMPTZ NOT NULL,
    reason                VARCHAR NOT NULL,
    run_id                BIGINT,
    broker_snapshot       JSON NOT NULL,
    acknowledged_request_ids  JSON NOT NULL
);
