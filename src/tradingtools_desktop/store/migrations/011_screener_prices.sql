-- The price a screener run counted its suggested sizes at (issue 11): the quote service's
-- quote of each symbol (price, last / reference, source, time) and the basis, kept with the
-- run's inputs so a replay counts at the same prices. NULL for runs from before.
ALTER TABLE screener_runs ADD COLUMN prices JSON;
