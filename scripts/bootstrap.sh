#!/usr/bin/env bash
# Installs what Talap's scripts need on a bare Debian machine with Node 20+ and npm:
# pnpm (pinned), and, as root, Debian's Chromium (browser tests) and PostgreSQL (hub tests).
set -euo pipefail

PNPM_VERSION=12.21.0

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm@$PNPM_VERSION"
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION"
fi

missing=()
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install ${missing[*]} (Debian: apt-get install ${missing[*]})," >&2
    echo "or set CHROME_PATH to a Chromium binary and PG_BIN to PostgreSQL's bin folder." >&2
    exit 1
  fi
fi
echo "bootstrap: pnpm $(pnpm --version), chromium and postgresql present"
