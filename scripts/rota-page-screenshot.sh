#!/usr/bin/env bash
# Renders the shipped association's rota page with headless Chromium: a PNG screenshot (A4
# landscape at 96 dpi) and a PDF print, to check by eye that the grid shows and fits one sheet.
# Needs Chromium (Debian: apt-get install chromium fonts-noto-cjk). Usage:
#   scripts/rota-page-screenshot.sh [OUT_DIR]     (default: a new temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
chromium=${TOBAN_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "no Chromium: install it (Debian: apt-get install chromium fonts-noto-cjk) or set TOBAN_CHROMIUM" >&2; exit 1; }
cargo run --release --locked -q -- demo --dir "$out/demo" >/dev/null
page=$(ls "$out"/demo/rota-*.html)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --no-pdf-header-footer --user-data-dir="$out/profile")
"$chromium" "${flags[@]}" --window-size=1123,794 --screenshot="$out/rota.png" "file://$page" 2>/dev/null
"$chromium" "${flags[@]}" --print-to-pdf="$out/rota.pdf" "file://$page" 2>/dev/null
pages=$(grep -ac '/Type /Page$\|/Type /Page[^s]' "$out/rota.pdf" || true)
echo "page:       $page"
echo "screenshot: $out/rota.png"
echo "print:      $out/rota.pdf ($pages page(s); A4 landscape is 842 x 595 pt)"
