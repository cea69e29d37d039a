#!/usr/bin/env bash
# Install TradingTools for the current user (no root needed), from the unpacked tarball:
#
#     ./install.sh                 # into ~/.local
#     PREFIX=/some/dir ./install.sh
#
# Installs exactly these (PREFIX defaults to $HOME/.local):
#   $PREFIX/opt/tradingtools/                          the app (replaced whole on upgrade)
#   $PREFIX/share/applications/tradingtools.desktop    the menu entry
#   $PREFIX/share/icons/hicolor/256x256/apps/tradingtools.png
#   $PREFIX/bin/tradingtools                           the CLI (symlink)
# Your data (profiles, keys, backups) is not in any of these: it lives in the platform data
# dir (~/.local/share/TradingTools, or $TRADINGTOOLS_HOME) and an upgrade never touches it.
# Upgrading = running a newer install.sh; the profile DB migrates on first start, after a
# backup (docs/upgrade.md). ./uninstall.sh (also copied into the install dir) removes it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
DEST=$PREFIX/opt/tradingtools
APPS=$PREFIX/share/applications
ICONS=$PREFIX/share/icons/hicolor/256x256/apps
BIN=$PREFIX/bin

[ -x "$HERE/TradingTools/TradingTools" ] || { echo "no TradingTools/ next to install.sh" >&2; exit 1; }
case "$DEST" in /*) ;; *) echo "PREFIX must be an absolute path" >&2; exit 1 ;; esac

mkdir -p "$PREFIX/opt" "$APPS" "$ICONS" "$BIN"
# copy next to the target, then swap: a failed copy leaves the installed version working
rm -rf "$DEST.new" "$DEST.old"
cp -a "$HERE/TradingTools" "$DEST.new"
cp "$HERE/uninstall.sh" "$DEST.new/uninstall.sh"
cp "$HERE/VERSION" "$DEST.new/VERSION" 2>/dev/null || true
if [ -e "$DEST" ]; then
    was=$(cat "$DEST/VERSION" 2>/dev/null || echo "an earlier version")
    mv "$DEST" "$DEST.old"
    mv "$DEST.new" "$DEST"
    rm -rf "$DEST.old"
    echo "upgraded TradingTools ($was -> $(cat "$DEST/VERSION" 2>/dev/null || echo new))"
else
    mv "$DEST.new" "$DEST"
    echo "installed TradingTools $(cat "$DEST/VERSION" 2>/dev/null || true)"
fi

sed "s|@DEST@|$DEST|g" "$HERE/tradingtools.desktop" > "$APPS/tradingtools.desktop"
chmod 644 "$APPS/tradingtools.desktop"
cp "$HERE/tradingtools.png" "$ICONS/tradingtools.png"
ln -sfn "$DEST/tradingtools" "$BIN/tradingtools"

# No cache refresh (update-desktop-database, gtk-update-icon-cache): desktops watch these
# folders, and the caches would be files uninstall.sh could not call its own.

echo "  app:      $DEST"
echo "  menu:     $APPS/tradingtools.desktop"
echo "  CLI:      $BIN/tradingtools"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "  (add $BIN to your PATH to type 'tradingtools')" ;; esac
echo "Start it from the applications menu, or: $DEST/TradingTools"
