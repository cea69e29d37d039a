#!/usr/bin/env bash
# Clean-machine check of the Linux tarball (docs/release-checklist.md), all inside a temp
# HOME: unpack, install.sh, start the installed app the way the menu entry does under Xvfb
# with no data yet (so the first-run wizard comes up) and screenshot it, run the installed
# CLI, then uninstall.sh and check that exactly the installed files went and the user data
# stayed.
#
#     installer/linux/check-install.sh [dist/TradingTools-X-linux-x86_64.tar.gz] [OUT.png]
#
# Needs Xvfb and ImageMagick's `import` (apt-get install xvfb imagemagick) and the Qt xcb
# libraries (README). OUT defaults to docs/screenshots/install-linux-wizard.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARBALL=${1:-$(ls -t dist/TradingTools-*-linux-*.tar.gz 2>/dev/null | head -1)}
OUT=${2:-docs/screenshots/install-linux-wizard.png}
[ -f "$TARBALL" ] || { echo "no tarball: run make dist-linux" >&2; exit 1; }
for tool in Xvfb import; do
    command -v $tool >/dev/null || { echo "$tool missing: apt-get install xvfb imagemagick" >&2; exit 2; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/tt-install-XXXXXX")
XPID=; APID=
cleanup() {
    [ -n "$APID" ] && kill "$APID" 2>/dev/null || true
    [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
H=$T/home
mkdir -p "$H" "$T/unpack"
# a user's environment without anything of ours: no TRADINGTOOLS_*, no XDG overrides
run() { env -i HOME="$H" PATH="$H/.local/bin:/usr/bin:/bin" LANG=C.UTF-8 "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

tar -C "$T/unpack" -xzf "$TARBALL"
PKG=$(ls -d "$T"/unpack/TradingTools-*)
echo "== install.sh"
run "$PKG/install.sh"
for f in "$H/.local/opt/tradingtools/TradingTools" "$H/.local/share/applications/tradingtools.desktop" \
         "$H/.local/share/icons/hicolor/256x256/apps/tradingtools.png" "$H/.local/bin/tradingtools"; do
    [ -e "$f" ] || fail "not installed: $f"
done
EXEC=$(sed -n 's/^Exec=//p' "$H/.local/share/applications/tradingtools.desktop" | tr -d '"')
[ -x "$EXEC" ] || fail "menu entry's Exec is not executable: $EXEC"

echo "== first start from the menu entry under Xvfb: $EXEC"
for n in $(seq 90 140); do [ -e /tmp/.X$n-lock ] || { DISP=:$n; break; }; done
Xvfb "$DISP" -screen 0 1200x760x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
sleep 1
# not through run(): $! must be the app itself (env execs it), so SIGTERM reaches it
env -i HOME="$H" PATH="$H/.local/bin:/usr/bin:/bin" LANG=C.UTF-8 DISPLAY="$DISP" \
    QT_QPA_PLATFORM=xcb "$EXEC" >"$T/app.out" 2>&1 &
APID=$!
DATA=$H/.local/share/TradingTools
LOG=$DATA/profiles/default/logs/tradingtools.log
for _ in $(seq 1 300); do
    [ -f "$LOG" ] && grep -q "opened" "$LOG" && break
    kill -0 "$APID" 2>/dev/null || { cat "$T/app.out"; fail "the app exited early"; }
    sleep 0.1
done
grep -q "opened" "$LOG" || fail "profile never opened"
sleep 2.5  # the wizard opens right after the profile
mkdir -p "$(dirname "$OUT")"
import -display "$DISP" -window root "$OUT"
echo "screenshot: $OUT"
kill -TERM "$APID"  # as a session logout would: the app closes its DB and exits
for _ in $(seq 1 150); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$APID" 2>/dev/null && fail "the app did not exit within 15 s of SIGTERM"
rc=0; wait "$APID" || rc=$?
APID=
echo "app exited with code $rc after SIGTERM"
[ "$rc" = 0 ] || { cat "$T/app.out"; fail "exit code $rc"; }
[ -f "$DATA/profiles/default/trading.duckdb" ] || fail "no profile DB in $DATA"
case "$(readlink -f "$DATA")" in "$H/.local/opt/"*) fail "user data inside the install dir" ;; esac

echo "== installed CLI"
run QT_QPA_PLATFORM=offscreen tradingtools --version
run QT_QPA_PLATFORM=offscreen tradingtools doctor --offline >"$T/doctor.txt" || { cat "$T/doctor.txt"; fail "doctor"; }
grep -E "^(python|qt platform|duckdb) " "$T/doctor.txt"

echo "== uninstall.sh"
run "$H/.local/opt/tradingtools/uninstall.sh"
for f in "$H/.local/opt/tradingtools" "$H/.local/share/applications/tradingtools.desktop" \
         "$H/.local/share/icons/hicolor/256x256/apps/tradingtools.png" "$H/.local/bin/tradingtools"; do
    { [ -e "$f" ] || [ -L "$f" ]; } && fail "left behind: $f"
done
[ -f "$DATA/profiles/default/trading.duckdb" ] || fail "uninstall removed the user data"
echo "user data kept: $(cd "$DATA" && find . -type f | sort | tr '\n' ' ')"
echo "clean install check passed"
