#!/usr/bin/env bash
# Make sure the Debian packages the project uses are present.
# Usage: scripts/system-deps.sh [--optional] PACKAGE...
#   Installs missing packages with apt-get when run as root; otherwise prints the one
#   apt-get line to run. With --optional a missing package is a warning, not a failure.
set -euo pipefail
optional=0
if [ "${1:-}" = "--optional" ]; then optional=1; shift; fi

probe() {  # how we know a package is installed: the command it provides
  case "$1" in
    wkhtmltopdf) command -v wkhtmltopdf >/dev/null 2>&1 ;;
    chromium) command -v chromium >/dev/null 2>&1 ;;
    poppler-utils) command -v pdftotext >/dev/null 2>&1 ;;
    python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
    postgresql) command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 ;;
    fontconfig) command -v fc-list >/dev/null 2>&1 ;;
    fonts-liberation2) fc-list 'Liberation Sans' 2>/dev/null | grep -q . ;;
    fonts-dejavu-core) fc-list 'DejaVu Sans' 2>/dev/null | grep -q . ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pkg in "$@"; do probe "$pkg" || missing+=("$pkg"); done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

line="sudo apt-get install -y ${missing[*]}"
if [ $optional -eq 1 ]; then
  echo "Note: optional Debian packages missing (${missing[*]}); some features are off. To add them: $line" >&2
  exit 0
fi
echo "Missing Debian packages: ${missing[*]}. Run: $line" >&2
exit 1
