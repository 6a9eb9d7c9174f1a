#!/usr/bin/env bash
# Load and fault runs of the trigger functions through real components. Not part of the test
# command: each run measures and prints its figures (docs/load.md has the figures measured).
#
# Usage: scripts/load/run.sh MODE [options]
#
#   flows   boto3 -> cognito-local -> invoke proxy -> cargo lambda watch -> the three functions
#           (release builds). Runs --flows legacy password-reset flows (InitiateAuth, which
#           migrates the legacy user through user-migration; ForgotPassword, whose code
#           custom-message writes; ConfirmForgotPassword with the delivered code; InitiateAuth
#           with the new password) and --signups sign-up flows (SignUp through pre-sign-up and
#           custom-message; ConfirmSignUp with the delivered code) at --concurrency, and prints
#           p50/p99 per API call and failures by kind.
#             --flows N (20)  --signups N (20)  --concurrency N (16)
#             --watch-concurrency N (4: instances per function in cargo lambda watch)
#             --cost N (10: bcrypt cost of the legacy hashes)
#   sim     the in-process simulator (crates/simulator): ForgotPassword + ConfirmForgotPassword
#           flows per second with the reference hooks, user-migration on a SQLite legacy table
#             --flows N (1000)
#   swarm   --instances user-migration processes (release build), each polling its own Runtime
#           API endpoint of scripts/load/lambda_swarm.py, against a PostgreSQL cluster of its own
#           (initdb into a temporary folder, own port, --max-connections), with --events
#           UserMigration_Authentication events for --users legacy users; every answer checked
#             --max-connections N (20)  --pool N (LEGACY_DB_MAX_CONNECTIONS, 2)
#             --db-timeout-ms N (LEGACY_DB_TIMEOUT_MS, 1500)
#             anything after `--` goes to lambda_swarm.py (--instances 50 --events 2000
#             --users 500 --cost 10 --concurrency ... --fault ...; see its --help)
#   faults  swarm twice more: the database stopped mid-run and started again
#           (--fault db-restart), and the Runtime API dropping connections (--fault runtime-drop)
#           (same options as swarm)
#
# Needs what e2e/run.sh needs, plus PostgreSQL 15's server binaries (initdb, pg_ctl) for
# swarm and faults; as root the cluster runs as the `postgres` user. Tools are installed at
# pinned versions (e2e/requirements.txt, scripts/load/requirements.txt, e2e/package-lock.json).
# LOAD_KEEP=1 keeps the run directory (.e2e/load.*: logs, per-instance logs, JSON results).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOG_PREFIX=load
# shellcheck source=scripts/lib/stack.sh
source "$ROOT/scripts/lib/stack.sh"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
MODE="${1:-}"
[[ $# -gt 0 ]] && shift
E2E_KEEP="${LOAD_KEEP:-0}"

ensure_load_tools() {
    ensure_python_tools
    local want stamp="$VENV/.load-requirements.sha256"
    want="$(sha256sum "$ROOT/scripts/load/requirements.txt" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        return
    fi
    log "installing the load tools (scripts/load/requirements.txt) into .e2e/venv"
    "$VENV/bin/pip" install --disable-pip-version-check --quiet -r "$ROOT/scripts/load/requirements.txt"
    echo "$want" >"$stamp"
}

machine_note() {
    log "machine: $(nproc) CPUs, $(uptime | sed 's/.*load average/load average/')"
}

# ------------------------------------------------------------------ flows through cognito-local

run_flows() {
    local flows=20 signups=20 concurrency=16 watch_concurrency=4 cost=10
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --flows) flows="$2"; shift 2 ;;
            --signups) signups="$2"; shift 2 ;;
            --concurrency) concurrency="$2"; shift 2 ;;
            --watch-concurrency) watch_concurrency="$2"; shift 2 ;;
            --cost) cost="$2"; shift 2 ;;
            *) die "flows: unknown option $1" ;;
        esac
    done
    ensure_load_tools
    ensure_node_tools
    log "building the function binaries (release)"
    build_functions --release
    stack_begin load

    log "creating the legacy user database (SQLite, $flows users, bcrypt cost $cost)"
    "$VENV/bin/python" "$ROOT/scripts/load/legacy_users.py" sqlite --count "$flows" \
        --cost "$cost" --prefix flows --cache "$STATE/load-cache/flows-$flows-$cost.json" \
        --out "$RUN/legacy.sqlite"

    start_stack "sqlite:$RUN/legacy.sqlite" --release --concurrency "$watch_concurrency"
    machine_note
    "$VENV/bin/python" "$ROOT/scripts/load/cognito_flows.py" \
        --endpoint "http://127.0.0.1:$COGNITO_PORT" \
        --cognito-db "$RUN/cognito/.cognito/db" \
        --journal "$RUN/journal.jsonl" \
        --users-cache "$STATE/load-cache/flows-$flows-$cost.json" \
        --flows "$flows" --signups "$signups" --concurrency "$concurrency" \
        --json "$RUN/flows.json"
    machine_note
}

# ------------------------------------------------------------------ in-process simulator

run_sim() {
    local flows=1000
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --flows) flows="$2"; shift 2 ;;
            *) die "sim: unknown option $1" ;;
        esac
    done
    ensure_load_tools
    stack_begin load
    "$VENV/bin/python" "$ROOT/scripts/load/legacy_users.py" sqlite --count "$flows" \
        --cost 4 --prefix sim --cache "$STATE/load-cache/sim-$flows.json" \
        --out "$RUN/legacy.sqlite"
    log "building the simulator example (release)"
    (cd "$ROOT" && cargo build --quiet --release -p cognito-simulator --example flows_per_second)
    machine_note
    "$ROOT/target/release/examples/flows_per_second" "sqlite:$RUN/legacy.sqlite" "$flows"
    machine_note
}

# ------------------------------------------------------------------ own PostgreSQL cluster

# As root, the cluster's commands run as the `postgres` user.
AS_POSTGRES=()
[[ "$(id -u)" == 0 ]] && AS_POSTGRES=(runuser -u postgres --)
as_postgres() { "${AS_POSTGRES[@]}" "$@"; }

PG_DIR=""
PG_PORT=""
PG_OPTIONS=""

# pg_start MAX_CONNECTIONS: a new cluster in a temporary folder, on a free port, trust auth on
# loopback; a role `legacy_reader` that may only read `legacy_users`.
pg_start() {
    local max="$1"
    [[ -x "$PG_BIN/initdb" ]] || die "no PostgreSQL server binaries in $PG_BIN (set PG_BIN)"
    PG_DIR="$(mktemp -d /tmp/load-pg.XXXXXX)"
    [[ "$(id -u)" == 0 ]] && chown postgres "$PG_DIR"
    read -r PG_PORT < <(free_ports 1)
    PG_OPTIONS="-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=$max"
    log "own PostgreSQL cluster in $PG_DIR on 127.0.0.1:$PG_PORT, max_connections=$max"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
    CLEANUP_HOOKS+=("pg_stop_for_good")
    pg_ctl_start
    psql_admin -q -c "CREATE DATABASE legacy" >/dev/null
}

pg_ctl_start() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -o "$PG_OPTIONS" -l "$PG_DIR/server.log" -w start >/dev/null
}

pg_stop_for_good() {
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        if [[ "${LOAD_KEEP:-0}" == 1 && -n "$RUN" ]]; then
            cp "$PG_DIR/server.log" "$RUN/postgres.log" 2>/dev/null || true
        fi
        rm -rf "$PG_DIR"
    fi
}

psql_admin() {
    psql -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "${PSQL_DB:-postgres}" -v ON_ERROR_STOP=1 "$@"
}

pg_seed() {
    local users="$1" cost="$2"
    log "seeding $users legacy users (bcrypt cost $cost) into the cluster"
    "$VENV/bin/python" "$ROOT/scripts/load/legacy_users.py" pg-sql --count "$users" --cost "$cost" \
        --prefix swarm --cache "$STATE/load-cache/swarm-$users-$cost.json" \
        | PSQL_DB=legacy psql_admin -q >/dev/null
    PSQL_DB=legacy psql_admin -q <<'SQL' >/dev/null
CREATE ROLE legacy_reader LOGIN;
GRANT SELECT ON legacy_users TO legacy_reader;
SQL
}

# ------------------------------------------------------------------ many instances, one database

# swarm_run NAME [swarm options] [-- lambda_swarm.py options]
swarm_run() {
    local name="$1"
    shift
    local pool=2 db_timeout=1500 instances=50 users=500 cost=10 passthrough=()
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --pool) pool="$2"; shift 2 ;;
            --db-timeout-ms) db_timeout="$2"; shift 2 ;;
            --max-connections) shift 2 ;; # used by pg_start
            --) shift; passthrough+=("$@"); break ;;
            *) die "swarm: unknown option $1" ;;
        esac
    done
    # The swarm's own defaults, unless given after `--`.
    local i
    for ((i = 0; i < ${#passthrough[@]}; i++)); do
        case "${passthrough[$i]}" in
            --instances) instances="${passthrough[$((i + 1))]}" ;;
            --users) users="${passthrough[$((i + 1))]}" ;;
            --cost) cost="${passthrough[$((i + 1))]}" ;;
        esac
    done
    machine_note
    log "$name: $instances instances, LEGACY_DB_MAX_CONNECTIONS=$pool, LEGACY_DB_TIMEOUT_MS=$db_timeout"
    local monitor
    monitor="psql -X -h 127.0.0.1 -p $PG_PORT -U postgres -d legacy -Atc \"SELECT count(*) FROM pg_stat_activity WHERE usename = 'legacy_reader'\""
    "$VENV/bin/python" "$ROOT/scripts/load/lambda_swarm.py" \
        --binary "$ROOT/target/release/user-migration" \
        --users-cache "$STATE/load-cache/swarm-$users-$cost.json" \
        --logs "$RUN/$name-instances" --json "$RUN/$name.json" \
        --env "LEGACY_DATABASE_URL=postgres://legacy_reader@127.0.0.1:$PG_PORT/legacy" \
        --env LEGACY_DB_ALLOW_UNVERIFIED_TLS=true \
        --env "LEGACY_DB_MAX_CONNECTIONS=$pool" \
        --env "LEGACY_DB_TIMEOUT_MS=$db_timeout" \
        --env "LEGACY_HASH_MAX_BCRYPT_COST=14" \
        --env "RUST_LOG=${RUST_LOG:-info}" \
        --db-stop-cmd "${AS_POSTGRES[*]} $PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop >/dev/null" \
        --db-start-cmd "${AS_POSTGRES[*]} $PG_BIN/pg_ctl -D $PG_DIR/data -o '$PG_OPTIONS' -l $PG_DIR/server.log -w start >/dev/null" \
        --pg-monitor-cmd "$monitor" \
        "${passthrough[@]}" || SWARM_FAILED=1
    machine_note
    log "$name: instance logs: $(cat "$RUN/$name-instances"/*.log | grep -c '"level":"ERROR"' || true) ERROR records, $(cat "$RUN/$name-instances"/*.log | grep -c '"level":"WARN"' || true) WARN records"
}

swarm_setup() {
    local max=20 users=500 cost=10 i
    local args=("$@")
    for ((i = 0; i < ${#args[@]}; i++)); do
        case "${args[$i]}" in
            --max-connections) max="${args[$((i + 1))]}" ;;
            --users) users="${args[$((i + 1))]}" ;;
            --cost) cost="${args[$((i + 1))]}" ;;
        esac
    done
    ensure_load_tools
    command -v psql >/dev/null || die "psql is not installed"
    log "building user-migration (release)"
    (cd "$ROOT" && cargo build --quiet --release -p cognito-legacy-migration --bin user-migration)
    stack_begin load
    pg_start "$max"
    pg_seed "$users" "$cost"
}

SWARM_FAILED=0

case "$MODE" in
    flows) run_flows "$@" ;;
    sim) run_sim "$@" ;;
    swarm)
        swarm_setup "$@"
        swarm_run swarm "$@"
        ;;
    faults)
        swarm_setup "$@"
        separator=(--)
        for argument in "$@"; do [[ "$argument" == -- ]] && separator=(); done
        swarm_run db-restart "$@" "${separator[@]}" --fault db-restart
        swarm_run runtime-drop "$@" "${separator[@]}" --fault runtime-drop
        ;;
    *) die "usage: scripts/load/run.sh flows|sim|swarm|faults [options] (see the header of this script)" ;;
esac
[[ "$SWARM_FAILED" == 0 ]] || die "a swarm run broke a promise (VIOLATION lines above)"
