#!/usr/bin/env bash
# The same jar on a real Spark cluster: a Spark 4.1 standalone master and two workers on loopback, the
# cluster jar submitted to them (org.apache.spark.deploy.SparkSubmit, client mode, executors in their own
# JVMs launched by the workers), the bundled samples ingested and scored for the demo's two nights, and
# every table compared row for row with the same commands run in embedded local mode.
#   bench/cluster.sh [WORKDIR]        (default: target/cluster, under the repository)
# SPARK_HOME is laid out from Spark's own Maven artifacts (bench/cluster/pom.xml -> jars/, plus the
# RELEASE file that tells Spark's launcher to take its jars from there); nothing is downloaded from
# outside the package registries. Everything started is stopped on exit. Exit 0 when the lakes are equal.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
work="$(mkdir -p "${1:-target/cluster}" && cd "${1:-target/cluster}" && pwd)"
sh_home="$work/spark-home"
logs="$work/logs"
rm -rf "$work/lake-cluster" "$work/lake-local" "$logs" "$work/workers"
mkdir -p "$logs" "$sh_home/conf"
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' pom.xml)"
t0=$(date +%s)
say() { echo "cluster: [$(( $(date +%s) - t0 )) s] $*"; }

# 1. The jars: the local launcher's (for the local-mode reference and the comparison), the cluster jar,
#    and SPARK_HOME/jars.
./jss --help >/dev/null
mvn -B -q -Pcluster -DskipTests package -pl jobs
cluster_jar="$here/jobs/target/jss-jobs-0.1.0-SNAPSHOT-cluster.jar"
if [ ! -f "$sh_home/RELEASE" ]; then
  mvn -B -q -f bench/cluster/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$sh_home/jars" -DincludeScope=runtime
  echo "Spark $spark_version (jars from Maven Central for the jss cluster proof)" > "$sh_home/RELEASE"
fi
say "SPARK_HOME $sh_home ($(ls "$sh_home/jars" | wc -l) jars), cluster jar $(du -h "$cluster_jar" | cut -f1)"

# 2. Master and two workers on loopback, one core and 2 GB each.
export SPARK_HOME="$sh_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
master="spark://127.0.0.1:$port"
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all EXIT
daemon() { # name, class, args...
  local name=$1 cls=$2; shift 2
  # shellcheck disable=SC2086
  java -Xmx512m $flags -cp "$sh_home/conf:$sh_home/jars/*" -Dspark.master.rest.enabled=false \
    "$cls" "$@" > "$logs/$name.log" 2>&1 &
  pids+=($!)
}
wait_for() { # file, pattern, count, what
  for _ in $(seq 1 120); do
    [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ] && return 0
    sleep 1
  done
  echo "cluster: timed out waiting for $4 (see $1)" >&2
  exit 1
}
daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
wait_for "$logs/master.log" "I have been elected leader" 1 "the master"
for i in 1 2; do
  daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port 0 --webui-port 0 \
    --cores 1 --memory 2g --work-dir "$work/workers/$i" "$master"
done
wait_for "$logs/master.log" "Registering worker" 2 "two workers"
say "master $master, 2 workers registered"

# 3. The pipeline on the cluster: the driver here (client mode), one executor of one core per worker.
#    Lakes and source are file:// URIs, as a cluster's shared store would be (hdfs://, s3a://).
submit() { # log name, jss arguments...
  local name=$1; shift
  # shellcheck disable=SC2086
  java -Xmx2g $flags -cp "$sh_home/conf:$sh_home/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --deploy-mode client --class org.jss.cli.Main \
    --conf spark.executor.cores=1 --conf spark.executor.memory=1g --conf spark.cores.max=2 \
    "$cluster_jar" "$@" > "$logs/$name.out" 2> "$logs/$name.err" \
    || { echo "cluster: $name failed (exit $?), see $logs/$name.err" >&2; tail -20 "$logs/$name.err" >&2; exit 1; }
  say "$name: $(grep -v '^ *$' "$logs/$name.out" | tail -1)"
}
source_uri="file://$here/data-samples"
submit ingest-cluster ingest --source "$source_uri" --format csv --lake "file://$work/lake-cluster"
submit nightly-1-cluster nightly --lake "file://$work/lake-cluster" --as-of 2026-11-15
submit nightly-2-cluster nightly --lake "file://$work/lake-cluster" --as-of 2026-11-22
executors=$(find "$work/workers" -name stderr -path '*/app-*' | wc -l)
say "executors launched by the workers: $executors (separate JVMs; their logs under $work/workers)"
say "tasks run by the executors: $(cat "$work"/workers/*/app-*/*/stderr | grep -c "Got assigned task" || true)"
stop_all
trap - EXIT

# 4. The same commands in embedded local mode, then every table compared.
local_run() { # log name, jss arguments...
  local name=$1; shift
  ./jss "$@" > "$logs/$name.out" 2> "$logs/$name.err" \
    || { echo "cluster: $name failed, see $logs/$name.err" >&2; exit 1; }
  say "$name: $(grep -v '^ *$' "$logs/$name.out" | tail -1)"
}
local_run ingest-local ingest --source "$source_uri" --format csv --lake "file://$work/lake-local"
local_run nightly-1-local nightly --lake "file://$work/lake-local" --as-of 2026-11-15
local_run nightly-2-local nightly --lake "file://$work/lake-local" --as-of 2026-11-22
cp_file="jobs/target/jss-jobs-0.1.0-SNAPSHOT.jar:$(cat jobs/target/classpath.txt)"
# shellcheck disable=SC2086
java -Xmx2g $flags -cp "$cp_file" bench/CompareLakes.java "file://$work/lake-cluster" "file://$work/lake-local" \
  2> "$logs/compare.err" | tee "$work/compare.txt"
say "done: cluster and local lakes are equal"
