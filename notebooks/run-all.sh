#!/usr/bin/env bash
# Runs every notebook headless against a lake and writes executed notebooks and HTML reports (charts embedded
# as images) to notebooks/out/. Fails on the first cell error. The notebooks run in notebooks/.venv (made by
# setup.sh from the pinned requirements) and read the lake's tables with deltalake.
#
#   notebooks/run-all.sh [LAKE]        LAKE defaults to demo-lake (built with ./jss demo when absent)
#
# Environment: JSS_AS_OF (default 2026-11-22, the demo's last night), JSS_FREELANCER, JSS_CASE, JSS_POLICY,
# JSS_BASELINE, JSS_PROPOSAL and the other parameters each notebook's first code cell lists;
# JSS_NOTEBOOKS limits the run to some notebooks (space-separated names without .ipynb); JSS_NB_PARALLEL (2)
# is how many run at once.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

"$here/setup.sh"

export JSS_LAKE="${1:-${JSS_LAKE:-demo-lake}}"
if [ "$JSS_LAKE" = "demo-lake" ] && [ ! -d demo-lake/scored/jss_scores ]; then
  echo "notebooks: no demo lake yet, running ./jss demo first" >&2
  ./jss demo
fi
case "$JSS_LAKE" in
  *://*) ;;
  *) [ -d "$JSS_LAKE" ] || { echo "notebooks: no lake at $JSS_LAKE" >&2; exit 2; } ;;
esac

# ipykernel's debugger warns about frozen modules on every start.
export PYDEVD_DISABLE_FILE_VALIDATION=1
# No __pycache__ of jsslake.py in the worktree.
export PYTHONDONTWRITEBYTECODE=1
py="${JSS_NB_VENV:-$here/.venv}/bin/python"

# Build the jar and the class archive now, once: two notebooks running ./jss at the same moment on a fresh
# checkout would otherwise both start a build.
./jss --version >/dev/null
# The two that run the pipeline first: they take longest, and the other two fit beside them.
notebooks="${JSS_NOTEBOOKS:-policy-change-impact fee-change-impact trust-and-safety-review jss-explanation}"
start=$SECONDS
# shellcheck disable=SC2086
"$py" "$here/execute.py" $notebooks
echo "notebooks: all done in $((SECONDS - start)) s; reports in notebooks/out/" >&2
