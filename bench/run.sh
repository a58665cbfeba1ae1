#!/usr/bin/env bash
# Times the pipeline's heavy commands on a generated marketplace, whole process by whole process, side by
# side with an independent DuckDB implementation of the same JSS policy (bench/DuckJss.java):
#   bench/run.sh FREELANCERS SEED WORKDIR
# Steps: generate (Parquet) -> load raw tables (bench/LoadRaw.java, no validation: see its comment) ->
# nightly (jss, inactive, anomalies) -> nightly --stages jss alone -> DuckDB JSS over the same Parquet
# files -> fees impact; then every freelancer's jss (to 1e-9), jss_display and window are compared
# between Spark and DuckDB, and the run fails when one differs. Each step's wall time and peak resident
# memory come from /usr/bin/time -v; the report (WORKDIR/report.md) adds the rows each step read or
# wrote, from the lake's own _runs table and the loader's counts. Run it on a quiet machine: the numbers
# mean little when other work shares the cores. JSS_DRIVER_MEMORY sizes the JVM (default 8g);
# JSS_SHUFFLE_PARTITIONS overrides the config's shuffle partitions (32 suits 1,000,000 freelancers).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: bench/run.sh FREELANCERS SEED WORKDIR" >&2; exit 2; }
n=$1; seed=$2; work=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
gen="$work/generated"; lake="$work/lake"; logs="$work/logs"
# JSS_BENCH_REUSE=1 keeps the generated files and raw tables of an earlier run with the same size and
# seed (generating and loading 1,000,000 freelancers takes ~20 minutes) and drops only what scoring wrote.
reuse=0
if [ "${JSS_BENCH_REUSE:-0}" = 1 ] && [ "$(cat "$work/input.txt" 2>/dev/null)" = "$n $seed" ]; then
  reuse=1; rm -rf "$lake/scored" "$lake/_runs" "$logs"
else
  rm -rf "$gen" "$lake" "$logs" "$work/input.txt"
fi
mkdir -p "$logs"
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
if [ $reuse = 0 ]; then
  step generate ./jss generate --out "$gen" --freelancers "$n" --seed "$seed" --format parquet --end-date "$asof"
  # shellcheck disable=SC2086
  step load java -Xmx"${JSS_DRIVER_MEMORY:-8g}" $flags -cp "$cp" bench/LoadRaw.java "$gen" "$lake"
  echo "$n $seed" > "$work/input.txt"
fi
duck_version=1.4.4.0
duck_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duck_version/duckdb_jdbc-$duck_version.jar"
[ -f "$duck_jar" ] || mvn -B -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$duck_version" >&2
step nightly ./jss nightly --lake "$lake" --as-of "$asof" "${spark[@]}"
step jss ./jss nightly --lake "$lake" --as-of "$asof" --stages jss "${spark[@]}"
step duckdb_jss java -Xmx"${JSS_DRIVER_MEMORY:-8g}" -cp "$duck_jar" bench/DuckJss.java "$gen" "$asof" "$work/duckdb-jss.csv" 2
step fees ./jss fees impact --lake "$lake" --baseline sliding-2016 --proposal variable-2025 --as-of "$asof" "${spark[@]}"
./jss export --lake "$lake" --table _runs --format json --out "$logs/runs.json" >/dev/null 2>&1
./jss export --lake "$lake" --table jss_scores --as-of "$asof" --format csv --out "$work/spark-jss.csv" >/dev/null 2>&1

{
  echo "# Benchmark: $n freelancers, seed $seed, as of $asof ($(date -u +%F), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- jobs bench || echo '+changes'))"
  echo
  echo "| step | wall | peak RSS |"
  echo "|---|---:|---:|"
  for s in generate load nightly jss duckdb_jss fees; do
    [ -f "$logs/$s.err" ] || { echo "| $s | reused from an earlier run | |"; continue; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$logs/$s.err")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$logs/$s.err")
    echo "| $s | $wall | $(awk -v k="$rss" 'BEGIN{printf "%.2f GB", k/1048576}') |"
  done
  echo
  [ ! -f "$logs/load.out" ] || { echo "Rows loaded:"; echo; sed 's/^/    /' "$logs/load.out"; }
  echo; sed 's/^/    /' "$logs/duckdb_jss.out"
  echo; echo "Stages (from _runs: in-process stage time and rows written):"; echo
  python3 - "$logs/runs.json" <<'PY'
import json, sys
for r in sorted((json.loads(l) for l in open(sys.argv[1])), key=lambda r: r["started_at"]):
    if r["outcome"] == "STARTED":  # a run's first row: its plan, no work of its own
        continue
    rows = ", ".join(f"{k} {v:,}" for k, v in (r.get("row_counts") or {}).items())
    print(f"    {r['command']} {r['stage']}: {r['duration_ms'] / 1000:.1f} s, {r['outcome']}; {rows}")
PY
} > "$work/report.md"
cat "$work/report.md"
python3 - "$work/spark-jss.csv" "$work/duckdb-jss.csv" <<'PY' | tee -a "$work/report.md"
import csv, sys
def rows(path):
    return {r["freelancer_id"]: r for r in csv.DictReader(open(path))}
spark, duck = rows(sys.argv[1]), rows(sys.argv[2])
bad = sorted(set(spark) ^ set(duck))
for f in set(spark) & set(duck):
    a, b = spark[f], duck[f]
    same = (a["jss"] == "") == (b["jss"] == "") and (a["jss"] == "" or abs(float(a["jss"]) - float(b["jss"])) <= 1e-9)
    same = same and (a["jss_display"] or "") == (b["jss_display"] or "") and (a["window_months"] or "") == (b["window_months"] or "")
    if not same:
        bad.append(f)
print(f"\nSpark and DuckDB: {len(spark):,} and {len(duck):,} freelancers scored, {len(bad)} differing"
      + (": " + ", ".join(sorted(bad)[:10]) if bad else " (jss to 1e-9, jss_display, window_months)"))
sys.exit(1 if bad else 0)
PY
