#!/usr/bin/env bash
# End-to-end test of the three trigger functions behind a real Cognito API emulator.
#
#   boto3 (pytest) -> cognito-local -> invoke proxy -> cargo lambda watch -> our binaries
#
# Usage: e2e/run.sh [test|lint|arm64|all]
#   test   (default) lint template.yaml, then run the end-to-end test
#   lint   only check template.yaml: cfn-lint and e2e/test_template.py
#   arm64  build the three functions for Lambda (cargo lambda build --release --arm64);
#          scripts/sam.sh check builds the same through `sam build`
#   all    test, then arm64
#
# Needs Rust (cargo), Python 3.11+ with pip and venv, and Node 20+ with npm. Everything else is
# installed at pinned versions (e2e/requirements.txt, e2e/package-lock.json) into .e2e/venv and
# e2e/node_modules, and skipped when already there. Every process it starts is stopped on exit.
# E2E_KEEP=1 keeps the run directory (logs, databases) for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_PREFIX=e2e
# shellcheck source=scripts/lib/stack.sh
source "$ROOT/scripts/lib/stack.sh"
MODE="${1:-test}"

lint() {
    ensure_python_tools
    log "cfn-lint template.yaml"
    "$VENV/bin/cfn-lint" "$ROOT/template.yaml"
    log "template checks (e2e/test_template.py)"
    (cd "$ROOT/e2e" && "$VENV/bin/pytest" -p no:cacheprovider -q test_template.py)
}

build_arm64() {
    ensure_python_tools
    rustup target add aarch64-unknown-linux-gnu >/dev/null
    local args=() name
    for name in "${FUNCTIONS[@]}"; do args+=(--bin "$name"); done
    log "cargo lambda build --release --arm64 ${args[*]}"
    (cd "$ROOT" && PATH="$VENV/bin:$PATH" cargo lambda build --release --arm64 "${args[@]}")
    for name in "${FUNCTIONS[@]}"; do
        [[ -f "$ROOT/target/lambda/$name/bootstrap" ]] || die "no target/lambda/$name/bootstrap"
    done
}

run_e2e() {
    lint
    ensure_node_tools
    command -v node >/dev/null || die "node is not installed"

    # The same configuration as `cargo lambda watch` below, so its `cargo run` finds
    # every binary up to date.
    log "building the function binaries (dev profile + e2e/cargo-e2e.toml)"
    build_functions

    stack_begin run

    log "creating the legacy user database (SQLite)"
    "$ROOT/target/debug/user-migration" create-demo-db "$RUN/legacy.sqlite" >/dev/null

    start_stack "sqlite:$RUN/legacy.sqlite"

    log "running the end-to-end test"
    (
        cd "$ROOT/e2e"
        export E2E_COGNITO_ENDPOINT="http://127.0.0.1:$COGNITO_PORT"
        export E2E_COGNITO_LOG="$RUN/cognito-local.log"
        export E2E_JOURNAL="$RUN/journal.jsonl"
        export E2E_LEGACY_DB="$RUN/legacy.sqlite"
        export E2E_POLICY_FILE="$ROOT/e2e/pre-sign-up-policy.json"
        "$VENV/bin/pytest" -p no:cacheprovider --ignore=test_template.py
    )
}

case "$MODE" in
    test) run_e2e ;;
    lint) lint ;;
    arm64) build_arm64 ;;
    all) run_e2e && build_arm64 ;;
    *) die "unknown mode '$MODE' (use test, lint, arm64 or all)" ;;
esac
