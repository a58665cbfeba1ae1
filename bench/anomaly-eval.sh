#!/usr/bin/env bash
# Measures the anomaly detectors over several generated marketplaces, as the README's "Anomaly detectors"
# section reports them: for each seed, generate a marketplace, ingest it, run `nightly --stages anomalies`
# and `evaluate --format json`; then one table over all seeds (bench/worlds/summarize.py).
#
#   bench/anomaly-eval.sh OUT FREELANCERS GENERATOR SEED [SEED ...]
#
# GENERATOR: `world` (bench/worlds/world.py: every kind in several variant families, near-miss traps) or
# `jss` (`jss generate`). A seed's directory that already holds eval.json is kept, so a stopped run resumes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 4 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
out=$1 n=$2 gen=$3
shift 3
mkdir -p "$out"
asof=2026-11-22
for seed in "$@"; do
  d="$out/$gen-$n-s$seed"
  [ -f "$d/eval.json" ] && continue
  rm -rf "$d" && mkdir -p "$d"
  start=$(date +%s)
  case "$gen" in
    world) python3 "$here/bench/worlds/world.py" --out "$d/data" --freelancers "$n" --seed "$seed" --as-of "$asof" ;;
    jss) "$here/jss" generate --out "$d/data" --freelancers "$n" --seed "$seed" --end-date "$asof" ;;
    *) echo "anomaly-eval: GENERATOR is world or jss, not $gen" >&2; exit 2 ;;
  esac > "$d/generate.log" 2>&1
  "$here/jss" ingest --source "$d/data" --format csv --lake "$d/lake" > "$d/ingest.log" 2>&1
  t1=$(date +%s)
  "$here/jss" nightly --lake "$d/lake" --as-of "$asof" --stages anomalies > "$d/nightly.log" 2>&1
  t2=$(date +%s)
  traps=()
  [ -f "$d/data/traps.csv" ] && traps=(--traps "$d/data/traps.csv")
  "$here/jss" evaluate --lake "$d/lake" --labels "$d/data/labels.csv" "${traps[@]}" > "$d/eval.txt" 2>/dev/null
  "$here/jss" evaluate --lake "$d/lake" --labels "$d/data/labels.csv" "${traps[@]}" --format json \
    > "$d/eval.json.part" 2>/dev/null
  mv "$d/eval.json.part" "$d/eval.json"
  echo "$gen $n seed $seed: generate+ingest $((t1 - start)) s, anomalies stage $((t2 - t1)) s" | tee "$d/times.txt"
done
python3 "$here/bench/worlds/summarize.py" "$out"/"$gen-$n"-s*/eval.json
