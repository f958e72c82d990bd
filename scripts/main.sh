#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build, then on Amazon Beauty
#   prepare -> train popularity + SASRec -> evaluate (P1, history 20 and 50) -> report (markdown + PNG).
# Extra arguments go to `hisam pipeline` (e.g. --dataset yelp, --set sasrec.model.dim=128).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "using JDK at $JAVA_HOME" >&2
mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true package
RUN="runs/$(date +%Y%m%d-%H%M%S)"
bin/hisam pipeline --run "$RUN" "$@"
echo "report: $RUN/report/report.md" >&2
