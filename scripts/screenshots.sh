#!/usr/bin/env bash
# Refresh docs/screenshots/ from the real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY scripts/screenshot.py docs/screenshots/main-window.png
