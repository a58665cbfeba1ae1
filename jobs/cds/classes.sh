#!/usr/bin/env bash
# Writes jobs/cds/classes.txt: the dependencies' classes (Spark, Delta, Hadoop, Parquet, ...) that the
# pipeline's commands load, from which ./jss builds its class-data-sharing archive (see ./jss). Run it after
# a dependency upgrade; a stale list is harmless (a class no longer there is skipped when the archive is made,
# a new one is loaded from its jar as before) but loses some of the start-up gain.
#
#   jobs/cds/classes.sh
#
# It runs, without an archive, what a user runs on a lake (the demo: ingest and two nightlies; an
# explanation; a fee what-if) with the JVM listing every class it loads, and keeps the dependencies' ones
# (the project's own classes change with every build and are loaded from its jar).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
tmp="$(mktemp -d -t jss-cds.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
export JSS_CDS=0
run() {
  local name="$1"; shift
  JAVA_OPTS="-XX:DumpLoadedClassList=$tmp/$name.lst" ./jss "$@" >"$tmp/$name.out" 2>&1 \
    || { cat "$tmp/$name.out" >&2; exit 1; }
}
run demo demo --lake "$tmp/lake"
# The freelancer with the most contracts in the samples: an explanation with every section.
freelancer="$(awk -F, 'NR > 1 { n[$2]++ } END { for (f in n) if (n[f] > best) { best = n[f]; id = f } print id }' \
  data-samples/contracts.csv)"
run explain explain --lake "$tmp/lake" --freelancer "$freelancer" --as-of 2026-11-22
run fees fees impact --lake "$tmp/lake" --baseline flat-10-2023 --proposal variable-2025 --as-of 2026-11-22
# Header comments out, the project's classes and lambdas out, each line once in first-seen order.
cat "$tmp"/*.lst | grep -v '^#' | grep -v -E 'org[/.]jss[/.]' | awk '!seen[$0]++' >"$here/classes.txt.tmp"
mv "$here/classes.txt.tmp" "$here/classes.txt"
echo "jobs/cds/classes.txt: $(wc -l <"$here/classes.txt") entries" >&2
