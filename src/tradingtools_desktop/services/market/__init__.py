"""The app's one place for prices: the quote service, the feed that fills it, and what reads it."""
