#!/usr/bin/env bash
# Run CMD [ARGS...] against a real, throwaway OS keyring: a private D-Bus session with an
# unlocked gnome-keyring Secret Service whose files live in a temp dir, so keychain tests
# (pytest -m keychain) exercise a real backend and never the user's own keychain.
#
#   scripts/with-test-keyring.sh .venv/bin/python -m pytest -q -m keychain
#
# Needs dbus-run-session (package dbus) and gnome-keyring-daemon (package gnome-keyring):
#   apt-get install -y --no-install-recommends gnome-keyring dbus
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool not found; install: apt-get install -y --no-install-recommends" \
             "gnome-keyring dbus" >&2
        exit 127
    fi
done

# Re-enter inside a fresh session bus; the bus (and the daemon on it) ends with CMD.
if [ -z "${_TT_TEST_KEYRING_SESSION:-}" ]; then
    exec env _TT_TEST_KEYRING_SESSION=1 dbus-run-session -- "$0" "$@"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/tt-test-keyring.XXXXXX")"
cleanup() {
    if [ -n "${GNOME_KEYRING_PID:-}" ]; then kill "$GNOME_KEYRING_PID" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p -m 700 "$tmp/run" "$tmp/home" "$tmp/data"
export XDG_RUNTIME_DIR="$tmp/run"
# The daemon keeps its keyring files under the temp HOME / XDG_DATA_HOME; CMD keeps its own.
eval "$(printf 'tt-test-keyring' | HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" \
        gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring
# the keychain tests run only when this says the keyring is a throwaway one
export TRADINGTOOLS_TEST_KEYRING=1
unset _TT_TEST_KEYRING_SESSION
"$@"
