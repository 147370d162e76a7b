#!/usr/bin/env bash
# Full-size concurrency check for one store: 8 processes each record 500
# different calls while 2 processes race on the same 100 calls, with a
# dashboard open in tmux. Every action must land exactly once, each race must
# have one winner and one "Already recorded by" refusal, and no process may
# print a database error.
#
#   scripts/stress-concurrent-calls.sh [WRITERS] [CALLS_PER_WRITER] [RACED]
set -euo pipefail
cd "$(dirname "$0")/.."
writers=${1:-8}; per_writer=${2:-500}; raced=${3:-100}
swift build -c release >/dev/null
bin="$PWD/.build/release/gapdesk"
work=$(mktemp -d)
trap 'tmux -L gapdesk-stress kill-server 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
db="$work/stress.sqlite"
now=2026-03-02T09:00:00Z
total=$((writers * per_writer + raced))

echo "Creating $total open calls..."
"$bin" init --db "$db" >/dev/null
for i in $(seq 1 "$total"); do
    "$bin" add --db "$db" --now "$now" --customer "Customer $i" --phone "0100 $i" --site Main --rating 2 >/dev/null
done

tmux -L gapdesk-stress -f /dev/null new-session -d -x 120 -y 40 "LANG=C.UTF-8 '$bin' --db '$db' --now $now"

echo "Recording: $writers writers x $per_writer calls, 2 racers on $raced calls..."
start=$(date +%s%N)
pids=()
for w in $(seq 0 $((writers - 1))); do
    first=$((w * per_writer + 1)); last=$(((w + 1) * per_writer))
    (for id in $(seq "$first" "$last"); do "$bin" call record "$id" --outcome thanked --db "$db" || true; done) \
        >"$work/w$w.out" 2>"$work/w$w.err" &
    pids+=($!)
done
for r in 0 1; do
    (for id in $(seq $((writers * per_writer + 1)) "$total"); do "$bin" call record "$id" --outcome recovered --db "$db" || true; done) \
        >"$work/r$r.out" 2>"$work/r$r.err" &
    pids+=($!)
done
wait "${pids[@]}"
millis=$(( ($(date +%s%N) - start) / 1000000 ))

recorded=$(cat "$work"/w*.out "$work"/r*.out | grep -c "Call recorded" || true)
refused=$(cat "$work"/r*.err | grep -c "Already recorded by" || true)
raw=$(cat "$work"/*.err | grep -v "Already recorded by" | grep -ci -E "database|sqlite|locked|error" || true)
audited=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'call.record'")
distinct=$(sqlite3 "$db" "SELECT count(DISTINCT entity_id) FROM audit WHERE action = 'call.record'")
open=$(sqlite3 "$db" "SELECT count(*) FROM callback WHERE done_at IS NULL")
integrity=$(sqlite3 "$db" "PRAGMA integrity_check")

echo "took ${millis} ms: recorded $recorded (expect $total), race refusals $refused (expect $raced)"
echo "audit entries $audited for $distinct calls (expect $total each), open calls left $open, raw errors $raw, integrity $integrity"
[ "$recorded" -eq "$total" ] && [ "$refused" -eq "$raced" ] && [ "$audited" -eq "$total" ] && [ "$distinct" -eq "$total" ] \
    && [ "$open" -eq 0 ] && [ "$raw" -eq 0 ] && [ "$integrity" = ok ] && echo "PASS" || { echo "FAIL"; exit 1; }
