#!/usr/bin/env bash
# Kills `jss ingest` and `jss nightly` at stage boundaries, just after Delta commits and at random moments,
# checks what a reader sees at each kill, reruns the command and compares the lake with an uninterrupted
# run's (org.jss.faults.KillHarness, in the test tree, says exactly what is compared):
#   bench/kill-harness.sh FREELANCERS SEED WORKDIR [--boundaries N] [--commits N] [--random N]
# N kill points of each kind per command, spread over the run (1000: every one). Defaults: 3, 3, 2.
# The marketplace is `jss generate` CSV; the night is its last day. Writes WORKDIR/kill-report.txt and
# exits 1 on any mismatch. CI runs it small (.ci/run); at larger sizes it is a manual command.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: bench/kill-harness.sh FREELANCERS SEED WORKDIR [--boundaries N] [--commits N] [--random N]" >&2; exit 2; }
n=$1; seed=$2; work=$3; shift 3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
asof=2026-11-22
./jss --help >/dev/null 2>&1 # builds the jar first
mvn -B -q test-compile >&2
mkdir -p "$work"
work="$(cd "$work" && pwd)"
if [ "$(cat "$work/source.txt" 2>/dev/null)" != "$n $seed" ]; then
  rm -rf "$work/source"
  ./jss generate --out "$work/source" --freelancers "$n" --seed "$seed" --format csv --end-date "$asof" >&2
  echo "$n $seed" > "$work/source.txt"
fi
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
# The commands under test run from a copy of the jar, so that a rebuild meanwhile cannot change them.
rm -rf "$work/bin"; mkdir -p "$work/bin"
cp jobs/target/jss-jobs-0.1.0-SNAPSHOT.jar "$work/bin/jss.jar"
cp -r jobs/target/test-classes "$work/bin/test-classes"
deps="$(cat jobs/target/classpath.txt)"
jss="java -Xmx${JSS_DRIVER_MEMORY:-8g} $flags -cp $work/bin/jss.jar:$deps org.jss.cli.Main"
# shellcheck disable=SC2086
exec java -Xmx2g $flags -cp "$work/bin/test-classes:$work/bin/jss.jar:$deps" org.jss.faults.KillHarness \
  --jss "$jss" --source "$work/source" --as-of "$asof" --work "$work" "$@"
