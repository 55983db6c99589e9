#!/usr/bin/env bash
# README command 2: install what is missing and run the whole test suite:
# ruff, mypy, rasa data validate, unit tests, conversation tests against a
# trained model, and the NLU quality gate on the held-out set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# A real PostgreSQL for the storage tests (Debian package, throw-away cluster).
if [ -f scripts/postgres.sh ]; then
  if url=$(bash scripts/postgres.sh start); then
    export ANHORIG_TEST_POSTGRES_URL="$url"
    trap 'bash scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
  else
    echo "PostgreSQL kunde inte startas; PostgreSQL-testerna hoppas över." >&2
  fi
fi

# Headless Chromium and chromedriver for the browser tests (Debian packages; needs root).
bash scripts/chromium.sh || echo "Chromium kunde inte installeras; webbläsartesterna hoppas över." >&2

.venv/bin/ruff check bot actions
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
