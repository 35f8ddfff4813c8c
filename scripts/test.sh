#!/usr/bin/env bash
# Runs the test suite: installs what is missing, checks the CLI end to end (bad input, and
# training runs on the shared CIFAR-10 beside the repository), then `swift test`. The unit tests
# run even when a CLI check fails; the script then exits non-zero, naming what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh --tests
swift build -c release
failed=()
scripts/cli-checks.sh .build/release/batchlab || failed+=("CLI checks (scripts/cli-checks.sh)")
swift test || failed+=("unit tests (swift test)")
if [ ${#failed[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "All checks passed."
