#!/usr/bin/env bash
# Captures each pane and why-this-rank at 80x24, 120x40 and 160x48 from a
# demo store, as a user sees them in tmux: to compare a change's screens
# before and after (run it with the old binary, then the new one).
#
#   scripts/capture-screens.sh BINARY OUTPUT-FOLDER
set -euo pipefail
binary="$(realpath "$1")"; out="$2"
mkdir -p "$out"
scratch="$(mktemp -d)"; trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" XDG_DATA_HOME="$scratch/data" XDG_STATE_HOME="$scratch/state" XDG_CONFIG_HOME="$scratch/config" LANG=C.UTF-8
now=2026-03-02T09:00:00Z
"$binary" demo --no-ui --db "$scratch/demo.sqlite" --now "$now" --responses 1500 >/dev/null

capture() {  # name columns rows keys...
    local name="$1" columns="$2" rows="$3"; shift 3
    # A server of its own for each screen: a server just killed may still be going away.
    local socket="capture-$$-$name-$columns"
    tmux -L "$socket" -f /dev/null new-session -d -s c -x "$columns" -y "$rows" \
        "env HOME=$scratch XDG_DATA_HOME=$scratch/data XDG_STATE_HOME=$scratch/state XDG_CONFIG_HOME=$scratch/config LANG=C.UTF-8 ${NO_COLOR:+NO_COLOR=1} $binary --db $scratch/demo.sqlite --now $now; sleep 30"
    sleep 1.5
    for key in "$@"; do tmux -L "$socket" send-keys -t c "$key"; sleep 0.5; done
    tmux -L "$socket" capture-pane -p -t c > "$out/$name-${columns}x$rows.txt"
    tmux -L "$socket" kill-server
}

for size in "80 24" "120 40" "160 48"; do
    set -- $size
    capture callbacks "$1" "$2" 1
    capture low-rated "$1" "$2" 2
    capture gaps "$1" "$2" 3
    capture why "$1" "$2" 3 w
done
echo "Screens in $out"
