-- 007: intraday bars for market replay (FastConnect IntradayOhlc, one-minute), prices in
-- VND. A replay of a day plays these when no recorded session covers it. Replay orders
-- never land in the practice ledger: a replay runs on its own database (see
-- services/market/replay.py), so no column of orders changes here.
CREATE TABLE IF NOT EXISTS intraday_bars (
    symbol      VARCHAR NOT NULL,
    start       TIMESTAMPTZ NOT NULL,
    open        BIGINT NOT NULL,
    high        BIGINT NOT NULL,
    low         BIGINT NOT NULL,
    close       BIGINT NOT NULL,
    volume      BIGINT NOT NULL,
    source      VARCHAR NOT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, start)
);

-- the day's reference price (TC) as SSI published it (DailyStockPrice), for the replay's
-- band and prices; without it a replay falls back to the cache's previous daily close
CREATE TABLE IF NOT EXISTS intraday_days (
    symbol      VARCHAR NOT NULL,
    day         DATE NOT NULL,
    reference   BIGINT NOT NULL,
    source      VARCHAR NOT NULL,
    fetched_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, day)
);
