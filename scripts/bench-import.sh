#!/usr/bin/env bash
# Import speed against SQLite's own: writes a generic export of N rows (default
# 1,000,000), times `sqlite3 .import` of it into a plain table and `gapdesk
# import` of it into a new store (release build), and prints the ratio.
# The target: gapdesk takes at most twice as long (rate ratio >= 0.5).
#
#   scripts/bench-import.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)"; exit 2; }
swift build -c release --product gapdesk >/dev/null 2>&1
bin="$PWD/.build/release/gapdesk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/export.csv"

awk -v rows="$rows" 'BEGIN {
    print "response_id,received_at,customer,phone,email,site,staff,rating,comment,root_causes"
    srand(42)
    for (i = 0; i < rows; i++) {
        c = i % 300000
        fmt = "r-%d,2026-%02d-%02dT%02d:%02d:00Z,Customer %d,0770 %06d,c%d@example.com,Site %d,Staff %d,%d,\"Comment %d, with a comma\",cause %d\n"
        printf fmt, i, 1 + (i % 2), 1 + (i % 28), i % 24, i % 60, c, c, c, i % 12, i % 40, 1 + int(rand() * 5), i, i % 15
    }
}' > "$csv"
size=$(du -h "$csv" | cut -f1)

now_ms() { date +%s%N | cut -c1-13; }
start=$(now_ms)
sqlite3 "$work/plain.sqlite" ".import --csv $csv plain"
sqlite_ms=$(( $(now_ms) - start ))

"$bin" init --db "$work/store.sqlite" >/dev/null
start=$(now_ms)
"$bin" import "$csv" --db "$work/store.sqlite" --now 2026-03-02T09:00:00Z >/dev/null
gapdesk_ms=$(( $(now_ms) - start ))

imported=$(sqlite3 "$work/store.sqlite" "SELECT count(*) FROM response")
awk -v r="$rows" -v s="$sqlite_ms" -v g="$gapdesk_ms" -v n="$imported" -v size="$size" 'BEGIN {
    printf "rows: %d (%s), imported: %d\n", r, size, n
    printf "sqlite3 .import : %8.2f s  %9.0f rows/s\n", s / 1000, r / (s / 1000)
    printf "gapdesk import  : %8.2f s  %9.0f rows/s\n", g / 1000, r / (g / 1000)
    ratio = s / g
    printf "rate ratio gapdesk/sqlite3: %.2f (target >= 0.50): %s\n", ratio, (ratio >= 0.5 ? "MET" : "NOT MET")
}'
