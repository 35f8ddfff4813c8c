#!/usr/bin/env bash
# Runs the test suite: installs what is missing, checks the CLI end to end (bad input, and a
# short training run when the shared CIFAR-10 is beside the repository), then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release
scripts/cli-checks.sh .build/release/batchlab
swift test
