-- 005: the dead-letter queue (Fix-01). One entry per order whose placement failed at the
-- broker or whose outcome is unknown; written in the same transaction as the order's
-- change, before any retry. Holds the request, keys and the scrubbed error chain, never a
-- secret.
CREATE SEQUENCE IF NOT EXISTS failed_orders_dlq_seq;
CREATE TABLE IF NOT EXISTS failed_orders_dlq (
    id               BIGINT PRIMARY KEY DEFAULT nextval('failed_orders_dlq_seq'),
    order_id         VARCHAR NOT NULL UNIQUE,
    idempotency_key  VARCHAR NOT NULL,
    request_id       VARCHAR,
    mode             VARCHAR NOT NULL,
    request_json     VARCHAR NOT NULL,
    errors_json      VARCHAR NOT NULL DEFAULT '[]',
    attempts         INTEGER NOT NULL DEFAULT 0,
    state            VARCHAR NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ,
    resolution       VARCHAR NOT NULL DEFAULT '',
    resolved_at      TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS failed_orders_dlq_state ON failed_orders_dlq (state);
