#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (tests/browser).
#
#   scripts/install-browser.sh
#
# Idempotent and quiet: does nothing when Chromium is already there. Otherwise installs the
# Debian package with apt-get (needs root). Playwright's own browser download is never used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: $CHROMIUM is missing and apt-get is not available: install Chromium there" >&2
    exit 1
fi
if [[ $EUID -ne 0 ]]; then
    echo "install-browser: $CHROMIUM is missing; run as root: apt-get install chromium" >&2
    exit 1
fi

echo "install-browser: installing Debian's chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x "$CHROMIUM" ]]; then
    echo "install-browser: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
