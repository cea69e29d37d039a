"""The first-run setup wizard (re-openable from the Setup tab)."""
