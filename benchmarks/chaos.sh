#!/usr/bin/env bash
# Breaks the pipeline on purpose and prints what survived (RELIABILITY.md): three in-process
# brokers on 127.0.0.1, ingest, two training-load instances and alerts as separate JVMs, and rounds
# of killed brokers and a killed training-load instance. Bounded: stops by itself within 30 min.
# Build first:  mvn -q -pl benchmarks -am package -DskipTests
#   benchmarks/chaos.sh [repeats 1-5, default 1] [timeout per wait in seconds, default 180]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p target/results
java -Xmx1g -cp target/benchmarks.jar io.backstride.benchmarks.chaos.ChaosHarness "$@" \
  2> target/results/chaos.log | tee target/results/chaos.txt
