"""Portfolio tab parts: the reconciliation mismatch banner."""
