-- 003: the screener: fundamentals and news caches, runs with their reproducibility
-- metadata and results, and every LLM prompt/response keyed by its hash.
CREATE TABLE IF NOT EXISTS fundamentals (
    symbol          VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    pe              DOUBLE,
    pb              DOUBLE,
    roe             DOUBLE,
    roa             DOUBLE,
    debt_to_equity  DOUBLE,
    gross_margin    DOUBLE,
    dividend_yield  DOUBLE,
    eps             DOUBLE,
    bvps            DOUBLE,
    revenue_growth  DOUBLE,
    profit_growth   DOUBLE,
    fetched_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (symbol, period, source)
);

CREATE TABLE IF NOT EXISTS news (
    id            VARCHAR PRIMARY KEY,
    title         VARCHAR NOT NULL,
    summary       VARCHAR,
    published_at  TIMESTAMPTZ,
    url           VARCHAR,
    symbols       VARCHAR[],
    source        VARCHAR NOT NULL,
    fetched_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS screener_runs (
    id                 VARCHAR PRIMARY KEY,
    started_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ,
    status             VARCHAR NOT NULL,
    universe           VARCHAR NOT NULL,
    symbols            VARCHAR[] NOT NULL,
    params             JSON NOT NULL,
    data_hash          VARCHAR,
    as_of              JSON,
    agent_versions     JSON,
    provider           VARCHAR,
    model              VARCHAR,
    indicator_backend  VARCHAR,
    app_version        VARCHAR NOT NULL,
    missing            JSON,
    error              VARCHAR
);

CREATE TABLE IF NOT EXISTS screener_results (
    run_id           VARCHAR NOT NULL,
    symbol           VARCHAR NOT NULL,
    score            DOUBLE,
    confidence       DOUBLE,
    suggested_qty    BIGINT,
    suggested_value  BIGINT,
    rationale        VARCHAR NOT NULL,
    agents           JSON NOT NULL,
    risk_notes       JSON NOT NULL,
    PRIMARY KEY (run_id, symbol)
);

CREATE TABLE IF NOT EXISTS llm_calls (
    hash        VARCHAR PRIMARY KEY,
    provider    VARCHAR NOT NULL,
    model       VARCHAR NOT NULL,
    request     JSON NOT NULL,
    response    VARCHAR,
    error       VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL
);

-- named universes: VN30 (seeded), the watchlist, and the user's custom lists
CREATE TABLE IF NOT EXISTS universe_members (
    universe  VARCHAR NOT NULL,
    symbol    VARCHAR NOT NULL,
    PRIMARY KEY (universe, symbol)
);
