#!/usr/bin/env bash
# Smoke test of a built bundle (make bundle-smoke): runs the bundled app and CLI headless
# in a throwaway data dir and fails on the first thing that does not work.
#
#     installer/smoke.sh [dist/TradingTools]
#
# 1. TradingTools --exit-after-shown exits 0 and reports the window shown (JSON line)
# 2. TradingTools --screenshot writes a PNG of the main window (the window really painted)
# 3. the CLI: --version, `doctor --offline` (exit 0; the Qt probe, the profile DB with every
#    bundled migration, the keychain), `screen run --universe VN30` on the bundled data
# 4. the bundle holds no test simulators and no user data
# Never touches the real home: TRADINGTOOLS_HOME and HOME point into a temp dir.
set -euo pipefail
BUNDLE=${1:-dist/TradingTools}
APP="$BUNDLE/TradingTools"
CLI="$BUNDLE/tradingtools"
[ -x "$CLI" ] || CLI="$BUNDLE/tradingtools-cli"
[ -x "$APP" ] || { echo "FAIL: no bundle at $BUNDLE (run make bundle)"; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tt-smoke-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export QT_QPA_PLATFORM=offscreen TRADINGTOOLS_HOME="$TMP/data" HOME="$TMP/home"
mkdir -p "$HOME"
step() { printf '%-46s' "$1"; }

step "app starts and shows its window"
out=$("$APP" --exit-after-shown 2>"$TMP/app.err") || { echo FAIL; cat "$TMP/app.err"; exit 1; }
echo "$out" | grep -q '"window_shown_s"' || { echo "FAIL: no shown line: $out"; exit 1; }
echo "ok $(echo "$out" | tail -1)"

step "app screenshot (window painted)"
"$APP" --screenshot "$TMP/main.png" 2>"$TMP/shot.err" || { echo FAIL; cat "$TMP/shot.err"; exit 1; }
head -c 8 "$TMP/main.png" | od -An -c | grep -q 'P   N   G' || { echo "FAIL: not a PNG"; exit 1; }
[ "$(stat -c %s "$TMP/main.png")" -gt 10000 ] || { echo "FAIL: PNG too small"; exit 1; }
echo "ok $(stat -c %s "$TMP/main.png") bytes"
[ -n "${SMOKE_KEEP_SCREENSHOT:-}" ] && cp "$TMP/main.png" "$SMOKE_KEEP_SCREENSHOT"

step "cli --version"
ver=$("$CLI" --version) || { echo FAIL; exit 1; }
echo "ok $ver"

step "cli doctor --offline"
"$CLI" doctor --offline >"$TMP/doctor.txt" 2>&1 || { echo FAIL; cat "$TMP/doctor.txt"; exit 1; }
grep -q "qt platform  OK" "$TMP/doctor.txt" || { echo "FAIL: Qt probe"; cat "$TMP/doctor.txt"; exit 1; }
echo "ok $(grep -o 'schema [0-9]* of [0-9]*' "$TMP/doctor.txt")"

step "cli screen run --universe VN30 (bundled data)"
"$CLI" screen run --universe VN30 >"$TMP/screen.txt" 2>&1 || { echo FAIL; tail "$TMP/screen.txt"; exit 1; }
echo "ok $(grep -c 'Overall' "$TMP/screen.txt") rows"

step "no simulators, no user data in the bundle"
if find "$BUNDLE" \( -path '*simulators*' -o -name '*.duckdb' \) | grep -q .; then
    echo FAIL; find "$BUNDLE" \( -path '*simulators*' -o -name '*.duckdb' \); exit 1
fi
echo ok

step "bundle size"
echo "$(du -sm "$BUNDLE" | cut -f1) MB"
echo "smoke test passed"
