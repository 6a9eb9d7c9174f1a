#!/usr/bin/env bash
# Runs the commands of the root README's section "Try things with cargo-lambda", as written
# there, and checks what each prints. Part of the end-to-end step of scripts/test.sh.
#
#   scripts/readme-cargo-lambda.sh
#
# The commands are read from the README itself, so the section cannot drift from what works.
# Two changes, both for running beside other jobs: `cargo lambda watch` and `cargo lambda invoke`
# get a free port (-P) instead of the default 9000, and the watch gets --ignore-changes.
# `pip install cargo-lambda` is replaced by the pinned cargo-lambda of e2e/requirements.txt (the
# one e2e/run.sh uses), installed into .e2e/venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_PREFIX=readme
# shellcheck source=scripts/lib/stack.sh
source "$ROOT/scripts/lib/stack.sh"
cd "$ROOT"

section="$(awk '
    /^## Try things with cargo-lambda/ { inside = 1; next }
    inside && /^## / { exit }
    inside && /^```sh/ { code = 1; next }
    inside && code && /^```/ { code = 0; next }
    inside && code { print }
' README.md)"
[[ -n "$section" ]] || die "README.md has no sh block under \"Try things with cargo-lambda\""

ensure_python_tools
export PATH="$VENV/bin:$PATH"
stack_begin readme
read -r PORT < <(free_ports 1)

# Checks the JSON a command printed: an event of `source` with a `response`, and `expect` (a
# Python expression over `event`) true.
check_event() {
    local what="$1" source="$2" expect="$3" output="$4"
    python3 - "$what" "$source" "$expect" "$output" <<'PY' || die "$1: unexpected output (above)"
import json, sys
what, source, expect, output = sys.argv[1:]
start = output.find("{")
if start < 0:
    sys.exit(f"{what}: no JSON in its output:\n{output}")
event = json.loads(output[start:])
assert event["triggerSource"] == source, event
assert eval(expect, {"event": event}), f"{what}: {expect} is false for {json.dumps(event)}"
print(f"readme: ok: {what}", file=sys.stderr)
PY
}

ran=0
while IFS= read -r line; do
    command="${line%%#*}"
    command="${command%"${command##*[![:space:]]}"}"
    [[ -z "$command" ]] && continue
    case "$command" in
        "pip install cargo-lambda")
            log "skipped: $command (cargo-lambda $(cargo lambda --version | awk '{print $2}') from e2e/requirements.txt)"
            ;;
        *"cargo lambda watch"*)
            log "running: $command (-P $PORT --ignore-changes)"
            start "$RUN/watch.log" "$ROOT" bash -c "$command -P $PORT --ignore-changes"
            wait_http "http://127.0.0.1:$PORT/" 600 "cargo lambda watch"
            ;;
        *"cargo lambda invoke"*)
            log "running: $command (-P $PORT)"
            output="$(bash -c "$command -P $PORT" 2>&1)" || die "$command failed: $output"
            case "$command" in
                *" pre-sign-up "*)
                    check_event "$command" PreSignUp_SignUp \
                        'event["response"]["autoConfirmUser"] is False' "$output" ;;
                *" custom-message "*)
                    check_event "$command" CustomMessage_ForgotPassword \
                        '"{####}" in event["response"]["emailMessage"]' "$output" ;;
                *" user-migration "*)
                    check_event "$command" UserMigration_Authentication \
                        'event["response"]["finalUserStatus"] == "CONFIRMED" and event["response"]["userAttributes"]["email"]' "$output" ;;
                *) die "no check for: $command" ;;
            esac
            ;;
        *"cargo run -p cognito-triggers-cli -- invoke --dry-run"*)
            log "running: $command"
            output="$(bash -c "$command" 2>"$RUN/cli.err")" || die "$command failed: $(cat "$RUN/cli.err")"
            # The message with the code shown as `<encrypted>` (HTML-escaped in the email body).
            if ! grep -q "^Subject: " <<<"$output" || ! grep -q "encrypted" <<<"$output"; then
                die "$command printed no message: $output"
            fi
            log "ok: $command"
            ;;
        *) die "README command without a check here: $command" ;;
    esac
    ran=$((ran + 1))
done <<<"$section"
log "$ran commands of the README section work as written"
