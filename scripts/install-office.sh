#!/usr/bin/env bash
# Make sure LibreOffice Calc and poppler's tools are there for the rendering tests
# (tests/workbook_render.py: workbook -> PDF -> PNG pages and word boxes).
#
#   scripts/install-office.sh
#
# Idempotent and quiet: does nothing when /usr/bin/soffice, pdftoppm, pdftotext and pdfinfo are
# already there. Otherwise installs Debian's libreoffice-calc and poppler-utils with apt-get
# (needs root), without recommended packages.
set -euo pipefail

SOFFICE=/usr/bin/soffice
PACKAGES=(libreoffice-calc poppler-utils)

missing() {
    [[ ! -x "$SOFFICE" ]] && return 0
    local tool
    for tool in pdftoppm pdftotext pdfinfo; do
        command -v "$tool" >/dev/null 2>&1 || return 0
    done
    return 1
}

if ! missing; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-office: LibreOffice ($SOFFICE) or poppler-utils is missing and apt-get is not available: install ${PACKAGES[*]}" >&2
    exit 1
fi
if [[ $EUID -ne 0 ]]; then
    echo "install-office: LibreOffice ($SOFFICE) or poppler-utils is missing; run as root: apt-get install --no-install-recommends ${PACKAGES[*]}" >&2
    exit 1
fi

echo "install-office: installing Debian's ${PACKAGES[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

if missing; then
    echo "install-office: apt-get finished but $SOFFICE, pdftoppm, pdftotext or pdfinfo is still missing" >&2
    exit 1
fi
