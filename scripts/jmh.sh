#!/usr/bin/env bash
# JMH benchmarks of the kernels (attention, dropout). Builds the jmh module once, then passes its
# arguments to JMH, e.g.:
#   scripts/jmh.sh                        # every benchmark (about 4 minutes on 2 cores)
#   scripts/jmh.sh Dropout                # one class
#   scripts/jmh.sh Attention -p items=200 # one parameter value
#   scripts/jmh.sh -h                     # JMH's own options
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
source "$HERE/scripts/jdk.sh"
JAR="$HERE/jmh/target/hisam-jmh.jar"
if [ ! -f "$JAR" ] || [ -n "${HISAM_REBUILD:-}" ]; then
  echo "building the benchmarks (first run; about a minute)..." >&2
  (cd "$HERE" && mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true -pl jmh -am package) >&2
fi
# the same native settings as bin/hisam: one malloc arena, 2 intra-op threads, offline DJL
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
exec "$JAVA_HOME/bin/java" -Dai.djl.offline=true -jar "$JAR" \
  -jvmArgsAppend "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=${HISAM_THREADS:-2} -Dai.djl.pytorch.num_interop_threads=1 --enable-native-access=ALL-UNNAMED" \
  "$@"
