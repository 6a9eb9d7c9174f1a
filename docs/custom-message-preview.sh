#!/usr/bin/env bash
# Renders every custom message email (7 sources x each locale of the set) to HTML and, with
# Debian's chromium installed, to PNG screenshots at desktop and phone widths, so a person can
# look at them. The code and username placeholders are replaced with sample values, as Cognito
# would. Usage: docs/custom-message-preview.sh [TEMPLATE_DIR] [OUT_DIR]
#   TEMPLATE_DIR  default: templates        OUT_DIR  default: target/custom-message-preview
# Refresh the committed preview with:
#   docs/custom-message-preview.sh && cp target/custom-message-preview/en-SignUp-desktop.png docs/custom-message-preview.png
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-templates}
out=${2:-target/custom-message-preview}
mkdir -p "$out"
cargo build -q -p cognito-triggers-cli
cli=target/debug/cognito-triggers
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
status=0
for locale_dir in "$dir"/*/; do
  locale=$(basename "$locale_dir")
  case $locale in partials|clients) continue ;; esac
  for event in events/CustomMessage_*.json; do
    source=$(basename "$event" .json); source=${source#CustomMessage_}
    name="$locale-$source"
    if ! "$cli" templates render "$event" --dir "$dir" --locale "$locale" --html-out "$out/$name.raw.html" > "$out/$name.txt"; then
      echo "FAIL $name: $(grep FAIL "$out/$name.txt" || true)"; status=1; continue
    fi
    sed -e 's/{####}/482913/g; s/####/482913/g; s/{username}/carlos/g' "$out/$name.raw.html" > "$out/$name.html"
    if command -v chromium > /dev/null; then
      for size in desktop:720,600 phone:380,760; do
        chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
          --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
          --user-data-dir="$profile" --window-size="${size#*:}" \
          --screenshot="$out/$name-${size%%:*}.png" "file://$PWD/$out/$name.html" > /dev/null 2>&1 \
          || { echo "FAIL $name: chromium could not take the screenshot"; status=1; }
      done
    fi
  done
done
echo "previews in $out"
exit $status
