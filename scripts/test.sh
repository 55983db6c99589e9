#!/usr/bin/env bash
# README command 2: install what is missing and run the whole test suite:
# ruff, mypy, rasa data validate, unit tests, conversation tests against a
# trained model, and browser tests in headless Chromium with axe-core. PostgreSQL
# and Chromium are installed when missing (needs root), axe-core with npm ci;
# without them the run fails unless ANHORIG_ALLOW_SKIP=1 is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

# A real PostgreSQL for the storage tests (Debian package, throw-away cluster).
if [ -f scripts/postgres.sh ]; then
  if url=$(bash scripts/postgres.sh start); then
    export ANHORIG_TEST_POSTGRES_URL="$url"
    trap 'bash scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT
  else
    if [ "${ANHORIG_ALLOW_SKIP:-0}" = 1 ]; then
      echo "PostgreSQL kunde inte startas; PostgreSQL-testerna hoppas över (ANHORIG_ALLOW_SKIP=1)." >&2
    else
      echo "PostgreSQL kunde inte startas. Sätt ANHORIG_ALLOW_SKIP=1 för att hoppa över de testerna." >&2
      exit 1
    fi
  fi
fi

# Headless Chromium, chromedriver and npm for the browser tests (Debian packages; needs root).
bash scripts/chromium.sh || true
if { [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/chromium ]; } && [ "${ANHORIG_ALLOW_SKIP:-0}" != 1 ]; then
  echo "Chromium/chromedriver saknas. Sätt ANHORIG_ALLOW_SKIP=1 för att hoppa över webbläsartesterna." >&2
  exit 1
fi

# axe-core for the accessibility checks of the browser tests: exactly package-lock.json,
# from the npm registry, with no install scripts.
if command -v npm >/dev/null 2>&1; then
  npm_stamp=node_modules/.anhoriglotsen-lock.sha256
  npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_want" ] \
      || [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "Installerar axe-core med npm ci ..."
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$npm_want" > "$npm_stamp"
  fi
elif [ "${ANHORIG_ALLOW_SKIP:-0}" != 1 ]; then
  echo "npm saknas (behövs för axe-core). Sätt ANHORIG_ALLOW_SKIP=1 för att hoppa över tillgänglighetstesterna." >&2
  exit 1
fi

# From here on a missing Chromium or axe-core fails the browser tests instead of
# skipping them (tests/web/conftest.py), unless ANHORIG_ALLOW_SKIP=1.
if [ "${ANHORIG_ALLOW_SKIP:-0}" != 1 ]; then
  export ANHORIG_REQUIRE_BROWSER=1
fi

.venv/bin/ruff check bot actions
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
