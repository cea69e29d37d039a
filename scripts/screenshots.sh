#!/usr/bin/env bash
# Refresh docs/screenshots/ from the real app under Xvfb (needs xvfb and imagemagick).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export TRADINGTOOLS_FROZEN_TIME=2026-11-25T10:00:00+07:00  # a HOSE session, for the ticket
$PY scripts/screenshot.py docs/screenshots/main-window.png --tab Setup
$PY scripts/screenshot.py docs/screenshots/order-ticket.png --wait 2.5 -- --ticket FPT,BUY,150,95.32
$PY scripts/screenshot.py docs/screenshots/screener.png --wait 4 -- --run-screener VN30
home=$(mktemp -d)
TRADINGTOOLS_HOME=$home .venv/bin/tradingtools order place --exchange HOSE --symbol FPT \
    --side buy --qty 1000 --price 99600 >/dev/null
TRADINGTOOLS_HOME=$home .venv/bin/tradingtools order place --exchange HOSE --symbol VCB \
    --side buy --qty 500 --price 60000 >/dev/null
$PY scripts/screenshot.py docs/screenshots/portfolio.png --home "$home" --tab Portfolio --wait 2.5
$PY scripts/wizard_screenshots.py
$PY scripts/dlq_screenshot.py
$PY scripts/portfolio_mismatch_screenshot.py
$PY scripts/live_screenshots.py
QT_QPA_PLATFORM=offscreen PYTHONPATH=src $PY scripts/screener_screenshot.py   # screener-en.png, screener-vi.png (Last column)
