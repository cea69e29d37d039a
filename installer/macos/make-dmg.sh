#!/usr/bin/env bash
# NOT RUN ON THE RELEASE MACHINE (Linux): hdiutil, codesign and notarytool exist on macOS
# only. Written and reviewed, not yet executed; run it on a Mac before the first macOS
# release (docs/release-checklist.md).
#
# Build dist/TradingTools-<version>-macos-<arch>.dmg from dist/TradingTools.app:
#
#     python3.12 -m venv .venv && .venv/bin/pip install -e '.[bundle]'
#     .venv/bin/python -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller \
#         installer/tradingtools.spec          # on macOS this also makes dist/TradingTools.app
#     installer/macos/make-dmg.sh
#
# Optional: CODESIGN_IDENTITY="Developer ID Application: ..." signs the app (hardened
# runtime); NOTARY_PROFILE=<notarytool keychain profile> then notarises and staples the dmg.
# Unsigned builds open with right-click > Open the first time (Gatekeeper).
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=dist/TradingTools.app
[ -d "$APP" ] || { echo "no $APP: build the spec on macOS first" >&2; exit 1; }
[ "$(uname -s)" = Darwin ] || { echo "make-dmg.sh runs on macOS only" >&2; exit 1; }
VERSION=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
DMG=dist/TradingTools-$VERSION-macos-$(uname -m).dmg

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp \
        --entitlements installer/macos/entitlements.plist --sign "$CODESIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict "$APP"
fi

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"   # drag-to-install
rm -f "$DMG"
hdiutil create -volname "TradingTools $VERSION" -srcfolder "$STAGE" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 -ov "$DMG"

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
    if [ -n "${NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
        xcrun stapler staple "$DMG"
    fi
fi
hdiutil verify "$DMG"
echo "$DMG"
