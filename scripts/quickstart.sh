#!/usr/bin/env bash
# The main job: install what is missing, build in release mode, make sure CIFAR-10 is there
# ($BATCHLAB_DATA, or downloaded to ~/.cache/batchlab), and run the tutorial's study: six runs
# of seed-cnn side by side, recorded in ./batchlab-runs/runs.sqlite, compared in an HTML report.
# Extra arguments go to `batchlab study seed` (default: --epochs 3).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release
batchlab=.build/release/batchlab
if ! problem=$($batchlab data verify 2>&1); then
    if [ -n "${BATCHLAB_DATA:-}" ]; then
        echo "$problem" >&2
        exit 1
    fi
    $batchlab data download
fi
[ $# -gt 0 ] || set -- --epochs 3
exec $batchlab study seed "$@"
