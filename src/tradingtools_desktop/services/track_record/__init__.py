"""The screener measures itself: a point-in-time walk-forward track record.

- ``panel``: the cache as numpy panels, loaded in one pass (every symbol's own bars, a
  trading calendar, fundamentals with their publication days, headlines, the indices);
- ``scores``: each agent's and the supervisor's score on every rebalance date, with only
  what was known at that date's close, plus the naive baselines;
- ``metrics``: forward returns (T+2, fees, sell tax), rank IC with a Newey-West t, quintile
  spread, hit rate, turnover, top-N equity curve, score calibration;
- ``service``: runs stored like screener runs (inputs hash, parameters, versions), with
  progress, cancel and replay to identical figures.
"""
