#!/usr/bin/env bash
# Launcher for the trust-scoring pipeline in embedded local mode.
# Builds the project on first use (or when sources changed), then runs `jss <command> ...` on the JVM with
# the module flags Spark needs on Java 17 (read from pom.xml, declared there once for Surefire too).
# Environment: JSS_DRIVER_MEMORY (default 8g) sizes the local driver; JAVA_OPTS adds JVM options.
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
mem="${JSS_DRIVER_MEMORY:-8g}"
# Out of heap, the JVM says what to set and exits (status 3) at once, rather than leaving Spark waiting on
# task threads that died; whatever the run had committed stays whole (README, "Crashes").
oom="echo 'jss: out of memory with JSS_DRIVER_MEMORY=$mem: set JSS_DRIVER_MEMORY higher and run the same command again' >&2"
# shellcheck disable=SC2086
exec java -Xmx"$mem" -XX:+ExitOnOutOfMemoryError "-XX:OnOutOfMemoryError=$oom" $flags ${JAVA_OPTS:-} \
  -cp "$jar:$(cat "$cpfile")" org.jss.cli.Main "$@"
