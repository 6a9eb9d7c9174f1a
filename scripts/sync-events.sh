#!/usr/bin/env bash
# Copies the sample events to events/. The one source of the sample events is
# crates/triggers/samples/ (the core crate embeds them with include_str!, so they must live inside
# the crate); events/<triggerSource>.json is a copy of each, kept for `cargo lambda invoke
# --data-file`, `sam local invoke -e` and the docs. events/variants/ is not generated.
#
#   scripts/sync-events.sh          write the copies (and remove copies of deleted samples)
#   scripts/sync-events.sh --check  change nothing; exit 1 naming every copy that differs
#
# The test crates/workspace-harness/tests/sample_events.rs fails as --check does.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES="$ROOT/crates/triggers/samples"
EVENTS="$ROOT/events"
check=0
[ "${1:-}" = "--check" ] && check=1

stale=0
for sample in "$SAMPLES"/*.json; do
    copy="$EVENTS/$(basename "$sample")"
    if ! cmp -s "$sample" "$copy"; then
        if [ "$check" = 1 ]; then
            echo "differs from its sample: events/$(basename "$sample")" >&2
            stale=1
        else
            cp "$sample" "$copy"
        fi
    fi
done
for copy in "$EVENTS"/*.json; do
    [ -e "$copy" ] || continue
    if [ ! -e "$SAMPLES/$(basename "$copy")" ]; then
        if [ "$check" = 1 ]; then
            echo "no such sample: events/$(basename "$copy")" >&2
            stale=1
        else
            rm "$copy"
        fi
    fi
done
if [ "$stale" = 1 ]; then
    echo "run scripts/sync-events.sh to copy crates/triggers/samples/ to events/" >&2
    exit 1
fi
