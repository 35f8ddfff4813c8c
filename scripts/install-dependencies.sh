#!/usr/bin/env bash
# Installs the system packages BatchLab needs on Debian/Ubuntu, when they are missing: oneDNN
# (libdnnl-dev), SQLite (libsqlite3-dev, for the run store), Open MPI (libopenmpi-dev to build,
# openmpi-bin for mpirun: data-parallel training), tar and gzip for the dataset archive.
# With --tests, also what only the checks need: python3 (store checks, download tests), curl and
# Chromium (the dashboard's HTTP and browser checks), and in the virtual environment
# $BATCHLAB_CHECKS_VENV MLflow's client (mlflow-skinny) and TensorBoard, which read the exports back.
set -euo pipefail
packages=(libdnnl-dev libsqlite3-dev libopenmpi-dev openmpi-bin tar gzip)
case "${1:-}" in
    --tests) packages+=(python3 python3-venv curl chromium) ;;
    "") ;;
    *) echo "usage: $0 [--tests]" >&2; exit 64 ;;
esac
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = --tests ]; then
    venv=${BATCHLAB_CHECKS_VENV:?scripts/test.sh sets BATCHLAB_CHECKS_VENV, the folder of the checks virtual environment}
    if ! "$venv/bin/python" -c "import mlflow, tensorboard" 2>/dev/null; then
        echo "Installing mlflow-skinny and tensorboard into $venv"
        # Without them the export checks fail, saying so; the other checks and the unit tests still run.
        { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check mlflow-skinny==3.17.2 tensorboard==2.21.0; } \
            || echo "Warning: could not install mlflow-skinny and tensorboard into $venv: the export checks will fail" >&2
    fi
fi
