#!/usr/bin/env bash
# Launcher for the trust-scoring pipeline in embedded local mode.
# Builds the project on first use (or when sources changed), then runs `jss <command> ...` on the JVM with
# the module flags Spark needs on Java 17 (read from pom.xml, declared there once for Surefire too).
# Environment: JSS_DRIVER_MEMORY (default 8g) sizes the local driver; JAVA_OPTS adds JVM options; JSS_CDS=0
# starts without the class-data archive described below; JSS_JIT=quick|full chooses the JIT (below).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
target="jobs/target"
jar="$target/jss-jobs-0.1.0-SNAPSHOT.jar"
cpfile="$target/classpath.txt"

needs_build() {
  [ -f "$jar" ] && [ -f "$cpfile" ] || return 0
  [ -n "$(find jobs/src/main pom.xml jobs/pom.xml -newer "$jar" -type f -print -quit)" ]
}

if needs_build; then
  echo "jss: building the project (first run or sources changed)..." >&2
  mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile="$here/$cpfile" >&2
fi

flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)"

# Class-data sharing. Every command starts a JVM that loads ~20,000 classes of Spark, Delta and Hadoop from
# ~240 jars, parsing and verifying each: on a small lake that is a third of a command's time. The JVM can
# instead map them, already parsed and verified, from an archive made once: fees impact on the demo lake
# went from 33-34 s to 22-23 s whole process. The archive holds the dependencies only (the classes
# jobs/cds/classes.txt lists, made by jobs/cds/classes.sh), so rebuilding the project keeps it; it is made
# again when the dependencies, their jar files or the JVM change (about a minute, once). The project's jar
# comes after the dependencies on the class path, as the archive requires (no resource name is in both).
cds=()
if [ "${JSS_CDS:-1}" != 0 ] && [ -f jobs/cds/classes.txt ]; then
  key="$( { java -version 2>&1; cat "$cpfile"; tr ':' '\n' <"$cpfile" | xargs -r stat -c '%n %s %Y'
            cat jobs/cds/classes.txt; } | sha1sum | cut -c1-16)"
  archive="$target/cds/deps-$key.jsa"
  if [ ! -f "$archive" ]; then
    echo "jss: making the class-data archive of the dependencies (once after they change, about a minute)..." >&2
    mkdir -p "$target/cds"
    rm -f "$target"/cds/deps-*.jsa
    # shellcheck disable=SC2086
    if java -Xshare:dump -XX:SharedClassListFile=jobs/cds/classes.txt -XX:SharedArchiveFile="$archive.$$" \
        $flags -cp "$(cat "$cpfile")" >"$target/cds/dump.log" 2>&1; then
      mv -f "$archive.$$" "$archive"
    else
      rm -f "$archive.$$"
      echo "jss: could not make it (see $target/cds/dump.log); starting without it" >&2
    fi
  fi
  [ -f "$archive" ] && cds=(-XX:SharedArchiveFile="$archive")
fi

# The JIT. On a small lake a command is mostly one-off work (planning, Delta's log, code run a few thousand
# times), and the optimising compiler's work on it is not paid back: with only the first, quick compiler
# (-XX:TieredStopAtLevel=1) fees impact on the demo lake took 14-16 s instead of 20-21 s and half the CPU.
# On a large lake the same code runs over millions of rows and the optimising compiler is worth its cost
# (computing the 100,000-freelancer facts: 17-19 s with it, 28-30 s without). So the quick compiler only
# for the demo and for runs whose lake is a local folder (--lake, else the config's lake:) whose raw tables,
# with an ingest's --source, hold less than the config's spark.small_lake_mb, the threshold under which
# the run also uses Spark's small-lake settings. JSS_JIT=quick or full decides instead.
small_run() {
  local cmd="${1:-}" config="conf/pipeline.yaml" lake="" source="" prev="" a
  case "$cmd" in
    demo) return 0 ;;
    serve | generate | "") return 1 ;;
  esac
  for a in "$@"; do
    case "$prev" in --lake) lake="$a" ;; --source) source="$a" ;; --config) config="$a" ;; esac
    case "$a" in --lake=*) lake="${a#--lake=}" ;; --source=*) source="${a#--source=}" ;; --config=*) config="${a#--config=}" ;; esac
    prev="$a"
  done
  if [ -z "$lake" ] && [ -f "$config" ]; then
    lake="$(sed -n 's/^lake:[[:space:]]*\([^#[:space:]]*\).*/\1/p' "$config" | tr -d "\"'")"
  fi
  local mb=""
  [ -f "$config" ] && mb="$(sed -n 's/^[[:space:]]*small_lake_mb:[[:space:]]*\([0-9]*\).*/\1/p' "$config" | head -1)"
  mb="${mb:-32}" # the built-in default when the config does not set it
  [ -n "$lake" ] && [ "$mb" -gt 0 ] || return 1
  case "$lake" in *://*) return 1 ;; esac
  local kb=0
  [ -d "$lake/raw" ] && kb="$(du -sk "$lake/raw" | cut -f1)"
  [ -n "$source" ] && [ -e "$source" ] && kb=$((kb + $(du -sk "$source" | cut -f1)))
  [ "$kb" -lt $((mb * 1024)) ]
}
jit=()
case "${JSS_JIT:-auto}" in
  quick) jit=(-XX:TieredStopAtLevel=1) ;;
  full) ;;
  *) if small_run "$@"; then jit=(-XX:TieredStopAtLevel=1); fi ;;
esac

mem="${JSS_DRIVER_MEMORY:-8g}"
# Out of heap, the JVM says what to set and exits (status 3) at once, rather than leaving Spark waiting on
# task threads that died; whatever the run had committed stays whole (README, "Crashes").
oom="echo 'jss: out of memory with JSS_DRIVER_MEMORY=$mem: set JSS_DRIVER_MEMORY higher and run the same command again' >&2"
# shellcheck disable=SC2086
exec java -Xmx"$mem" -XX:+ExitOnOutOfMemoryError "-XX:OnOutOfMemoryError=$oom" $flags \
  ${cds[@]+"${cds[@]}"} ${jit[@]+"${jit[@]}"} ${JAVA_OPTS:-} -cp "$(cat "$cpfile"):$jar" org.jss.cli.Main "$@"
