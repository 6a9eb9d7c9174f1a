#!/usr/bin/env bash
# Runs every check and test of the workspace, installing and starting what they need.
#
#   scripts/test.sh            everything: lint, docs, unit/integration/doc tests, sam validate
#                              and sam build of template.yaml, end-to-end
#   SKIP_E2E=1 scripts/test.sh everything but the end-to-end run through cognito-local
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo --version

step "databases for the migration tests (PostgreSQL, MariaDB)"
scripts/services.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features --locked

step "Secrets Manager emulator for the migration tests (moto, loopback)"
MOTO_ENDPOINT_URL="$(scripts/moto.sh start)"
export MOTO_ENDPOINT_URL
trap 'scripts/moto.sh stop' EXIT

step "cargo test (unit, integration, doc tests; the example trigger crate builds here too)"
cargo test --workspace --locked

if [ -x e2e/run.sh ] && [ "${SKIP_E2E:-0}" != "1" ]; then
  step "template.yaml as deployed: sam validate --lint, sam build (every function, release, arm64)"
  scripts/sam.sh check
  step "template lint, then end to end: cognito-local -> cargo lambda watch -> the pre sign-up, custom message and user migration functions"
  e2e/run.sh test
  step "the README's cargo-lambda commands, as written"
  scripts/readme-cargo-lambda.sh
fi
