#!/usr/bin/env bash
# End-to-end test of the three trigger functions behind a real Cognito API emulator.
#
#   boto3 (pytest) -> cognito-local -> invoke proxy -> cargo lambda watch -> our binaries
#
# Usage: scripts/e2e.sh [test|lint|arm64|all]
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
STATE="$ROOT/.e2e"
VENV="$STATE/venv"
FUNCTIONS=(pre-sign-up custom-message user-migration)
CARGO_E2E=(--config "$ROOT/e2e/cargo-e2e.toml")
MODE="${1:-test}"

log() { printf 'e2e: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

ensure_python_tools() {
    local want stamp="$VENV/.requirements.sha256"
    want="$(sha256sum "$ROOT/e2e/requirements.txt" | cut -d' ' -f1)"
    if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return
    fi
    log "installing Python tools (e2e/requirements.txt) into .e2e/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --disable-pip-version-check --quiet -r "$ROOT/e2e/requirements.txt"
    echo "$want" >"$stamp"
}

ensure_node_tools() {
    local want stamp="$ROOT/e2e/node_modules/.package-lock.sha256"
    want="$(sha256sum "$ROOT/e2e/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return
    fi
    log "installing cognito-local (e2e/package-lock.json) into e2e/node_modules"
    (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
}

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

# Prints `count` distinct free loopback ports. All sockets stay bound until every port is
# chosen, so the kernel cannot hand out the same port twice.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
sockets = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
}

# Waits until `url` answers HTTP at all (any status), or fails after `seconds`.
wait_http() {
    local url="$1" seconds="$2" name="$3"
    python3 - "$url" "$seconds" "$name" <<'PY' || die "$3 did not come up (see its log below)"
import sys, time, urllib.error, urllib.request
url, deadline, name = sys.argv[1], time.monotonic() + float(sys.argv[2]), sys.argv[3]
while True:
    try:
        urllib.request.urlopen(url, timeout=5)
        break
    except urllib.error.HTTPError:
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(1)
        time.sleep(0.3)
PY
}

# Invokes every function once, straight at `cargo lambda watch`, so that starting (or, if the
# pre-build did not cover it, compiling) a function never runs into cognito-local's SDK timeout.
warm_up() {
    local port="$1"
    "$VENV/bin/python" - "$port" "${FUNCTIONS[@]}" <<'PY'
import json, sys, time, urllib.error, urllib.request
port, names = sys.argv[1], sys.argv[2:]
caller = {"awsSdkVersion": "warm-up", "clientId": "warm-up"}
events = {
    "pre-sign-up": {"triggerSource": "PreSignUp_SignUp",
                    "request": {"userAttributes": {"email": "warm-up@example.com"}},
                    "response": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}},
    "custom-message": {"triggerSource": "CustomMessage_ForgotPassword",
                       "request": {"userAttributes": {"email": "warm-up@example.com"},
                                   "codeParameter": "{####}", "usernameParameter": None},
                       "response": {"smsMessage": None, "emailMessage": None, "emailSubject": None}},
    "user-migration": {"triggerSource": "UserMigration_Authentication",
                       "request": {"password": "warm-up", "validationData": None},
                       "response": {}},
}
for name in names:
    event = {"version": "1", "region": "local", "userPoolId": "local_warmup",
             "userName": "warm-up@example.invalid", "callerContext": caller} | events[name]
    started = time.monotonic()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/2015-03-31/functions/{name}/invocations",
        data=json.dumps(event).encode(), method="POST")
    try:
        status = urllib.request.urlopen(request, timeout=900).status
    except urllib.error.HTTPError as error:
        status = error.code
    print(f"e2e: warm-up {name}: HTTP {status} after {time.monotonic() - started:.1f}s",
          file=sys.stderr)
PY
}

PIDS=()
RUN=""

cleanup() {
    local status=$? pid attempt
    for pid in "${PIDS[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for attempt in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -n "$RUN" && -d "$RUN" ]]; then
        if [[ $status -ne 0 ]]; then
            local file
            for file in watch.log proxy.log cognito-local.log; do
                [[ -f "$RUN/$file" ]] || continue
                log "---- last lines of $file ----"
                tail -n 40 "$RUN/$file" >&2 || true
            done
        fi
        if [[ "${E2E_KEEP:-0}" == 1 ]]; then
            log "kept $RUN"
        else
            rm -rf "$RUN"
        fi
    fi
    exit "$status"
}

# start LOGFILE DIR COMMAND...: runs COMMAND in DIR in the background, in its own process group
# (so cleanup stops it together with its children), output to LOGFILE.
start() {
    local logfile="$1" dir="$2"
    shift 2
    (cd "$dir" && exec setsid "$@") >"$logfile" 2>&1 &
    PIDS+=("$!")
}

run_e2e() {
    lint
    ensure_node_tools
    command -v node >/dev/null || die "node is not installed"

    # The same configuration as `cargo lambda watch` below, so its `cargo run` finds
    # every binary up to date. One package at a time, as `cargo run` resolves features per binary.
    log "building the function binaries (dev profile + e2e/cargo-e2e.toml)"
    local name
    for name in "${FUNCTIONS[@]}"; do
        (cd "$ROOT" && cargo build --quiet "${CARGO_E2E[@]}" --bin "$name")
    done

    mkdir -p "$STATE"
    RUN="$(mktemp -d "$STATE/run.XXXXXX")"
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    log "creating the legacy user database (SQLite)"
    "$ROOT/target/debug/user-migration" create-demo-db "$RUN/legacy.sqlite" >/dev/null

    local watch_port proxy_port cognito_port
    read -r watch_port proxy_port cognito_port < <(free_ports 3)

    log "starting cargo lambda watch on 127.0.0.1:$watch_port"
    start "$RUN/watch.log" "$ROOT" env \
        PATH="$VENV/bin:$PATH" \
        PRE_SIGN_UP_CONFIG_FILE="$ROOT/e2e/pre-sign-up-policy.json" \
        LEGACY_DATABASE_URL="sqlite:$RUN/legacy.sqlite" \
        RUST_LOG="${RUST_LOG:-info}" \
        cargo lambda watch "${CARGO_E2E[@]}" --ignore-changes -A 127.0.0.1 -P "$watch_port"

    log "starting the invoke proxy on 127.0.0.1:$proxy_port"
    start "$RUN/proxy.log" "$ROOT" "$VENV/bin/python" "$ROOT/e2e/invoke_proxy.py" \
        --listen "$proxy_port" --upstream "$watch_port" --journal "$RUN/journal.jsonl"

    log "starting cognito-local on 127.0.0.1:$cognito_port"
    mkdir -p "$RUN/cognito/.cognito"
    cat >"$RUN/cognito/.cognito/config.json" <<JSON
{
  "LambdaClient": {
    "endpoint": "http://127.0.0.1:$proxy_port",
    "region": "us-east-1",
    "credentials": {"accessKeyId": "local", "secretAccessKey": "local"}
  },
  "TriggerFunctions": {
    "PreSignUp": "pre-sign-up",
    "CustomMessage": "custom-message",
    "UserMigration": "user-migration"
  },
  "UserPoolDefaults": {"UsernameAttributes": ["email"]}
}
JSON
    start "$RUN/cognito-local.log" "$RUN/cognito" env \
        PORT="$cognito_port" HOST=127.0.0.1 NO_COLOR=1 FORCE_COLOR=0 \
        node "$ROOT/e2e/node_modules/cognito-local/lib/bin/start.js"

    wait_http "http://127.0.0.1:$watch_port/" 120 "cargo lambda watch"
    wait_http "http://127.0.0.1:$proxy_port/" 30 "the invoke proxy"
    wait_http "http://127.0.0.1:$cognito_port/health" 60 "cognito-local"
    warm_up "$watch_port"

    log "running the end-to-end test"
    (
        cd "$ROOT/e2e"
        export E2E_COGNITO_ENDPOINT="http://127.0.0.1:$cognito_port"
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
