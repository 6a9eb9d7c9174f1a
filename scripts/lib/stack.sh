# Shared by e2e/run.sh, scripts/load/run.sh and scripts/readme-cargo-lambda.sh (source it; it
# defines functions and variables only): the pinned tool installs and the local stack
#
#   cognito-local -> invoke proxy (e2e/invoke_proxy.py) -> cargo lambda watch -> our functions
#
# The caller sets ROOT (repository root) and LOG_PREFIX before sourcing, and calls
# `stack_begin` (creates the run directory and installs the cleanup trap) before `start`.
# Every process started with `start` is stopped on exit, with its children.

STATE="$ROOT/.e2e"
VENV="$STATE/venv"
FUNCTIONS=(pre-sign-up custom-message user-migration)
CARGO_E2E=(--config "$ROOT/e2e/cargo-e2e.toml")

log() { printf '%s: %s\n' "${LOG_PREFIX:-stack}" "$*" >&2; }
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
    "$VENV/bin/python" - "$port" "$LOG_PREFIX" "${FUNCTIONS[@]}" <<'PY'
import json, sys, time, urllib.error, urllib.request
port, prefix, names = sys.argv[1], sys.argv[2], sys.argv[3:]
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
    print(f"{prefix}: warm-up {name}: HTTP {status} after {time.monotonic() - started:.1f}s",
          file=sys.stderr)
PY
}

PIDS=()
RUN=""
# Commands run by cleanup before the processes are stopped (e.g. stopping a database cluster).
CLEANUP_HOOKS=()
STACK_FUNCTION_ENV=()

cleanup() {
    local status=$? pid attempt hook
    for hook in "${CLEANUP_HOOKS[@]}"; do
        eval "$hook" || true
    done
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

# Creates the run directory under .e2e (RUN) and installs the cleanup trap.
stack_begin() {
    mkdir -p "$STATE"
    RUN="$(mktemp -d "$STATE/${1:-run}.XXXXXX")"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

# start LOGFILE DIR COMMAND...: runs COMMAND in DIR in the background, in its own process group
# (so cleanup stops it together with its children), output to LOGFILE.
start() {
    local logfile="$1" dir="$2"
    shift 2
    (cd "$dir" && exec setsid "$@") >"$logfile" 2>&1 &
    PIDS+=("$!")
}

# Builds the three function binaries the way `cargo lambda watch` below runs them (one package
# at a time, as `cargo run` resolves features per binary), so that it finds them up to date.
# Extra arguments (e.g. --release) go to cargo build.
build_functions() {
    local name
    for name in "${FUNCTIONS[@]}"; do
        (cd "$ROOT" && cargo build --quiet "${CARGO_E2E[@]}" "$@" --bin "$name")
    done
}

# start_stack LEGACY_DATABASE_URL [extra `cargo lambda watch` arguments...]
# Starts `cargo lambda watch`, the invoke proxy and cognito-local (its config in
# $RUN/cognito/.cognito), waits for all three and warms the functions up. Sets WATCH_PORT,
# PROXY_PORT and COGNITO_PORT. Extra environment for the functions: STACK_FUNCTION_ENV (array of
# NAME=VALUE).
start_stack() {
    local database_url="$1"
    shift
    read -r WATCH_PORT PROXY_PORT COGNITO_PORT < <(free_ports 3)

    log "starting cargo lambda watch on 127.0.0.1:$WATCH_PORT"
    start "$RUN/watch.log" "$ROOT" env \
        PATH="$VENV/bin:$PATH" \
        PRE_SIGN_UP_CONFIG_FILE="$ROOT/e2e/pre-sign-up-policy.json" \
        LEGACY_DATABASE_URL="$database_url" \
        RUST_LOG="${RUST_LOG:-info}" \
        "${STACK_FUNCTION_ENV[@]}" \
        cargo lambda watch "${CARGO_E2E[@]}" --ignore-changes -A 127.0.0.1 -P "$WATCH_PORT" "$@"

    log "starting the invoke proxy on 127.0.0.1:$PROXY_PORT"
    start "$RUN/proxy.log" "$ROOT" "$VENV/bin/python" "$ROOT/e2e/invoke_proxy.py" \
        --listen "$PROXY_PORT" --upstream "$WATCH_PORT" --journal "$RUN/journal.jsonl"

    log "starting cognito-local on 127.0.0.1:$COGNITO_PORT"
    mkdir -p "$RUN/cognito/.cognito"
    cat >"$RUN/cognito/.cognito/config.json" <<JSON
{
  "LambdaClient": {
    "endpoint": "http://127.0.0.1:$PROXY_PORT",
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
        PORT="$COGNITO_PORT" HOST=127.0.0.1 NO_COLOR=1 FORCE_COLOR=0 \
        node "$ROOT/e2e/node_modules/cognito-local/lib/bin/start.js"

    wait_http "http://127.0.0.1:$WATCH_PORT/" 120 "cargo lambda watch"
    wait_http "http://127.0.0.1:$PROXY_PORT/" 30 "the invoke proxy"
    wait_http "http://127.0.0.1:$COGNITO_PORT/health" 60 "cognito-local"
    warm_up "$WATCH_PORT"
}
