#!/usr/bin/env bash
# Runs the test suite: unit + smoke tiers by default; `scripts/test.sh -Pslow` runs the real-data tier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
echo "using JDK at $JAVA_HOME" >&2
bash scripts/fetch-image-model.sh
exec mvn -B -ntp verify "$@"
