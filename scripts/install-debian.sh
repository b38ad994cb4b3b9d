#!/usr/bin/env bash
# Make sure some programs are there, installing Debian packages with apt-get when one is missing.
#
#   scripts/install-debian.sh PROGRAM... -- PACKAGE...
#
#   make browser: scripts/install-debian.sh /usr/bin/chromium -- chromium
#   make office:  scripts/install-debian.sh /usr/bin/soffice pdftoppm pdftotext pdfinfo -- libreoffice-calc poppler-utils
#
# A PROGRAM with a slash must be an executable at that path (/usr/bin/chromium: Playwright's own
# browser download is never used); one without must be on PATH. Idempotent and quiet: does nothing
# when every PROGRAM is there. Otherwise installs the PACKAGEs with apt-get, without recommended
# packages; that needs root (run it as root or with sudo). Exits 1 with a message saying what to
# install when it cannot, or when a PROGRAM is still missing afterwards.
set -euo pipefail

NAME=install-debian
PROGRAMS=()
while [[ $# -gt 0 && $1 != -- ]]; do
    PROGRAMS+=("$1")
    shift
done
if [[ ${#PROGRAMS[@]} -eq 0 || $# -lt 2 ]]; then  # no PROGRAM, no "--" or no PACKAGE after it
    echo "usage: $0 PROGRAM... -- PACKAGE..." >&2
    exit 2
fi
shift
PACKAGES=("$@")

# The PROGRAMs that are not there, one a line; nothing when all are.
missing() {
    local program
    for program in "${PROGRAMS[@]}"; do
        if [[ $program == */* ]]; then
            [[ -x "$program" ]] || echo "$program"
        else
            command -v "$program" >/dev/null 2>&1 || echo "$program"
        fi
    done
}

absent=$(missing)
if [[ -z "$absent" ]]; then
    exit 0
fi
absent=${absent//$'\n'/, }

if ! command -v apt-get >/dev/null 2>&1; then
    echo "$NAME: missing $absent, and apt-get is not available: install ${PACKAGES[*]}" >&2
    exit 1
fi
if [[ $EUID -ne 0 ]]; then
    echo "$NAME: missing $absent; run as root: apt-get install --no-install-recommends ${PACKAGES[*]}" >&2
    exit 1
fi

echo "$NAME: installing Debian's ${PACKAGES[*]} (apt-get) for $absent" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

absent=$(missing)
if [[ -n "$absent" ]]; then
    echo "$NAME: apt-get finished but ${absent//$'\n'/, } is still missing" >&2
    exit 1
fi
