#!/usr/bin/env bash
# A local AWS Secrets Manager for the migration tests: moto in server mode, on loopback.
#
#   scripts/moto.sh start   install moto (pinned, into .e2e/moto/venv) if needed, start it in the
#                           background on a free 127.0.0.1 port, and print its endpoint URL
#                           (also written to .e2e/moto/endpoint). Already running: print it.
#   scripts/moto.sh stop    stop it (nothing running: nothing to do)
#
# The Rust tests read the endpoint from MOTO_ENDPOINT_URL, e.g.
#   export MOTO_ENDPOINT_URL="$(scripts/moto.sh start)"; cargo test -p cognito-legacy-migration
# moto accepts any credentials and keeps everything in memory; nothing leaves this machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.e2e/moto"
VENV="$STATE/venv"
PIDFILE="$STATE/moto.pid"
ENDPOINT_FILE="$STATE/endpoint"
LOGFILE="$STATE/moto.log"

log() { printf 'moto: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# moto[server] and everything it pulls in, at the versions the tests were run with.
requirements() {
    cat <<'REQ'
annotated-types==0.8.0
antlr4-python3-runtime==4.13.2
attrs==26.1.0
aws-encryption-sdk==4.0.7
aws-sam-translator==1.103.0
aws-xray-sdk==2.15.0
blinker==1.9.0
boto3==1.44.8
botocore==1.44.8
certifi==2026.10.19.post1
cffi==2.1.1
cfn-lint==1.41.0
charset-normalizer==3.5.3
click==8.5.1
cryptography==50.0.2
docker==7.2.0
Flask==3.1.3
flask-cors==6.0.5
graphql-core==3.3.2
idna==3.20
itsdangerous==2.2.0
Jinja2==3.1.6
jmespath==1.1.0
joserfc==1.8.0
jsonpatch==1.48
jsonpath-ng==1.16.0
jsonpointer==3.12
jsonschema==4.26.0
jsonschema-path==0.5.0
jsonschema-specifications==2025.9.1
lazy-object-proxy==1.13.0
MarkupSafe==3.0.4
moto[server]==5.1.22
mpmath==1.3.0
networkx==3.6.1
openapi-schema-validator==0.9.0
openapi-spec-validator==0.9.0
pathable==0.6.0
py-partiql-parser==0.6.3
pycparser==3.12
pydantic==2.12.4
pydantic-settings==2.16.3
pydantic_core==2.41.5
pyparsing==3.3.3
python-dateutil==2.9.0.post0
python-dotenv==1.2.4
PyYAML==6.0.4
referencing==0.37.0
regex==2026.11.19
requests==2.34.2
responses==0.26.3
rfc3339-validator==0.1.4
rpds-py==2026.9.1
s3transfer==0.19.3
six==1.17.0
sympy==1.14.0
typing-inspection==0.4.5
typing_extensions==4.16.0
urllib3==2.8.0
Werkzeug==3.1.9
wrapt==2.5.2
xmltodict==1.0.4
REQ
}

ensure_moto() {
    local want stamp="$VENV/.requirements.sha256"
    want="$(requirements | sha256sum | cut -d' ' -f1)"
    if [[ -x "$VENV/bin/moto_server" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return
    fi
    log "installing moto (pinned) into .e2e/moto/venv"
    mkdir -p "$STATE"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --disable-pip-version-check --quiet -r <(requirements)
    echo "$want" >"$stamp"
}

running_pid() {
    local pid
    [[ -f "$PIDFILE" ]] || return 1
    pid="$(cat "$PIDFILE")"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

# Whether the server at $1 answers (moto's own API, no AWS call).
answers() {
    python3 - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=2)
except Exception:
    sys.exit(1)
PY
}

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
PY
}

start() {
    if running_pid >/dev/null && [[ -f "$ENDPOINT_FILE" ]] && answers "$(cat "$ENDPOINT_FILE")"; then
        cat "$ENDPOINT_FILE"
        return
    fi
    stop_quietly
    ensure_moto
    mkdir -p "$STATE"
    local port endpoint pid i
    port="$(free_port)"
    endpoint="http://127.0.0.1:$port"
    # Its own session and process group, so that stop ends it and nothing else.
    setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$LOGFILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    for i in $(seq 1 100); do
        if answers "$endpoint"; then
            echo "$endpoint" >"$ENDPOINT_FILE"
            log "listening on $endpoint (pid $pid, log .e2e/moto/moto.log)"
            echo "$endpoint"
            return
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    tail -n 20 "$LOGFILE" >&2 || true
    stop_quietly
    die "moto did not start on $endpoint"
}

stop_quietly() {
    local pid
    if pid="$(running_pid)"; then
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    rm -f "$PIDFILE" "$ENDPOINT_FILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop_quietly ;;
    *) die "usage: scripts/moto.sh start|stop" ;;
esac
