#!/usr/bin/env bash
# Install everything the assistant needs into .venv/ from the committed lock.
# Rasa 3.6.21 declares Python <3.11 but runs on 3.11 when every package is
# pinned and installed with --no-deps (see README). Idempotent: does nothing
# when the lock has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || {
  echo "Python 3.11 behövs (hittade $("$PYTHON" --version 2>&1))." >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "Skapar .venv/ ..."
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.anhoriglotsen-lock.sha256
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installerar paket från requirements.lock ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    --no-deps --ignore-requires-python -r requirements.lock
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > "$stamp"
fi
mkdir -p var models
