#!/usr/bin/env bash
# Makes the notebooks' Python environment: a virtual environment at notebooks/.venv (JSS_NB_VENV to put it
# elsewhere) with exactly the pinned packages of notebooks/requirements.txt from the Python package index,
# and a Jupyter kernel `jss-notebooks` inside it. Nothing from Debian's Python packages. Does nothing when
# the environment already holds this requirements file (its hash is kept in the environment).
#
#   notebooks/setup.sh            then: notebooks/.venv/bin/jupyter-nbconvert ..., or any Jupyter with that kernel
#
# Needs Python 3.11 or newer with its venv module (PYTHON to choose the interpreter; default python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${JSS_NB_VENV:-$here/.venv}"
req="$here/requirements.txt"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "notebooks: $py is not Python 3.11+ with the venv module ($("$py" --version 2>&1 || echo 'not found')); set PYTHON to one that is" >&2
  exit 2
fi
echo "notebooks: creating $venv from notebooks/requirements.txt (pinned, from the Python package index)..." >&2
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$req"
# The kernel the notebooks run on, inside the environment (found before any system-wide python3 kernel).
"$venv/bin/python" -m ipykernel install --sys-prefix --name jss-notebooks \
  --display-name "Python (jss notebooks, notebooks/.venv)" >/dev/null
echo "$want" > "$venv/.requirements.sha256"
echo "notebooks: environment ready: $("$venv/bin/python" -c 'import deltalake, pandas, pyarrow; print("deltalake", deltalake.__version__, "pandas", pandas.__version__, "pyarrow", pyarrow.__version__)')" >&2
