#!/usr/bin/env bash
# Installs the system packages BatchLab needs on Debian/Ubuntu, when they are missing: oneDNN
# (libdnnl-dev), SQLite (libsqlite3-dev, for the run store), Open MPI (libopenmpi-dev to build,
# openmpi-bin for mpirun: data-parallel training), tar and gzip for the dataset archive.
# With --tests, also what only the checks need: python3 (store checks, download tests), curl and
# Chromium (the dashboard's HTTP and browser checks).
set -euo pipefail
packages=(libdnnl-dev libsqlite3-dev libopenmpi-dev openmpi-bin tar gzip)
case "${1:-}" in
    --tests) packages+=(python3 curl chromium) ;;
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
