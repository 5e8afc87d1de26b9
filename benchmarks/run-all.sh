#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md one after the other, never side by side (the machine has 2
# cores), and builds the results table from their ROW lines. From a clean build:
#   mvn -q -pl benchmarks -am package -DskipTests
#   benchmarks/run-all.sh                       # 20-30 minutes on a quiet machine
# Writes benchmarks/target/results/: <block>.txt (each block's output), blocks.tsv (block, exit
# status, seconds, command), machine.txt, load.txt (load average every 30 s) and results.md (the
# machine line and the table, built by ResultsTable). A block that fails or prints no ROW line gets
# a failed row (ROW | id | what | failed: reason | ...) and the run goes on.
#
# RUN_ALL_ONLY=alert-latency,state-formats picks blocks by name; RUN_ALL_BLOCK_TIMEOUT (seconds,
# default 1800) bounds each block.
#
# Adding a block: `block NAME TARGET-ID WHAT 'COMMAND'`, the command in single quotes, run from the
# repository's root with bash -c; "$jar" is the benchmarks jar and "$out" the results directory.
# It must print ROW lines on stdout (BENCHMARKS.md, "Reproduce"). The command as a reader types it
# (with "$jar" and "$out" spelled out) goes into the table beside each of its rows.
# The blocks' commands are in single quotes on purpose: bash -c expands them, the table shows them.
# shellcheck disable=SC2016
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
built=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
block_timeout="${RUN_ALL_BLOCK_TIMEOUT:-1800}"
load_every=30
rebuild="mvn -q -pl benchmarks -am package -DskipTests"

# The jar must exist and be newer than every source and pom it is built from, or the table would
# name a commit whose code it did not measure.
if [ ! -f "$built" ] || [ ! -d benchmarks/target/lib ]; then
  echo "run-all.sh: no $built (or its lib/): build first: $rebuild" >&2
  exit 1
fi
newer="$(find . \( -name node_modules -o -name target -o -name .git \) -prune -o \
  \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$built" -print -quit)"
if [ -n "$newer" ]; then
  echo "run-all.sh: $built is older than ${newer#./}: rebuild: $rebuild" >&2
  exit 1
fi

# Run from a copy, so that a build in this checkout cannot replace the jar under a running block.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/backstride-run-all.XXXXXX")"
cp -r "$built" benchmarks/target/lib "$run_dir/"
jar="$run_dir/benchmarks.jar"
export jar out

rm -rf "$out"
mkdir -p "$out"
sampler=""
running=""
cleanup() {
  # timeout runs each block in a process group of its own, out of reach of a Ctrl-C: stop it here
  # (timeout passes the signal on to the whole block)
  if [ -n "$running" ]; then kill -TERM "$running" 2>/dev/null || true; fi
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

load() { cut -d' ' -f1-3 /proc/loadavg; }
dirty=no
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=yes; fi
{
  echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "dirty $dirty"
  echo "cores $(nproc)"
  echo "java $(java -version 2>&1 | head -1)"
  echo "load-start $(load)"
  echo "load-every $load_every"
  if [ -n "${RUN_ALL_ONLY:-}" ]; then echo "only $RUN_ALL_ONLY"; fi
} | tee "$out/machine.txt"
(
  while :; do
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(load)"
    sleep "$load_every"
  done
) >"$out/load.txt" &
sampler=$!

started=$SECONDS
ran=","
# block NAME TARGET-ID WHAT COMMAND: runs COMMAND into $out/NAME.txt; see the top of the file.
block() {
  local name=$1 id=$2 what=$3 cmd=$4
  if [ -n "${RUN_ALL_ONLY:-}" ] && [[ ",$RUN_ALL_ONLY," != *",$name,"* ]]; then
    return 0
  fi
  ran="$ran$name,"
  local shown=${cmd//\"\$jar\"/$built}
  shown=${shown//\"\$out\"/$out}
  echo "=== $name ($(date -u +%H:%M:%S), load $(load)): $shown"
  local t0=$SECONDS rc
  # in the background so that a signal's trap runs at once rather than after the block
  : >"$out/$name.txt"
  timeout --kill-after=30 "$block_timeout" bash -c "$cmd" >"$out/$name.txt" 2>&1 </dev/null &
  running=$!
  tail -n +1 -f --pid="$running" "$out/$name.txt" &
  local follower=$!
  set +e
  wait "$running"
  rc=$?
  set -e
  running=""
  wait "$follower" || true
  local reason=""
  if [ "$rc" -eq 124 ]; then
    reason="timed out after ${block_timeout} s"
  elif [ "$rc" -eq 137 ]; then
    reason="killed by SIGKILL (still running 30 s after the ${block_timeout} s timeout, or out of memory)"
  elif [ "$rc" -ne 0 ]; then
    # the last line that says something: not a stack frame, not blank
    reason="exit $rc ($(grep -Ev '^[[:space:]]*($|at |\.\.\. [0-9]+ more|Caused by: *$)' \
      "$out/$name.txt" | tail -1 | tr '\t' ' ' | cut -c1-160))"
  elif ! grep -q '^ROW |' "$out/$name.txt"; then
    reason="printed no ROW line"
  fi
  if [ -n "$reason" ]; then
    # a block cut off mid-line (a timeout) must not swallow the row into its last line
    if [ -s "$out/$name.txt" ] && [ -n "$(tail -c1 "$out/$name.txt")" ]; then
      echo | tee -a "$out/$name.txt"
    fi
    echo "ROW | $id | $what | failed: ${reason//|//} | - | - | - | no" | tee -a "$out/$name.txt"
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$((SECONDS - t0))" "$shown" >>"$out/blocks.tsv"
}

# Blocks run one at a time in this order; the heaviest (the 1,000- and 10,000-athlete topology
# runs, the alert latency) never share the cores with another block.

# 15.2: reading files, JMH, then the medians and ratios of its JSON.
block parse 15.2 "reading files (ParseBenchmark)" \
  'java -jar "$jar" ParseBenchmark -f 1 -wi 3 -i 4 -w 2 -r 2 -rf json -rff "$out"/parse.json && java -cp "$jar" io.backstride.benchmarks.JmhMedians "$out"/parse.json'

# 15.1: ingest's own threads' CPU per upload against the parser's, per format.
block ingest-cpu 15.1 "ingest CPU per upload (IngestCpu)" \
  'java -cp "$jar" io.backstride.benchmarks.IngestCpu 9 30 15'

# 15.5: the training-load topology against a plain consumer, 10,000 athletes x 12 weeks. (The
# earlier sizes, 20, 60 and 1,000 athletes, and IngestThroughput's end-to-end rate answer no target
# any more; their commands are in their sections.)
# After the topology the round runs its floor twice (a Streams application with the same settings,
# one state read and write per batch, nothing forwarded; exactly_once_v2, then at_least_once): the
# ROW lines beside 15.5's say what the floor reaches against the plain consumer and the topology
# against the floor.
block topology-10000 15.5 "topology, 10,000 athletes x 12 weeks (TopologyThroughput)" \
  'java -Xmx4g -cp "$jar" io.backstride.benchmarks.TopologyThroughput 10000 12 200 1'

# 15.5, where the topology's time goes: one run after an uncounted one under a JFR recording, its
# stream thread's execution samples by stage (StreamThreadProfile); deep stacks, or the processor
# frames are cut off.
block topology-profile 15.5 "topology stream thread by stage (TopologyThroughput profile)" \
  'java -Xmx3g -XX:FlightRecorderOptions:stackdepth=256 -cp "$jar" io.backstride.benchmarks.TopologyThroughput profile 2000 12 200'

# earlier (issue 12): state per athlete <= 4 KB; and the state stores' format.
block state-formats earlier "state per athlete (StateFormatBenchmark)" \
  'java -Xmx1g -cp "$jar" io.backstride.benchmarks.StateFormatBenchmark 15 200'

# 15.3: from the 202 to the alert on the topic, and to the email.
block alert-latency 15.3 "time to an alert (AlertLatency)" \
  'java -cp "$jar" io.backstride.benchmarks.AlertLatency 140 2 1000 100'

# The other targets' blocks follow here, one each.

# 15.6: `./backstride demo`'s second run, with where the time goes (through the launcher, which
# builds cli/target/backstride.jar if needed and makes its class-data archive).
block demo-startup 15.6 "demo start-up (demo-startup.sh)" \
  'benchmarks/demo-startup.sh 3'

# 11.6: restart after kill -9 with data: ingest accepting, and the whole service ready.
block restart 11.6 "restart after kill -9 (restart-after-kill.sh)" \
  'benchmarks/restart-after-kill.sh 3'

# 15.4: a generated 5-year, 1,000-file export through `backstride import` into a running stack and
# through `analyze`, beside parse-only of the same files; analyze of a 4-file folder with where its
# time goes.
block history 15.4 "a whole history (HistoryImport)" \
  'java -cp "$jar" io.backstride.benchmarks.HistoryImport 1000 2 1 3 1'

# 15.5 failover: kill -9 of the training-load process owning an athlete, time until the other
# serves its trends; standby replicas 1 and 0, 2 rounds each.
block failover 15.5-failover "failover after kill -9 (FailoverTime)" \
  'java -cp "$jar" io.backstride.benchmarks.FailoverTime 500 12 60 2'

# 15.5 linear: 1,000 / 10,000 / 100,000 athletes x 2 weeks with 20-sample runs in one JVM, one
# round each (660,000 activities in all), to show the cost per sample and the state per athlete
# stay the same. Last, as the longest: 9.9 min at load 25-50 (2 Dec 2026), a few on a quiet machine.
block topology-scale 15.5 "topology at 1,000 / 10,000 / 100,000 athletes (TopologyThroughput scale)" \
  'java -Xmx6g -cp "$jar" io.backstride.benchmarks.TopologyThroughput scale 1000,10000,100000 2 20'

{
  echo "finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load-end $(load)"
} | tee -a "$out/machine.txt"
kill "$sampler" 2>/dev/null || true
sampler=""
if [ -n "${RUN_ALL_ONLY:-}" ]; then
  IFS=, read -ra wanted <<<"$RUN_ALL_ONLY"
  for name in "${wanted[@]}"; do
    if [[ "$ran" != *",$name,"* ]]; then
      echo "run-all.sh: RUN_ALL_ONLY names no block '$name'" >&2
    fi
  done
fi
java -cp "$jar" io.backstride.benchmarks.ResultsTable "$out" >/dev/null
elapsed=$((SECONDS - started))
echo
cat "$out/results.md"
echo
echo "total $((elapsed / 60)) min $((elapsed % 60)) s; the table is in $out/results.md"
