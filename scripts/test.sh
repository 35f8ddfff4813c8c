#!/usr/bin/env bash
# Runs the test suite: installs what is missing, checks the CLI end to end (bad input, and
# training runs on the shared CIFAR-10 beside the repository), then `swift test`. The unit tests
# run even when a CLI check fails; the script then exits non-zero, naming what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every process the checks start inherits this mark, so that one left behind is found at the end.
export BATCHLAB_CHECKS_ID="$$-$RANDOM$RANDOM"
# The live processes, other than this script, that carry the mark.
survivors() {
    local environ pid
    for environ in /proc/[0-9]*/environ; do
        pid=${environ#/proc/}; pid=${pid%/environ}
        [ "$pid" != $$ ] || continue
        { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qx "BATCHLAB_CHECKS_ID=$BATCHLAB_CHECKS_ID" && echo "$pid"
    done
    return 0
}
# Where the checks' Python packages go (MLflow's client, to read the MLflow export back).
export BATCHLAB_CHECKS_VENV=${BATCHLAB_CHECKS_VENV:-$HOME/.cache/batchlab/checks-venv}
scripts/install-dependencies.sh --tests
swift build -c release
failed=()
scripts/cli-checks.sh .build/release/batchlab || failed+=("CLI checks (scripts/cli-checks.sh)")
swift test || failed+=("unit tests (swift test)")
# Every process the checks and tests started must have ended with them.
leftovers=$(mktemp)
survivors >"$leftovers"
if [ -s "$leftovers" ]; then
    ps -o pid=,args= -p "$(paste -sd, "$leftovers")" || true
    failed+=("processes outlived the checks (listed above; now killed)")
    xargs -r kill -9 <"$leftovers" 2>/dev/null || true
fi
rm -f "$leftovers"
if [ ${#failed[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "All checks passed."
