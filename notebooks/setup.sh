#!/usr/bin/env bash
# Installs the notebook stack from Debian for the system's own /usr/bin/python3 (no PyPI): Jupyter's
# nbconvert and ipykernel, pandas and matplotlib. Does nothing when they are already importable.
set -euo pipefail
PY=/usr/bin/python3
if "$PY" -c 'import nbconvert, nbformat, ipykernel, pandas, matplotlib, jinja2' 2>/dev/null; then
  exit 0
fi
echo "notebooks: installing the Debian notebook stack (python3-nbconvert, python3-ipykernel, pandas, matplotlib)..." >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  python3-nbconvert jupyter-nbconvert python3-nbformat python3-ipykernel jupyter-client \
  python3-pandas python3-matplotlib python3-jinja2 fonts-dejavu-core
"$PY" -c 'import nbconvert, nbformat, ipykernel, pandas, matplotlib, jinja2'
