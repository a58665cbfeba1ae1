#!/usr/bin/env bash
# Times validating ingest against the floor of a plain read-and-write of the same files, whole process by
# whole process:
#   bench/ingest.sh FREELANCERS SEED WORKDIR [csv|parquet|none ...]
# For each format (default: csv parquet; none: the nightly delta alone): generate -> the floor (bench/IngestFloor.java: Spark's plain
# reader, then a Delta write, nothing else) -> `jss ingest` of the same files into a new lake. Then, from
# the CSV marketplace, a nightly delta: bench/SplitDelta.java cuts it in time into a history and the last
# 1% of rows; the history is ingested first (untimed; JSS_BENCH_HISTORY=load copies it from Parquet
# instead, below) and the delta is timed, beside the floor for the delta's files alone. Wall time and peak resident memory come from /usr/bin/time -v; the report is
# WORKDIR/ingest-report.md. Run it on a quiet machine. JSS_DRIVER_MEMORY sizes the JVMs (default 8g).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: bench/ingest.sh FREELANCERS SEED WORKDIR [csv|parquet|none ...]" >&2; exit 2; }
n=$1; seed=$2; work=$3; shift 3
formats=("$@"); [ ${#formats[@]} -gt 0 ] || formats=(csv parquet)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mkdir -p "$work/logs"
./jss --help >/dev/null 2>&1 # builds the jar first, outside the timings
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
cp="jobs/target/jss-jobs-0.1.0-SNAPSHOT.jar:$(cat jobs/target/classpath.txt)"
mem="${JSS_DRIVER_MEMORY:-8g}"

step() { # name, command...
  local name=$1; shift
  echo "$(date -u +%H:%M:%S) $name" >&2
  /usr/bin/time -v "$@" > "$work/logs/$name.out" 2> "$work/logs/$name.err"
}
wall() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/logs/$1.err"; }
secs() { wall "$1" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/logs/$1.err" | awk '{printf "%.2f GB", $1/1048576}'; }
rows() { # total rows read, from the ingest summary
  awk '$2 ~ /^(LOADED|REJECTED|SKIPPED)$/ { s += $3 } END { print s + 0 }' "$work/logs/$1.out"
}
line() { # label, ingest step, floor step
  local r; r=$(rows "$2")
  awk -v l="$1" -v r="$r" -v a="$(secs "$2")" -v b="$(secs "$3")" -v ra="$(rss "$2")" -v rb="$(rss "$3")" \
    'BEGIN { printf "| %s | %d | %.0f s | %d rows/s | %s | %.0f s | %d rows/s | %s | %.2fx |\n", l, r, a, r / a, ra, b, r / b, rb, a / b }'
}

for f in "${formats[@]}"; do
  [ "$f" != none ] || continue
  gen="$work/generated-$f"
  [ -d "$gen" ] || step "generate-$f" ./jss generate --out "$gen" --freelancers "$n" --seed "$seed" --format "$f"
  rm -rf "$work/floor-$f" "$work/lake-$f"
  # shellcheck disable=SC2086
  step "floor-$f" java -Xmx"$mem" $flags -cp "$cp" bench/IngestFloor.java "$gen" "$f" "$work/floor-$f"
  step "ingest-$f" ./jss ingest --source "$gen" --format "$f" --lake "$work/lake-$f"
done

# The nightly delta: the last 1% of the marketplace in time, as CSV, into a lake holding the rest. The
# history goes through validating ingest, or with JSS_BENCH_HISTORY=load (for sizes where a validating
# first load takes most of an hour here) is copied from Parquet by bench/LoadRaw.java, as ingest stores it.
rm -rf "$work/split" "$work/lake-delta" "$work/floor-delta"
if [ "${JSS_BENCH_HISTORY:-ingest}" = load ]; then
  gen="$work/generated-parquet"
  [ -d "$gen" ] || step generate-parquet ./jss generate --out "$gen" --freelancers "$n" --seed "$seed" --format parquet
  # shellcheck disable=SC2086
  step split java -Xmx"$mem" $flags -cp "$cp" bench/SplitDelta.java "$gen" 0.01 "$work/split"
  # shellcheck disable=SC2086
  step load-history java -Xmx"$mem" $flags -cp "$cp" bench/LoadRaw.java "$work/split/history" "$work/lake-delta"
  history="History loaded with bench/LoadRaw.java (no validation) before the delta in $(wall load-history)."
else
  gen="$work/generated-csv"
  [ -d "$gen" ] || step generate-csv ./jss generate --out "$gen" --freelancers "$n" --seed "$seed" --format csv
  # shellcheck disable=SC2086
  step split java -Xmx"$mem" $flags -cp "$cp" bench/SplitDelta.java "$gen" 0.01 "$work/split"
  step ingest-history ./jss ingest --source "$work/split/history" --format csv --lake "$work/lake-delta"
  history="History ingested before the delta: $(rows ingest-history) rows in $(wall ingest-history)."
fi
# shellcheck disable=SC2086
step floor-delta java -Xmx"$mem" $flags -cp "$cp" bench/IngestFloor.java "$work/split/delta" csv "$work/floor-delta"
step ingest-delta ./jss ingest --source "$work/split/delta" --format csv --lake "$work/lake-delta"

{
  echo "# Ingest benchmark: $n freelancers, seed $seed ($(date -u +%F), $(nproc) cores, commit $(git rev-parse --short HEAD))"
  echo
  echo "Whole-process wall time and peak RSS; the floor reads the same files with Spark's plain reader and"
  echo "writes them as Delta tables, nothing else."
  echo
  echo "| input | rows | ingest | ingest rate | ingest RSS | floor | floor rate | floor RSS | ingest / floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for f in "${formats[@]}"; do [ "$f" = none ] || line "first load, $f" "ingest-$f" "floor-$f"; done
  line "1% nightly delta (csv) into the other 99%" ingest-delta floor-delta
  echo
  echo "$history"
} > "$work/ingest-report.md"
cat "$work/ingest-report.md"
