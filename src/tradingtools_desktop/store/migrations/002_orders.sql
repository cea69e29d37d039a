-- 002: orders (write first, then act), their audit trail and fills (the COOLDOWN and
-- RATE_LIMIT windows are read back from orders, so they survive a restart); risk limits; the dry-run cash ledger; the market-data cache base
-- (instruments and daily bars) the dry-run broker and risk engine price against.
CREATE TABLE IF NOT EXISTS orders (
    id               VARCHAR PRIMARY KEY,
    idempotency_key  VARCHAR NOT NULL UNIQUE,
    mode             VARCHAR NOT NULL,
    account          VARCHAR NOT NULL,
    symbol           VARCHAR NOT NULL,
    exchange         VARCHAR NOT NULL,
    side             VARCHAR NOT NULL,
    order_type       VARCHAR NOT NULL,
    quantity         BIGINT NOT NULL,
    price            BIGINT,
    status           VARCHAR NOT NULL,
    filled_qty       BIGINT NOT NULL DEFAULT 0,
    filled_value     BIGINT NOT NULL DEFAULT 0,
    fees             BIGINT NOT NULL DEFAULT 0,
    taxes            BIGINT NOT NULL DEFAULT 0,
    reserved_cash    BIGINT NOT NULL DEFAULT 0,
    broker_order_id  VARCHAR,
    request_id       VARCHAR,
    reason           VARCHAR NOT NULL DEFAULT '',
    decision         VARCHAR,
    trade_date       DATE NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS order_audit_seq;
CREATE TABLE IF NOT EXISTS order_audit (
    id           BIGINT PRIMARY KEY DEFAULT nextval('order_audit_seq'),
    order_id     VARCHAR NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL,
    from_status  VARCHAR,
    to_status    VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    source       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS fills (
    fill_id      VARCHAR PRIMARY KEY,
    order_id     VARCHAR NOT NULL,
    mode         VARCHAR NOT NULL,
    symbol       VARCHAR NOT NULL,
    exchange     VARCHAR NOT NULL,
    side         VARCHAR NOT NULL,
    quantity     BIGINT NOT NULL,
    price        BIGINT NOT NULL,
    fee          BIGINT NOT NULL,
    tax          BIGINT NOT NULL,
    filled_at    TIMESTAMPTZ NOT NULL,
    trade_date   DATE NOT NULL,
    settle_date  DATE NOT NULL
);

CREATE TABLE IF NOT EXISTS risk_limits (
    key         VARCHAR PRIMARY KEY,
    value       BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- dry-run cash: deposits, trade cash (available on T+2 for sales), fees, taxes
CREATE SEQUENCE IF NOT EXISTS cash_ledger_seq;
CREATE TABLE IF NOT EXISTS cash_ledger (
    id            BIGINT PRIMARY KEY DEFAULT nextval('cash_ledger_seq'),
    booked_at     TIMESTAMPTZ NOT NULL,
    kind          VARCHAR NOT NULL,
    amount        BIGINT NOT NULL,
    available_on  DATE NOT NULL,
    order_id      VARCHAR,
    fill_id       VARCHAR,
    note          VARCHAR NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS instruments (
    symbol       VARCHAR PRIMARY KEY,
    exchange     VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL DEFAULT 'STOCK',
    name         VARCHAR,
    sector       VARCHAR,
    listed_on    DATE,
    source       VARCHAR NOT NULL,
    fetched_at   TIMESTAMPTZ NOT NULL
);

-- prices in VND (integers); the VN data convention (thousands of VND) is converted on import
CREATE TABLE IF NOT EXISTS daily_bars (
    symbol      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    open        BIGINT NOT NULL,
    high        BIGINT NOT NULL,
    low         BIGINT NOT NULL,
    close       BIGINT NOT NULL,
    volume      BIGINT NOT NULL,
    flags       VARCHAR NOT NULL DEFAULT '',
    source      VARCHAR NOT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, day)
);
