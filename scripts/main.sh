#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build, then on Amazon Beauty
#   prepare -> train popularity + SASRec -> DST semantic IDs (attributes + SASRec's item table)
#   -> train HMAT on them -> evaluate (P1, history 20 and 50) -> report (markdown + PNG).
# configs/main.json: HMAT d 64 for 20 epochs, validation every 4th SASRec and every 10th HMAT epoch
# (what fits the main job in 30 minutes; the README's HMAT sections give the longer runs).
# Extra arguments go to `hisam pipeline` after these, e.g. --dataset movielens,
# --set sasrec.maxEpochs=2 --set hmat.maxEpochs=2 (a quick check), or --model flat (adds a model).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "using JDK at $JAVA_HOME" >&2
mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true package
RUN="runs/$(date +%Y%m%d-%H%M%S)"
bin/hisam pipeline --run "$RUN" --config configs/main.json \
  --model popularity --model sasrec --model hmat "$@"
echo "report: $RUN/report/report.md" >&2
