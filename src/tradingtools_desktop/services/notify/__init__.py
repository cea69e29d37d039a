"""Outbound notifications (Telegram Bot API)."""
