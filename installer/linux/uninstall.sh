#!/usr/bin/env bash
# Remove what install.sh installed, and nothing else:
#   $PREFIX/opt/tradingtools/, $PREFIX/share/applications/tradingtools.desktop,
#   $PREFIX/share/icons/hicolor/256x256/apps/tradingtools.png, $PREFIX/bin/tradingtools
# (PREFIX defaults to $HOME/.local, as for install.sh). Your data — profiles, keys, backups
# in ~/.local/share/TradingTools or $TRADINGTOOLS_HOME — is never removed; delete that
# folder yourself if you really want it gone (docs/install.md).
set -euo pipefail
PREFIX=${PREFIX:-$HOME/.local}
DEST=$PREFIX/opt/tradingtools
removed=0
remove() { if [ -e "$1" ] || [ -L "$1" ]; then rm -rf -- "$1"; echo "removed $1"; removed=1; fi; }

# the CLI symlink only if it is ours (points into the install dir)
if [ -L "$PREFIX/bin/tradingtools" ]; then
    case "$(readlink "$PREFIX/bin/tradingtools")" in "$DEST"/*) remove "$PREFIX/bin/tradingtools" ;; esac
fi
remove "$PREFIX/share/applications/tradingtools.desktop"
remove "$PREFIX/share/icons/hicolor/256x256/apps/tradingtools.png"
# the app dir only if it is really an install of ours
if [ -x "$DEST/TradingTools" ] && [ -d "$DEST/_internal" ]; then
    remove "$DEST"
elif [ -e "$DEST" ]; then
    echo "left $DEST alone: it does not look like a TradingTools install" >&2
fi
[ "$removed" = 1 ] || echo "TradingTools was not installed under $PREFIX"
echo "Your data was kept: ${TRADINGTOOLS_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/TradingTools}"
