#!/bin/sh
# Print the path of a Python 3.12 interpreter: $PYTHON, PATH, pyenv, common locations.
is312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' >/dev/null 2>&1; }
for c in "${PYTHON:-}" python3.12 python3 python; do
  [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && is312 "$c" && { command -v "$c"; exit 0; }
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for c in "$root"/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12 \
         /opt/homebrew/bin/python3.12 /Library/Frameworks/Python.framework/Versions/3.12/bin/python3.12; do
  [ -x "$c" ] && is312 "$c" && { echo "$c"; exit 0; }
done
echo "Python 3.12 not found. Install it (Debian/Ubuntu: apt install python3.12 python3.12-venv;" >&2
echo "pyenv: pyenv install 3.12; macOS: brew install python@3.12), or set PYTHON=/path/to/python3.12." >&2
exit 1
