"""Technical indicators: our vectorised engine (many symbols at once) and pandas-ta.

The screener computes a whole universe in one pass with :mod:`.builtin` (2-D arrays,
bars x symbols, each column right-aligned with leading NaNs). Its definitions follow
pandas-ta 0.4.71b0 exactly (SMA-seeded EMA and ATR, Wilder RMA, ddof=1 Bollinger), and the
tests check both agree on real data. :mod:`.backend` says which engine a run used.
"""
