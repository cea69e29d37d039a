-- 001: schema bookkeeping, app state (trading state, mode) and its audit trail.
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS app_state (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS state_change_seq;

CREATE TABLE IF NOT EXISTS state_changes (
    id          BIGINT PRIMARY KEY DEFAULT nextval('state_change_seq'),
    changed_at  TIMESTAMPTZ NOT NULL,
    key         VARCHAR NOT NULL,
    old_value   VARCHAR,
    new_value   VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    source      VARCHAR NOT NULL
);
