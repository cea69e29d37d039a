"""The Screener tab: run the agent pipeline, read the results, open past runs."""
