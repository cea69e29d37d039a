#!/usr/bin/env bash
# Refresh docs/screenshots/ from the real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY scripts/screenshot.py docs/screenshots/main-window.png
TRADINGTOOLS_FROZEN_TIME=2026-11-25T10:00:00+07:00 \
  $PY scripts/screenshot.py docs/screenshots/order-ticket.png -- --ticket FPT,BUY,150,95.32
