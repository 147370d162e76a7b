#!/usr/bin/env bash
# Puts gapdesk on your PATH: a release build of the binary, shell completions
# for bash, zsh and fish, and a man page; the completions and the page are
# generated from the command line's own definition, so they match the binary.
#
#   scripts/install.sh            # into ~/.local (no sudo)
#   scripts/install.sh /usr/local # anywhere else (sudo if it needs it)
set -euo pipefail
prefix="${1:-${PREFIX:-$HOME/.local}}"
cd "$(dirname "$0")/.."

echo "Building gapdesk (release; the first build takes a few minutes)…"
swift build -c release --product gapdesk
binary="$(swift build -c release --show-bin-path)/gapdesk"

echo "Writing the man page…"
manual="$(mktemp)"
trap 'rm -f "$manual"' EXIT
"$binary" manual > "$manual"

install -d "$prefix/bin" "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" \
    "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$prefix/bin/gapdesk"
install -m 0644 "$manual" "$prefix/share/man/man1/gapdesk.1"
"$binary" --generate-completion-script bash > "$prefix/share/bash-completion/completions/gapdesk"
"$binary" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_gapdesk"
"$binary" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/gapdesk.fish"

echo "Installed $("$prefix/bin/gapdesk" --version) in $prefix/bin, with its man page and completions."
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Add $prefix/bin to your PATH, e.g. in ~/.profile:  export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
