#!/usr/bin/env bash
# The athlete load page's first request after the pages start (the "cold" page), measured N times
# (default 5): each round starts `backstride demo --keep` (a stack and pipeline of its own, on free
# ports), fetches the athlete page link it prints once with curl (cold), then once more (warm), and
# prints the server's Server-Timing (page and its pieces: profile, trends, alerts, render, in ms) and
# curl's total; then stops the demo. Needs cli/target/backstride.jar (./backstride builds it), or
# BACKSTRIDE_JAR naming a copy of it (beside its lib/).
#   tools/cold-page.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${BACKSTRIDE_JAR:-$here/cli/target/backstride.jar}"
rounds="${1:-5}"
for round in $(seq 1 "$rounds"); do
  log="$(mktemp)"
  java ${BACKSTRIDE_JAVA_OPTS:-} -jar "$jar" demo --keep >"$log" 2>&1 &
  pid=$!
  until grep -q "Ctrl-C" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "round $round: the demo ended early:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 1
  done
  link="$(grep -m1 -o 'athlete page: [^ ]*' "$log" | cut -d' ' -f3)"
  for kind in cold warm; do
    curl -s -o /dev/null -D - -w 'curl_total_ms=%{time_total}\n' "$link" \
      | tr -d '\r' \
      | awk -v r="$round" -v k="$kind" '
          tolower($0) ~ /^server-timing:/ { sub(/^[^:]*: */, ""); timing = $0 }
          /^curl_total_ms=/ { split($0, a, "="); total = a[2] * 1000 }
          END { printf "round %s %s: curl %.1f ms; %s\n", r, k, total, timing }'
  done
  kill -TERM "$pid" # a background job of a script ignores SIGINT
  wait "$pid" || true
  rm -f "$log"
done
