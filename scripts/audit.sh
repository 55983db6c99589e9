#!/usr/bin/env bash
# Audit the pinned Python packages (requirements.lock) for known vulnerabilities.
#
# pip-audit needs newer packages than Rasa allows (packaging, pip ...), so it lives in
# its own throw-away venv, var/audit-venv/, never in .venv/. It reads the lock as it
# is (--no-deps: the lock already pins every package; --disable-pip: nothing is
# installed or resolved) and asks PyPI's vulnerability data, or OSV with
# AUDIT_SERVICE=osv. The report goes to var/audit/pip-audit.json; then every
# finding is listed and checked against the decisions in docs/dependencies.md.
#
# Exit code: 0 when every finding has a decision, 1 when one has none, 2 when the
# audit itself could not run (no network, pip-audit not installable).
set -uo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT_VERSION="${PIP_AUDIT_VERSION:-2.10.1}"
SERVICE="${AUDIT_SERVICE:-pypi}"
VENV=var/audit-venv
OUT=var/audit
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/pip-audit" ] || ! "$VENV/bin/pip-audit" --version 2>/dev/null | grep -q "$PIP_AUDIT_VERSION"; then
  echo "Installerar pip-audit $PIP_AUDIT_VERSION i $VENV ..."
  "$PYTHON" -m venv "$VENV" || exit 2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip-audit==$PIP_AUDIT_VERSION" || exit 2
fi

echo "Granskar requirements.lock mot $SERVICE ..."
"$VENV/bin/pip-audit" -r requirements.lock --no-deps --disable-pip --progress-spinner off \
  --vulnerability-service "$SERVICE" --format json --output "$OUT/pip-audit.json" 2>"$OUT/pip-audit.log"
status=$?
# Exit 1 means "vulnerabilities found"; anything else is a failure of the audit itself.
if [ "$status" -gt 1 ] || [ ! -s "$OUT/pip-audit.json" ]; then
  echo "pip-audit kunde inte köras (kod $status); se $OUT/pip-audit.log" >&2
  tail -5 "$OUT/pip-audit.log" >&2
  exit 2
fi
echo "Rapport: $OUT/pip-audit.json"

.venv/bin/python -m bot.tools.dependency_audit "$OUT/pip-audit.json" docs/dependencies.md requirements.lock
