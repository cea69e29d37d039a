-- Point-in-time inputs and the screener's track record (issue 14).

-- the day a fundamentals row became public; NULL = unknown, and the screener then assumes
-- quarter end + 45 days (agents/point_in_time.py), never the quarter it describes
ALTER TABLE fundamentals ADD COLUMN published_on DATE;

-- the instant a run's agents were allowed to see (bars, fundamentals, news, listing)
ALTER TABLE screener_runs ADD COLUMN as_of_time TIMESTAMPTZ;

-- a walk-forward evaluation, stored like a run so it can be replayed to identical figures
CREATE TABLE IF NOT EXISTS track_records (
    id            VARCHAR PRIMARY KEY,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,
    universe      VARCHAR NOT NULL,
    params        JSON NOT NULL,
    inputs_hash   VARCHAR,
    versions      JSON,
    result        JSON,
    figures_hash  VARCHAR,
    error         VARCHAR
);

-- the track record a run's confidence was measured against (or why there is none)
ALTER TABLE screener_runs ADD COLUMN measured JSON;

-- a headline that names no stock but speaks of the market: the news agent's market mood
ALTER TABLE news ADD COLUMN market BOOLEAN NOT NULL DEFAULT false;
