#!/usr/bin/env bash
# mypy (with django-stubs) over src/wenming against the committed baseline, mypy-baseline.txt.
#
#   scripts/typecheck.sh          fail on any error not in the baseline, and on any baseline
#                                 line that mypy no longer reports (remove it: run --sync)
#   scripts/typecheck.sh --sync   rewrite the baseline without the errors that are gone; refuses
#                                 to add a line: a new error is fixed, not baselined
#
# The check uses mypy's incremental cache (.mypy_cache/); CI starts without one. The cache can
# keep a module's old errors when only the settings changed (django-stubs reads their types), so
# --sync always runs mypy without it, and a surprising local result goes away with
# `rm -rf .mypy_cache`.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
BASELINE=mypy-baseline.txt
mkdir -p var
report=var/mypy-report.txt

cache=()
[[ "${1:-}" == "--sync" ]] && cache=(--cache-dir=/dev/null)
status=0
"$BIN/mypy" "${cache[@]}" src/wenming >"$report" 2>&1 || status=$?
# mypy exits 1 when it found errors, 2 when it could not run at all (bad config, crash).
if (( status > 1 )); then
    cat "$report" >&2
    echo "typecheck: mypy did not run (exit $status)" >&2
    exit "$status"
fi

if [[ "${1:-}" != "--sync" ]]; then
    exec "$BIN/mypy-baseline" filter --no-colors <"$report"
fi

previous=$(mktemp)
trap 'rm -f "$previous"' EXIT
cp "$BASELINE" "$previous"
"$BIN/mypy-baseline" sync <"$report" >/dev/null
added=$(comm -13 <(sort "$previous") <(sort "$BASELINE"))
if [[ -n "$added" ]]; then
    cp "$previous" "$BASELINE"
    echo "typecheck: the baseline only shrinks; fix these new errors instead:" >&2
    echo "$added" >&2
    exit 1
fi
echo "typecheck: baseline now $(grep -c . "$BASELINE" || true) lines (was $(grep -c . "$previous" || true))"
