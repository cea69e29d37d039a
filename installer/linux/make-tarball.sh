#!/usr/bin/env bash
# make dist-linux: pack a built bundle with the Linux install files into
# dist/TradingTools-<version>-linux-x86_64.tar.gz (one top folder of the same name).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:-dist/TradingTools}
[ -x "$BUNDLE/TradingTools" ] || { echo "no bundle at $BUNDLE: run make bundle" >&2; exit 1; }
VERSION=$("$BUNDLE/tradingtools" --version)
NAME=TradingTools-$VERSION-linux-$(uname -m)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir "$STAGE/$NAME"
cp -a "$BUNDLE" "$STAGE/$NAME/TradingTools"
cp installer/linux/install.sh installer/linux/uninstall.sh installer/linux/tradingtools.desktop \
   installer/linux/tradingtools.png "$STAGE/$NAME/"
echo "$VERSION" > "$STAGE/$NAME/VERSION"
cat > "$STAGE/$NAME/README.txt" <<TXT
TradingTools $VERSION for Linux x86_64

  ./install.sh      install for this user (~/.local; PREFIX=/dir to choose)
  ./uninstall.sh    remove it again (your profiles and keys are kept)

Or run it in place: ./TradingTools/TradingTools (CLI: ./TradingTools/tradingtools).
Needs the Qt xcb libraries most desktops have (see docs/install.md).
TXT
chmod +x "$STAGE/$NAME/install.sh" "$STAGE/$NAME/uninstall.sh"
mkdir -p dist
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz $(du -h "dist/$NAME.tar.gz" | cut -f1)"
