#!/usr/bin/env bash
# Issue 15, target 6: `./backstride demo`'s second run in <= 12 s, and where the time goes.
# Runs the demo once unmeasured (it makes the launcher's class-data archive when there is none, and
# fills the page cache: the "first run"), then N measured times (default 3) through the launcher,
# as a user runs it, and splits each run's wall time by the demo's own progress lines:
#   jvm       from the launcher's start until the demo's first line (script, JVM, command line)
#   broker    the in-process KRaft broker's start (formatting a new data directory)
#   registry  the rest of the local stack: schema registry, SMTP sink
#   pipeline  topics, ingest, both Streams applications running (the pages too)
#   upload    the profile and the 21 GPX uploads
#   trends    until the last day's trend is in, the rules and notifier have read it
#   finish    report, email export, shutdown of pipeline and stack, JVM exit
# Prints medians and ranges, then the ROW line for BENCHMARKS.md. Run by hand or by run-all.sh,
# never beside another benchmark (2 cores):
#   benchmarks/demo-startup.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
target_s=12
work="$(mktemp -d "${TMPDIR:-/tmp}/backstride-demo-startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

echo "demo start-up: 1 unmeasured run, then $runs measured; $(nproc) cores," \
  "load$(uptime | sed 's/.*load average//')"
"$here/backstride" demo --outbox "$work/outbox" >"$work/first.txt" 2>&1 ||
  { echo "the first demo failed:" >&2; cat "$work/first.txt" >&2; exit 1; }

rows="$work/rows.txt"
for i in $(seq 1 "$runs"); do
  load="$(uptime | sed 's/.*load average: //')"
  t0=$(now_ms)
  "$here/backstride" demo --outbox "$work/outbox" >"$work/run-$i.txt" 2>&1 ||
    { echo "demo run $i failed:" >&2; cat "$work/run-$i.txt" >&2; exit 1; }
  wall=$(($(now_ms) - t0))
  # the progress lines: "[ 12.3 s] what", counted from the command's start
  awk -v wall="$wall" -v load="$load" -v run="$i" '
    function at(line) { sub(/^\[ */, "", line); sub(/ s\].*/, "", line); return line + 0 }
    /^\[ *[0-9.]+ s\] starting/ { match($0, /JVM started [0-9.]+ s ago/);
      jvm = substr($0, RSTART + 12, RLENGTH - 18) + 0 }
    /^\[ *[0-9.]+ s\] local stack up in/ { up = at($0)
      match($0, /stack up in [0-9.]+ s/); stack = substr($0, RSTART + 12, RLENGTH - 14) + 0
      match($0, /\) at [0-9.:]+ in [0-9.]+ s/); b = substr($0, RSTART, RLENGTH)
      sub(/.* in /, "", b); broker = b + 0 }
    /^\[ *[0-9.]+ s\] waiting for the pipeline/ { uploaded = at($0) }
    /^\[ *[0-9.]+ s\] trends computed/ { trends = at($0) }
    /^\[ *[0-9.]+ s\] done/ { done = at($0) }
    END {
      w = wall / 1000
      printf "%d %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f\n", run, w, jvm, broker, stack - broker,
        up - stack, uploaded - up, trends - uploaded, w - jvm - trends > "/dev/stderr"
      printf "run %d: %.1f s (jvm %.1f, broker %.1f, registry %.1f, pipeline %.1f, upload %.1f," \
        " trends %.1f, finish %.1f; load %s)\n", run, w, jvm, broker, stack - broker,
        up - stack, uploaded - up, trends - uploaded, w - jvm - trends, load
    }' "$work/run-$i.txt" 2>>"$rows"
done

# medians (and ranges) per column of rows.txt: run wall jvm broker registry pipeline upload trends finish
median() {
  awk -v c="$1" '{print $c}' "$rows" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.1f %.1f %.1f", m, v[1], v[NR] }'
}
names=(run wall jvm broker registry pipeline upload trends finish)
breakdown=""
for c in 3 4 5 6 7 8 9; do
  read -r m lo hi <<<"$(median $c)"
  echo "${names[$((c - 1))]}: median $m s ($lo-$hi)"
  breakdown+="${breakdown:+, }${names[$((c - 1))]} $m"
done
read -r wall lo hi <<<"$(median 2)"
echo "demo (second and later runs): median $wall s, range $lo-$hi s (n=$runs)"
echo "load at the end$(uptime | sed 's/.*load average//')"
met=$(awk -v w="$wall" -v t="$target_s" 'BEGIN { print (w <= t) ? "yes" : "no" }')
echo "ROW | 15.6 | ./backstride demo, second run, wall, median of $runs ($breakdown s) | $wall s | - | - | <= $target_s s | $met"
