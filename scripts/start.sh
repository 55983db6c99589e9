#!/usr/bin/env bash
# README command 1: install what is missing, then start the whole assistant
# (trains a model first when data/, domain.yml or config.yml changed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/anhoriglots run "$@"
