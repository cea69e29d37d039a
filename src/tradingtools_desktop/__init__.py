"""TradingTools Desktop: local trading for Vietnamese retail investors."""

__version__ = "0.1.0"
