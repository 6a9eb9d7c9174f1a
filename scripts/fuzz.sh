#!/usr/bin/env bash
# Builds and runs every fuzz target under fuzz/ for SECONDS each (default 60), then prints
# executions, executions per second and crashes per target.
#
#   scripts/fuzz.sh [SECONDS]
#
# Settings (environment):
#   FUZZ_RUNS=N        stop a target after N executions (before SECONDS is up); default: no limit
#   FUZZ_PARALLEL=1    run all targets at once instead of one after the other
#   FUZZ_TARGETS="a b" run only these targets
#   FUZZ_NICE=N        run the fuzzers under `nice -n N` (default 0)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked --version 0.13.1`).
# The corpus grows under fuzz/corpus/<target> (not committed); it is seeded from events/, the
# sample events, the legacy-migration hashes and fuzz/seeds/. Crashing inputs are kept under
# fuzz/artifacts/<target>/. Exit status 1 when any target crashed.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
cd "$fuzz"

all_targets=(decode_event custom_message stored_hash signup_address invite_token simulator sender_code)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"
flags=(--sanitizer none --debug-assertions)
nice_level="${FUZZ_NICE:-0}"

cargo +nightly fuzz build "${flags[@]}"

# Seed corpora.
seed() {
  local target="$1"
  shift
  mkdir -p "corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "corpus/$target/seed-$(basename "$file")"
  done
  return 0
}
events=("$root"/events/*.json "$root"/events/variants/*.json "$root"/crates/triggers/samples/*.json)
seed decode_event "${events[@]}"
seed custom_message "$root"/events/CustomMessage_*.json "$root"/events/variants/custommessage-*.json
hashes="$fuzz/corpus/stored_hash"
mkdir -p "$hashes"
{ grep -rhoE '\$(2[abxy]|argon2(id|i|d)|scrypt|pbkdf2[-_a-z0-9]*|[56])\$[A-Za-z0-9./+=,$-]+|pbkdf2_sha256\$[0-9]+\$[A-Za-z0-9./+=$]+' \
  "$root/crates/legacy-migration" 2>/dev/null || true; } | sort -u | awk 'NR <= 200' | {
  n=0
  while IFS= read -r hash; do
    n=$((n + 1))
    printf '%s' "$hash" > "$hashes/seed-$n"
  done
}
for target in signup_address invite_token simulator; do
  seed "$target" "$fuzz/seeds/$target"/*
done
# Real sender codes (AWS Encryption SDK messages) from the sample events, decoded and as text.
mkdir -p corpus/sender_code
for file in "$root"/events/Custom*Sender_*.json; do
  code="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["request"]["code"] or "")' "$file")"
  [ -n "$code" ] || continue
  printf '%s' "$code" > "corpus/sender_code/seed-text-$(basename "$file" .json)"
  printf '%s' "$code" | base64 -d > "corpus/sender_code/seed-$(basename "$file" .json)"
done
printf '\000' > corpus/simulator/seed-empty
{ printf '\000'; cat "$root/crates/simulator/demo-pool.json"; } > corpus/simulator/seed-demo-pool

max_len() {
  case "$1" in
    decode_event | custom_message | simulator) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

run_target() {
  local target="$1"
  local options=(-max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -print_final_stats=1)
  if [ -n "${FUZZ_RUNS:-}" ]; then
    options+=(-runs="$FUZZ_RUNS")
  fi
  mkdir -p "artifacts/$target"
  nice -n "$nice_level" cargo +nightly fuzz run "${flags[@]}" "$target" "corpus/$target" -- \
    "${options[@]}" > "artifacts/$target/last-run.log" 2>&1 || true
}

stamp="$(mktemp)"
trap 'rm -f "$stamp"' EXIT
if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
  for target in "${targets[@]}"; do run_target "$target" & done
  wait
else
  for target in "${targets[@]}"; do run_target "$target"; done
fi

status=0
printf '%-16s %14s %10s %8s\n' target executions exec/s crashes
for target in "${targets[@]}"; do
  log="artifacts/$target/last-run.log"
  runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)"
  rate="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)"
  crashes="$(find "artifacts/$target" -newer "$stamp" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)"
  printf '%-16s %14s %10s %8s\n' "$target" "${runs:-?}" "${rate:-?}" "$crashes"
  if [ "$crashes" -gt 0 ] || grep -q 'panicked at\|==ERROR' "$log"; then
    status=1
    grep -m1 -A2 'panicked at' "$log" || true
  fi
done
exit "$status"
