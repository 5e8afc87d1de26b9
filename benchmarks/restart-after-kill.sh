#!/usr/bin/env bash
# Restart after kill -9 (RELIABILITY.md): starts `backstride run` on a data directory of its own,
# uploads the sample files, kills the JVM with SIGKILL, starts it again on the same directory and
# measures, from the second start:
#   ingest  until GET /health of the ingest API answers 200
#   ready   until the run prints its "backstride run: ready" line (every stage running)
# repeated N times (default 5) on the one directory, so that each restart finds the data of the ones
# before it. Loopback only, on ports of its own (19092, 18081, 18080, 18082, 18083, 18084,
# 12525), so it can run beside a `backstride run` on the defaults. Run by hand, not part of `mvn verify`. Build first:
#   ./backstride help        (or mvn -q -pl cli -am package -DskipTests)
#   benchmarks/restart-after-kill.sh [repetitions]
# The runs start through the launcher (./backstride run), as a user starts them, with its JVM
# options and class-data archive; a `backstride demo` first makes the archive if there is none (a
# run killed with -9 never writes one). The launcher keeps its pid file in .backstride/run.pid of
# this checkout: do not run this beside a `backstride run` of the same checkout.
# BACKSTRIDE_JAR runs another build (e.g. a copy of an older one) with plain `java -jar` instead;
# READY_PATTERN changes what counts as the ready line (an older build has no such line:
# 'backstride is running'). At the end it prints the ROW lines of issue 11, finding 6, that
# run-all.sh reads.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${BACKSTRIDE_JAR:-$here/cli/target/backstride.jar}"
launcher=""
[ -n "${BACKSTRIDE_JAR:-}" ] || launcher="$here/backstride"
reps="${1:-5}"
ready_pattern="${READY_PATTERN:-^backstride run: ready}"
samples="${SAMPLES:-/work/shared/samples}"
kafka_port=19092 registry_port=18081 ingest_port=18080 trends_port=18082 smtp_port=12525
# the athlete pages and the alerts service's health: on their defaults (8083, 8084) a demo or run
# elsewhere on the machine made a restart die on a taken port
pages_port=18083 alerts_port=18084
ingest="http://127.0.0.1:$ingest_port"
[ -f "$jar" ] || { echo "no $jar: build first (./backstride help)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/backstride-restart.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# start LOG: the run in the background, its pid in $pid
start() {
  local cmd=(java ${RESTART_JAVA_OPTS:-} -jar "$jar")
  # the launcher takes its own JVM options and RESTART_JAVA_OPTS after them
  [ -z "$launcher" ] || cmd=(env "BACKSTRIDE_JAVA_OPTS=${RESTART_JAVA_OPTS:-}" "$launcher")
  # exec: $pid is the JVM itself (the launcher execs java), so that kill -9 hits it
  BACKSTRIDE_INGEST_PORT=$ingest_port "${cmd[@]}" run \
    --kafka-port $kafka_port --registry-port $registry_port --trends-port $trends_port \
    --smtp-port $smtp_port --pages-port $pages_port --alerts-port $alerts_port \
    --data-dir "$work/data" --outbox "$work/outbox" >"$1" 2>&1 &
  pid=$!
}

ingest_up() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$ingest/health" || true)" = 200 ]
}

# wait_until DEADLINE_MS CONDITION...: polls every 50 ms; fails when the run died or time ran out
wait_until() {
  local deadline=$1
  shift
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || { echo "the run died; its log: $log" >&2; exit 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "timed out: $*; log: $log" >&2; exit 1; }
    sleep 0.05
  done
}

ready_line() { grep -qE "$ready_pattern" "$log" 2>/dev/null; }

upload_samples() {
  local athlete=$1 f code
  for f in "$samples"/*.gpx "$samples"/*.tcx "$samples"/*.fit; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST \
      -H 'Content-Type: application/octet-stream' --data-binary @"$f" \
      "$ingest/v1/athletes/$athlete/activities")"
    case "$code" in 2??) ;; *) echo "upload of $f answered $code" >&2; exit 1 ;; esac
  done
}

# median and range of the numbers (ms) given, printed in seconds
summary() {
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "median %.1f s, range %.1f-%.1f s (n=%d)\n", m/1000, v[1]/1000, v[NR]/1000, NR }'
}

echo "restart after kill -9: $reps repetitions, data in $work"
if [ -n "$launcher" ]; then
  # a demo makes the launcher's class-data archive when it is missing or stale; the next start
  # (here --version) checks and installs it
  "$launcher" demo --outbox "$work/demo-outbox" >"$work/demo.log" 2>&1 ||
    { echo "the warm-up demo failed; its log: $work/demo.log" >&2; exit 1; }
  "$launcher" --version >/dev/null
  archive="$(ls "$here"/cli/target/cds/*.jsa 2>/dev/null || echo none)"
  [ "${BACKSTRIDE_CDS:-on}" != off ] || archive="not used (BACKSTRIDE_CDS=off)"
  echo "launcher: $launcher, class-data archive: $archive"
fi
echo "machine: $(nproc) cores, load$(uptime | sed 's/.*load average//')"
log="$work/run-0.log"
start "$log"
wait_until $(($(now_ms) + 180000)) ready_line
ingest_ms=() ready_ms=() ref_ms=()
for i in $(seq 1 "$reps"); do
  upload_samples "restart-$i"
  # let the stages take the uploads in (commits are every 100 ms), so that the kill hits a data dir
  # with topics, changelogs, committed offsets and open state, not an idle one
  sleep 3
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  # the machine's noise beside each figure: its load, and a JVM start of the same jar that touches
  # no Kafka (--version), timed just before the restart
  load="$(uptime | sed 's/.*load average: //')"
  t_ref=$(now_ms)
  java -jar "$jar" --version >/dev/null
  ref_ms+=("$(($(now_ms) - t_ref))")
  log="$work/run-$i.log"
  t0=$(now_ms)
  start "$log"
  wait_until $((t0 + 180000)) ingest_up
  t_ingest=$(($(now_ms) - t0))
  wait_until $((t0 + 180000)) ready_line
  t_ready=$(($(now_ms) - t0))
  ingest_ms+=("$t_ingest")
  ready_ms+=("$t_ready")
  printf 'restart %d: ingest accepting after %.1f s, ready after %.1f s (load %s; --version %.2f s)\n' \
    "$i" "$(echo "$t_ingest/1000" | bc -l)" "$(echo "$t_ready/1000" | bc -l)" "$load" \
    "$(echo "${ref_ms[-1]}/1000" | bc -l)"
done
echo "ingest accepting: $(summary "${ingest_ms[@]}")"
echo "ready:            $(summary "${ready_ms[@]}")"
echo "--version (ref):  $(summary "${ref_ms[@]}")"
echo "load at the end$(uptime | sed 's/.*load average//')"
# ROW lines: the medians against issue 11 finding 6's targets
median_s() {
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.1f", m/1000 }'
}
row() {
  local what=$1 median=$2 target=$3
  echo "ROW | 11.6 | restart after kill -9 with data: $what, median of $reps | $median s | - | - |" \
    "<= $target s | $(awk -v m="$median" -v t="$target" 'BEGIN { print (m <= t) ? "yes" : "no" }')"
}
row "ingest accepting" "$(median_s "${ingest_ms[@]}")" 5
row "whole service ready" "$(median_s "${ready_ms[@]}")" 15
