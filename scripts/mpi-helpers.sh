# Sourced by the MPI check scripts after check-helpers.sh: mpirun with a time limit, and waits on
# the run store ($BATCHLAB_STORE).
# A deadlock must fail the checks, not hang them: every mpirun gets at most 5 minutes, and
# whatever is still running when the script ends is stopped. `--foreground`: timeout relays a
# SIGINT to mpirun alone (without it, timeout signals its whole process group, mpirun a second time).
trap 'kill $(jobs -p) 2>/dev/null' EXIT
mpirun_path=$(type -P mpirun) || { echo "FAIL: mpirun not found (scripts/install-dependencies.sh installs openmpi-bin)"; exit 1; }
mpirun() { timeout --foreground 300 "$mpirun_path" "$@"; }  # the background runs below call timeout themselves
# CI runs as root; two ranks on a 2-core machine fit, more need --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
wait_for_epoch() { # wait_for_epoch NAME [STUDY]: until the run named NAME (of STUDY) has an epoch in the store (at most 120 s)
    for _ in $(seq 1200); do
        python3 - "$BATCHLAB_STORE" "$1" "${2:-}" <<'PY' && return 0
import sqlite3, sys
try:
    n = sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM epoch JOIN run ON run.id = epoch.runID WHERE run.name = ? AND (? = '' OR run.study = ?)",
                                             (sys.argv[2], sys.argv[3], sys.argv[3])).fetchone()[0]
except sqlite3.Error:
    n = 0
sys.exit(0 if n >= 1 else 1)
PY
        sleep 0.1
    done
    return 1
}
run_field() { # run_field COLUMN NAME: that column of the run named NAME in the store
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(f"SELECT {sys.argv[2]} FROM run WHERE name = ?", (sys.argv[3],)).fetchone()[0])' \
        "$BATCHLAB_STORE" "$1" "$2"
}
wait_for_exit() { # wait_for_exit NAME: mpirun may return before rank 0 has ended; wait (at most 30 s) until the run's process is gone
    local pid
    pid=$(run_field pid "$1")
    for _ in $(seq 300); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
}
