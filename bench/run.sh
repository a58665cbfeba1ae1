#!/usr/bin/env bash
# Times the pipeline's heavy commands on a generated marketplace, whole process by whole process:
#   bench/run.sh FREELANCERS SEED WORKDIR
# Steps: generate (Parquet) -> load raw tables (bench/LoadRaw.java, no validation: see its comment) ->
# nightly --stages jss,inactive -> nightly --stages anomalies -> fees impact. Each step's wall time and peak
# resident memory come from /usr/bin/time -v; the report (WORKDIR/report.md) adds the rows each step read
# or wrote, from the lake's own _runs table and the loader's counts. Run it on a quiet machine: the numbers
# mean little when other work shares the cores. JSS_DRIVER_MEMORY sizes the JVM (default 8g);
# JSS_SHUFFLE_PARTITIONS overrides the config's shuffle partitions (32 suits 1,000,000 freelancers).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: bench/run.sh FREELANCERS SEED WORKDIR" >&2; exit 2; }
n=$1; seed=$2; work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
gen="$work/generated"; lake="$work/lake"; logs="$work/logs"
rm -rf "$gen" "$lake" "$logs"; mkdir -p "$logs"
./jss --help >/dev/null 2>&1 # builds the jar first, outside the timings
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
cp="jobs/target/jss-jobs-0.1.0-SNAPSHOT.jar:$(cat jobs/target/classpath.txt)"
asof=2026-11-22
spark=()
[ -z "${JSS_SHUFFLE_PARTITIONS:-}" ] || spark=(--conf "spark.sql.shuffle.partitions=$JSS_SHUFFLE_PARTITIONS")

step() { # name, command...
  local name=$1; shift
  echo "$(date -u +%H:%M:%S) $name: $(echo "$*" | cut -c1-120)" >&2
  /usr/bin/time -v "$@" > "$logs/$name.out" 2> "$logs/$name.err"
}
step generate ./jss generate --out "$gen" --freelancers "$n" --seed "$seed" --format parquet --end-date "$asof"
# shellcheck disable=SC2086
step load java -Xmx"${JSS_DRIVER_MEMORY:-8g}" $flags -cp "$cp" bench/LoadRaw.java "$gen" "$lake"
step jss_inactive ./jss nightly --lake "$lake" --as-of "$asof" --stages jss,inactive "${spark[@]}"
step anomalies ./jss nightly --lake "$lake" --as-of "$asof" --stages anomalies "${spark[@]}"
step fees ./jss fees impact --lake "$lake" --baseline sliding-2016 --proposal variable-2025 --as-of "$asof" "${spark[@]}"
./jss export --lake "$lake" --table _runs --format json --out "$logs/runs.json" >/dev/null 2>&1

{
  echo "# Benchmark: $n freelancers, seed $seed, as of $asof ($(date -u +%F), $(nproc) cores)"
  echo
  echo "| step | wall | peak RSS |"
  echo "|---|---:|---:|"
  for s in generate load jss_inactive anomalies fees; do
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$logs/$s.err")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$logs/$s.err")
    echo "| $s | $wall | $(awk -v k="$rss" 'BEGIN{printf "%.2f GB", k/1048576}') |"
  done
  echo
  echo "Rows loaded:"; echo; sed 's/^/    /' "$logs/load.out"
  echo; echo "Stages (from _runs: in-process stage time and rows written):"; echo
  python3 - "$logs/runs.json" <<'PY'
import json, sys
for r in sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda r: r["started_at"]):
    rows = ", ".join(f"{k} {v:,}" for k, v in (r.get("row_counts") or {}).items())
    print(f"    {r['command']} {r['stage']}: {r['duration_ms'] / 1000:.1f} s, {r['outcome']}; {rows}")
PY
} > "$work/report.md"
cat "$work/report.md"
