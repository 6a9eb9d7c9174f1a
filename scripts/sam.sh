#!/usr/bin/env bash
# The AWS SAM CLI at a pinned version, with what `sam build` needs for template.yaml
# (cargo-lambda and Zig for the arm64 cross build, the aarch64 Rust target).
#
# Usage: scripts/sam.sh check         what the test command runs: `sam validate --lint`, then
#                                     `sam build` into .e2e/sam-build, without network access
#                                     or containers, and checks that each of the five functions
#                                     (template.yaml) got an arm64 bootstrap
#        scripts/sam.sh <sam args...> any other SAM command, e.g.
#                                     scripts/sam.sh build            (into .aws-sam/build)
#                                     scripts/sam.sh deploy --guided
#
# Installs e2e/requirements.txt into .e2e/venv (cargo-lambda, Zig, cfn-lint) and
# e2e/sam-requirements.txt into .e2e/sam-venv, each only when its file changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.e2e"
VENV="$STATE/venv"
SAM_VENV="$STATE/sam-venv"
BUILD_DIR="$STATE/sam-build"
FUNCTIONS=(PreSignUpFunction CustomMessageFunction UserMigrationFunction CustomEmailSenderFunction CustomSmsSenderFunction)

log() { printf 'sam: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ensure_venv DIR REQUIREMENTS: a venv in DIR with REQUIREMENTS installed (stamped by its hash,
# the same way e2e/run.sh does, so both scripts share .e2e/venv).
ensure_venv() {
    local dir="$1" requirements="$2" want stamp="$1/.requirements.sha256"
    want="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [[ -x "$dir/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return
    fi
    log "installing ${requirements#"$ROOT"/} into ${dir#"$ROOT"/}"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --disable-pip-version-check --quiet -r "$requirements"
    echo "$want" >"$stamp"
}

prepare() {
    ensure_venv "$VENV" "$ROOT/e2e/requirements.txt"
    ensure_venv "$SAM_VENV" "$ROOT/e2e/sam-requirements.txt"
    rustup target add aarch64-unknown-linux-gnu >/dev/null
    # No usage data.
    export SAM_CLI_TELEMETRY=0
    # sam build finds cargo-lambda (and cargo-lambda Zig) on PATH.
    export PATH="$VENV/bin:$PATH"
}

# offline COMMAND...: runs COMMAND in a network namespace of its own (loopback only) when the
# system allows one, so nothing it starts can reach the network.
offline() {
    if unshare --net true 2>/dev/null; then
        unshare --net "$@"
    elif unshare --map-root-user --net true 2>/dev/null; then
        unshare --map-root-user --net "$@"
    else
        log "no network namespace available; running with network access"
        "$@"
    fi
}

# Is FILE a 64-bit little-endian ELF for aarch64 (e_machine 0xb7)?
is_arm64_elf() {
    local header
    header="$(od -An -tx1 -N20 "$1" | tr -d ' \n')"
    [[ "${header:0:10}" == "7f454c4602" && "${header:36:4}" == "b700" ]]
}

check() {
    prepare
    # Validation needs some region; it does not call AWS.
    export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
    # Everything cargo needs, fetched now: the build itself runs without network.
    (cd "$ROOT" && cargo fetch --locked --quiet)
    local started=$SECONDS name
    log "sam validate --lint"
    (cd "$ROOT" && offline "$SAM_VENV/bin/sam" validate --lint --template-file template.yaml)
    log "sam build (cargo lambda build --release --arm64, per function) into ${BUILD_DIR#"$ROOT"/}"
    rm -rf "$BUILD_DIR"
    (cd "$ROOT" && CARGO_NET_OFFLINE=true offline "$SAM_VENV/bin/sam" build \
        --template-file template.yaml --build-dir "$BUILD_DIR")
    for name in "${FUNCTIONS[@]}"; do
        [[ -f "$BUILD_DIR/$name/bootstrap" ]] || die "sam build made no $name/bootstrap"
        is_arm64_elf "$BUILD_DIR/$name/bootstrap" || die "$name/bootstrap is not an arm64 binary"
    done
    [[ -f "$BUILD_DIR/template.yaml" ]] || die "sam build wrote no template"
    log "validated and built in $((SECONDS - started))s"
}

case "${1:-check}" in
    check) check ;;
    *)
        prepare
        cd "$ROOT"
        exec "$SAM_VENV/bin/sam" "$@"
        ;;
esac
