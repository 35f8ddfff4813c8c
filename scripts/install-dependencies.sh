#!/usr/bin/env bash
# Installs the system packages BatchLab needs on Debian/Ubuntu, when they are missing:
# oneDNN (libdnnl-dev), SQLite (libsqlite3-dev, for the run store), Chromium (the dashboard's browser checks), tar and gzip for the dataset archive, python3 for the download tests.
set -euo pipefail
missing=()
for package in libdnnl-dev libsqlite3-dev tar gzip python3 chromium; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
