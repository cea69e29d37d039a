#!/usr/bin/env bash
# Refresh docs/screenshots/ from the real app: the first four under Xvfb (needs xvfb and
# imagemagick), the rest rendered offscreen by the real widgets, in English and Vietnamese.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export TRADINGTOOLS_FROZEN_TIME=2026-11-25T10:00:00+07:00  # a HOSE session, for the ticket
$PY scripts/screenshot.py docs/screenshots/main-window.png --tab Setup
$PY scripts/screenshot.py docs/screenshots/order-ticket.png --wait 2.5 -- --ticket FPT,BUY,150,95.32
$PY scripts/screenshot.py docs/screenshots/screener.png --wait 4 -- --run-screener VN30
home=$(mktemp -d)
TRADINGTOOLS_HOME=$home .venv/bin/tradingtools order place --exchange HOSE --symbol FPT \
    --side buy --qty 1000 --price 99.6 >/dev/null
TRADINGTOOLS_HOME=$home .venv/bin/tradingtools order place --exchange HOSE --symbol VCB \
    --side buy --qty 500 --price 60 >/dev/null
$PY scripts/screenshot.py docs/screenshots/portfolio.png --home "$home" --tab Portfolio --wait 2.5
$PY scripts/wizard_screenshots.py
$PY scripts/dlq_screenshot.py
$PY scripts/portfolio_mismatch_screenshot.py
$PY scripts/live_screenshots.py
QT_QPA_PLATFORM=offscreen PYTHONPATH=src $PY scripts/screener_screenshot.py   # screener-en.png, screener-vi.png (Last column)
PYTHONPATH=src $PY scripts/gui_screenshots.py   # {en,vi}-shell, {en,vi}-ticket, {en,vi}-wizard-*
for lang in en vi; do   # board, ticket-depth, chart-daily
    QT_QPA_PLATFORM=offscreen PYTHONPATH=src:. $PY scripts/board_screenshots.py $lang
done
QT_QPA_PLATFORM=offscreen PYTHONPATH=src $PY scripts/live_quote_screenshot.py   # ticket-live-quote
$PY scripts/replay_screenshot.py   # replay-control-{en,vi}
