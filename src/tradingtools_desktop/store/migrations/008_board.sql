-- 008: the price board's own watchlists keep the user's row order. Membership stays in
-- universe_members (the screener and `tradingtools universe` read it); this table only
-- remembers the order the user arranged the rows in.
CREATE TABLE IF NOT EXISTS watchlist_order (
    universe    VARCHAR PRIMARY KEY,
    symbols     VARCHAR[] NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
