#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md one after the other, never side by side (the machine has 2
# cores), and keeps the output in benchmarks/target/results/. Build first:
#   mvn -q -pl benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
jar=target/benchmarks.jar
out=target/results
mkdir -p "$out"
{
  date -u +"started %Y-%m-%dT%H:%M:%SZ"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cores $(nproc); $(java -version 2>&1 | head -1); load$(uptime | sed 's/.*load/ load/')"
} | tee "$out/machine.txt"

java -jar "$jar" ParseBenchmark -f 1 -wi 2 -i 5 -w 2 -r 2 -rf json -rff "$out/parse.json" \
  | tee "$out/parse.txt"
java -cp "$jar" io.backstride.benchmarks.JmhMedians "$out/parse.json" | tee "$out/parse-medians.md"

java -cp "$jar" io.backstride.benchmarks.IngestThroughput 40 9 4 5000 | tee "$out/ingest.txt"

java -cp "$jar" io.backstride.benchmarks.TopologyThroughput 20 12 2600 5 | tee "$out/topology-20.txt"
java -cp "$jar" io.backstride.benchmarks.TopologyThroughput 60 12 2600 3 | tee "$out/topology-60.txt"
java -Xmx4g -cp "$jar" io.backstride.benchmarks.TopologyThroughput 1000 12 2600 1 \
  | tee "$out/topology-1000.txt"
java -Xmx4g -cp "$jar" io.backstride.benchmarks.TopologyThroughput 10000 12 200 1 \
  | tee "$out/topology-10000.txt"
java -Xmx1g -cp "$jar" io.backstride.benchmarks.StateFormatBenchmark 15 200 | tee "$out/state-formats.txt"
java -cp "$jar" io.backstride.benchmarks.AlertLatency 140 3 1000 100 | tee "$out/alert-latency.txt"
# issue 15, target 6: `./backstride demo`'s second run <= 12 s, with where the time goes (through
# the launcher, which builds cli/target/backstride.jar if needed and makes its class-data archive)
./demo-startup.sh 3 | tee "$out/demo-startup.txt"
# issue 11, finding 6: restart after kill -9 with data: ingest accepting <= 5 s, ready <= 15 s
./restart-after-kill.sh 5 | tee "$out/restart-after-kill.txt"
{
  date -u +"finished %Y-%m-%dT%H:%M:%SZ"
  echo "load$(uptime | sed 's/.*load/ load/')"
} | tee -a "$out/machine.txt"
