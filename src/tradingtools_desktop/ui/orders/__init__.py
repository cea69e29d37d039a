"""The Orders tab: ticket with live pre-check, open orders, history and audit trail."""
