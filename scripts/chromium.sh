#!/usr/bin/env bash
# Headless Chromium and chromedriver for the browser tests (Debian packages).
# Idempotent: does nothing when /usr/bin/chromedriver exists. Installing needs
# root; without it we only say so, and the browser tests skip themselves.
set -euo pipefail

if [[ -x /usr/bin/chromedriver && -x /usr/bin/chromium ]]; then
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "chromium.sh: chromium/chromedriver saknas och installation kräver root; webbläsartesterna hoppas över." >&2
  exit 0
fi
echo "chromium.sh: installerar chromium och chromium-driver med apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
