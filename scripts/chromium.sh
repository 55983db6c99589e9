#!/usr/bin/env bash
# Headless Chromium and chromedriver for the browser tests, and npm for their axe-core
# (Debian packages). Idempotent: does nothing when all three exist. Installing needs
# root; without it we only say so (scripts/test.sh then stops unless ANHORIG_ALLOW_SKIP=1).
set -euo pipefail

packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
[[ -x /usr/bin/chromedriver ]] || packages+=(chromium-driver)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ ${#packages[@]} == 0 ]]; then
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "chromium.sh: ${packages[*]} saknas och installation kräver root." >&2
  exit 0
fi
echo "chromium.sh: installerar ${packages[*]} med apt-get ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
