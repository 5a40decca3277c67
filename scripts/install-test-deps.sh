#!/usr/bin/env bash
# Installs what Haven's tests need on a Debian machine, skipping whatever is already there:
# PostgreSQL server binaries, Chromium and its driver, wrk (benchmarks), and a Python virtual environment
# (.build/test-venv) with pytest, Selenium and axe-core. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.build/test-venv

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v wrk >/dev/null || missing+=(wrk)
command -v python3 >/dev/null || missing+=(python3 python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# axe-selenium-python 3 (axe-core 4.10, which knows WCAG 2.2) needs Python 3.12 or later.
python_for_venv() {
  for candidate in python3.13 python3.12 "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  echo python3
}

requirements=Tests/browser/requirements.txt
stamp=$VENV/.requirements
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  python=$(python_for_venv)
  echo "creating $VENV with $("$python" --version)"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
  extra=()
  "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || extra=(--ignore-requires-python)
  "$VENV/bin/pip" install -q --disable-pip-version-check "${extra[@]}" -r "$requirements"
  cp "$requirements" "$stamp"
fi
