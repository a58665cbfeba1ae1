#!/usr/bin/env bash
# CI check of the notebooks: executes all four on the sample lake (any cell error fails), checks that each
# HTML report embeds its charts as images, and that the jss-explanation report, run for a freelancer whose
# contracts all carry private scores, names none of their private-dependent contracts or clients; then that
# every table of the lake read with deltalake has the rows and types of the pipeline's own export.
#
#   notebooks/check.sh [LAKE]     LAKE defaults to demo-lake (built with ./jss demo when absent)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"
"$here/setup.sh"
PY="${JSS_NB_VENV:-$here/.venv}/bin/python"
lake="${1:-demo-lake}"
as_of="${JSS_AS_OF:-2026-11-22}"
if [ "$lake" = "demo-lake" ] && [ ! -d demo-lake/scored/jss_scores ]; then
  ./jss demo
fi

tmp="$(mktemp -d -t jss-nb-check.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# Internal use (this check only): the freelancer whose candidate contracts all carry a private score, with
# the most private-dependent ones; and those contracts' ids and clients, which the report must not show.
freelancer="$(PYTHONDONTWRITEBYTECODE=1 "$PY" - "$lake" "$as_of" "$tmp/private.txt" <<'PY'
import sys
sys.path.insert(0, "notebooks")
import jsslake
o = jsslake.read(sys.argv[1], "jss_contract_outcomes", sys.argv[2])
g = o.groupby("freelancer_id").agg(all_private=("private_score", lambda s: s.notna().all()),
                                   dependent=("private_dependent", "sum"), n=("contract_id", "size"))
g = g[g["all_private"] & (g["dependent"] > 0)].sort_values(["dependent", "n"], ascending=False)
if g.empty:
    sys.exit("check: no freelancer in the lake has all contracts with private scores and a private-dependent one")
f = g.index[0]
dep = o[(o["freelancer_id"] == f) & o["private_dependent"]]
with open(sys.argv[3], "w") as out:
    for v in sorted(set(dep["contract_id"]) | set(dep["client_id"])):
        out.write(v + "\n")
print(f)
jsslake.leave(0)
PY
)"
echo "check: jss-explanation runs for $freelancer ($(wc -l < "$tmp/private.txt") private-dependent contract and client ids to keep out)" >&2

JSS_FREELANCER="$freelancer" JSS_AS_OF="$as_of" "$here/run-all.sh" "$lake"

out="$here/out"
fail=0
for nb in trust-and-safety-review jss-explanation fee-change-impact policy-change-impact; do
  html="$out/$nb.html"
  if [ ! -s "$html" ]; then echo "check: FAIL $nb: no report at $html" >&2; fail=1; continue; fi
  imgs="$(grep -o '<img [^>]*src="data:image/png;base64' "$html" | wc -l || true)"
  if [ "$imgs" -lt 1 ]; then echo "check: FAIL $nb: no chart image in $html" >&2; fail=1; fi
  if grep -q 'class="ansi-red-fg">.*Error\|Traceback (most recent call last)' "$html"; then
    echo "check: FAIL $nb: an error is printed in the report" >&2; fail=1
  fi
  echo "check: $nb: $imgs chart(s)" >&2
done
if ! grep -q "$freelancer" "$out/jss-explanation.html"; then
  echo "check: FAIL jss-explanation: the report is not for $freelancer" >&2; fail=1
fi
leaks="$(grep -o -F -f "$tmp/private.txt" "$out/jss-explanation.html" "$out/jss-explanation.ipynb" | sort -u || true)"
if [ -n "$leaks" ]; then
  echo "check: FAIL jss-explanation shows private-dependent contracts or their clients:" >&2
  echo "$leaks" >&2; fail=1
fi
if grep -q -i 'private_score\|jss_exact' "$out/jss-explanation.html"; then
  echo "check: FAIL jss-explanation shows a private score or an internal field" >&2; fail=1
fi
[ "$fail" -eq 0 ] && echo "check: notebooks OK" >&2

# Interoperability: every table of the lake read with deltalake equals the pipeline's own export of it,
# values and types (notebooks/interop.py says what is compared).
t0=$SECONDS
./jss export --lake "$lake" --all --format json --out "$tmp/export" >/dev/null
if PYTHONDONTWRITEBYTECODE=1 "$PY" "$here/interop.py" "$lake" "$tmp/export"; then
  echo "check: interoperability OK ($((SECONDS - t0)) s)" >&2
else
  echo "check: FAIL interoperability: deltalake reads the lake differently from the pipeline (above)" >&2; fail=1
fi
exit "$fail"
