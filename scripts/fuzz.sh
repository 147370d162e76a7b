#!/usr/bin/env bash
# Fuzzes the CSV and JSON Lines readers, the row checks and the filter parser
# with libFuzzer for SECONDS (default 600), starting from the seed corpus in
# Tests/GapdeskImportTests/FuzzCorpus. Inputs that crash are saved under
# .build-fuzz/crashes/; add each to the corpus folder and fix the code.
#
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
scratch=.build-fuzz
swift build -c release --product gapdesk-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
bin="$scratch/release/gapdesk-fuzz"
work="$scratch/corpus"; crashes="$scratch/crashes"
mkdir -p "$work" "$crashes"
cp -n Tests/GapdeskImportTests/FuzzCorpus/* "$work/" 2>/dev/null || true
"$bin" "$work" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1
