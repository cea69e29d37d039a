-- Daily history refresh, the full listing and corporate actions (issue 11 / 14).

-- A whole-market day the history refresh completed: written in the same transaction as
-- that day's bars, so the next refresh resumes after the newest one.
CREATE TABLE IF NOT EXISTS market_days (
    day         DATE PRIMARY KEY,
    source      VARCHAR NOT NULL,
    symbols     INTEGER NOT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL
);

-- The trading status of each listed symbol: normal, halted, suspended, delisted.
CREATE TABLE IF NOT EXISTS listing_status (
    symbol      VARCHAR PRIMARY KEY,
    status      VARCHAR NOT NULL,
    lot_size    INTEGER,
    source      VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- A gap between raw prices and the adjusted series (split, stock dividend) found on import
-- or refresh. adjusted = false: the cached bars still carry the gap (raw prices), so the
-- screener must not compute across it without saying so.
CREATE TABLE IF NOT EXISTS corporate_actions (
    symbol       VARCHAR NOT NULL,
    day          DATE NOT NULL,
    kind         VARCHAR NOT NULL,
    ratio        DOUBLE NOT NULL,
    observed     DOUBLE NOT NULL,
    prev_close   BIGINT NOT NULL,
    price        BIGINT NOT NULL,
    basis        VARCHAR NOT NULL,
    adjusted     BOOLEAN NOT NULL,
    source       VARCHAR NOT NULL,
    detected_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, day)
);
