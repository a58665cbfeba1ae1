#!/usr/bin/env bash
# Load test of the review console and explanation service, as the README's "Review console" reports it:
# starts `jss serve` on LAKE (start-up timed from launch to the first answer, resident memory after
# loading and after the load), runs bench/ServeLoad.java over loopback (REQUESTS per route, CLIENTS at
# once), and beside it the way support got an explanation before: `jss explain` as a whole process.
#
#   bench/serve-load.sh LAKE DATE [REQUESTS] [CLIENTS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
lake=$1 date=$2 requests=${3:-10000} clients=${4:-4}
cd "$here"
./jss --version >/dev/null 2>&1
tmp="$(mktemp -d -t jss-serve-load.XXXXXX)"
port=18$((RANDOM % 900 + 100))
password="load-test-$(date +%s)-password"
echo "$password" | ./jss serve --reviewers "$tmp/reviewers.yaml" --add-reviewer bench >/dev/null
start=$(date +%s.%N)
./jss serve --lake "$lake" --as-of "$date" --port "$port" --reviewers "$tmp/reviewers.yaml" > "$tmp/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.2
done
ready=$(date +%s.%N)
java_pid=$(pgrep -P $pid java || echo $pid)
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$java_pid/status"; }
grep '^serve:' "$tmp/serve.log"
printf 'start-up (launch to first answer): %.1f s; resident memory after loading: %s\n' "$(echo "$ready - $start" | bc)" "$(rss)"
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
# shellcheck disable=SC2086
java $flags -cp "jobs/target/jss-jobs-0.1.0-SNAPSHOT.jar:$(cat jobs/target/classpath.txt)" bench/ServeLoad.java \
  "http://127.0.0.1:$port" "$lake" "$date" bench "$password" "$requests" "$clients" 2>/dev/null | tee "$tmp/load.txt"
echo "resident memory after the load: $(rss)"
kill $pid; wait $pid 2>/dev/null || true
# The peer: one explanation the way support got it before, a whole `jss explain` process (3 runs).
freelancer=$(sed -n 's/^sample freelancer: //p' "$tmp/load.txt")
for i in 1 2 3; do
  s=$(date +%s.%N)
  if ./jss explain --lake "$lake" --as-of "$date" --freelancer "$freelancer" --format json >/dev/null 2>"$tmp/explain.err"; then
    printf 'jss explain (whole process) run %d: %.2f s\n' "$i" "$(echo "$(date +%s.%N) - $s" | bc)"
  else
    echo "jss explain failed: $(tail -1 "$tmp/explain.err")"
  fi
done
