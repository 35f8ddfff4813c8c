#!/usr/bin/env bash
# End-to-end checks of sweeps spread over an MPI job: usage: mpi-sweep-checks.sh BATCHLAB DATA WORKDIR.
# Rank 0 holds the queue and the store, the other ranks train: a 4-run sweep on `mpirun -np 2`
# puts each run in the store exactly once, with the rank that trained it; `--ranks-per-run 2`
# trains each run data-parallel and early termination stops runs; Ctrl-C leaves the unfinished
# runs interrupted and `sweep --resume` under mpirun finishes them; `kill -9` of a rank leaves
# every unfinished run interrupted, and the sweep resumes without MPI.
set -uo pipefail
batchlab=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export BATCHLAB_STORE="$work/runs.sqlite"
source "$(dirname "$0")/check-helpers.sh"
source "$(dirname "$0")/mpi-helpers.sh"
grid=(sweep --lr 1e-3,3e-3 --batch-size 32,64 --data "$data" --store "$BATCHLAB_STORE")
wait_for_ranks() { # mpirun may return before its ranks have ended: wait (at most 30 s) until no rank of this store is left
    for _ in $(seq 300); do pgrep -f -- "--store $BATCHLAB_STORE" >/dev/null || return 0; sleep 0.1; done
}

mpirun -np 2 "$batchlab" "${grid[@]}" --epochs 2 --subset 1000 --study grid >"$work/grid.txt" 2>&1 \
    || { fail "a sweep on mpirun -np 2 exited non-zero"; cat "$work/grid.txt"; }
check "a 4-run sweep on 2 ranks: each run in the store once, finished, trained by rank 1" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT name, status, mpiRanks, ranks FROM run WHERE study = ?", ("grid",)).fetchall()
names = sorted(name for name, *_ in runs)
assert names == ["lr=0.001 batch=32", "lr=0.001 batch=64", "lr=0.003 batch=32", "lr=0.003 batch=64"], runs
assert all(status == "finished" and json.loads(ranks) == [1] and count == 1 for _, status, ranks, count in runs), runs
epochs = db.execute("SELECT COUNT(*), COUNT(DISTINCT runID || \"/\" || epoch) FROM epoch JOIN run ON run.id = runID WHERE study = ?", ("grid",)).fetchone()
assert epochs == (8, 8), epochs'
[ "$(grep -c '^Done: 4 finished.' "$work/grid.txt")" -eq 1 ] && grep -q "rank 1 on" "$work/grid.txt" \
    && [ -s "$work/logs/grid/lr_0.001_batch_32.log" ] && grep -q "^Epoch 2/2" "$work/logs/grid/lr_0.001_batch_32.log" \
    && pass "only rank 0 prints the table (with each run's rank); each run's output goes to its log" \
    || { fail "output of a sweep on 2 ranks"; cat "$work/grid.txt"; }

printf 'name: halving\nparameters:\n  optimizer.lr: [0.003, 0.001, 0.00001, 0.000003]\n  epochs: 3\n  data.subset: 1000\n  batch_size: 64\nearly_terminate: {type: successive_halving, min_epochs: 1, eta: 2}\n' >"$work/halving.yaml"
mpirun -np 3 "$batchlab" sweep "$work/halving.yaml" --ranks-per-run 2 --data "$data" >"$work/halving.txt" 2>&1 \
    || { fail "a halving sweep on 1 + 2 ranks exited non-zero"; cat "$work/halving.txt"; }
check "--ranks-per-run 2: every run trained data-parallel on ranks 1 and 2; halving stopped runs at their rungs" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT name, status, ranks, mpiRanks FROM run WHERE study = ?", ("halving",)).fetchall()
assert len(runs) == 4 and len({name for name, *_ in runs}) == 4, runs
assert all(ranks == 2 and json.loads(mpi) == [1, 2] for _, _, ranks, mpi in runs), runs
statuses = {name: status for name, status, _, _ in runs}
assert statuses["lr=0.003"] == "finished" and statuses["lr=1e-05"] == statuses["lr=3e-06"] == "stopped-early", statuses'
output=$(mpirun -np 2 "$batchlab" "${grid[@]}" --ranks-per-run 2 2>&1) && fail "--ranks-per-run 2 on 2 ranks was accepted" || {
    grep -q "the job needs 1 + a multiple of 2 ranks (it has 2)" <<<"$output" \
        && pass "--ranks-per-run that does not divide the ranks after rank 0 is refused" || fail "--ranks-per-run 2 on 2 ranks: $output"; }

# Ctrl-C: mpirun sends SIGTERM to every rank; the training runs record themselves interrupted,
# the queued ones never start; `sweep --resume` under mpirun finishes them all.
timeout --foreground 300 "$mpirun_path" -np 3 "$batchlab" "${grid[@]}" --epochs 3 --subset 10000 --study stopped >"$work/stopped.txt" 2>&1 &
mpirun_pid=$!
wait_for_epoch "lr=0.001 batch=64" stopped || fail "the stopped sweep recorded no epoch"
kill -INT $mpirun_pid
wait $mpirun_pid
wait_for_ranks
check "Ctrl-C: the runs that trained read interrupted, none running, none started twice" '
import sqlite3, sys
runs = sqlite3.connect(sys.argv[1]).execute("SELECT name, status, message FROM run WHERE study = ?", ("stopped",)).fetchall()
assert 1 <= len(runs) <= 4 and len({name for name, *_ in runs}) == len(runs), runs
assert all(status in ("interrupted", "finished") for _, status, _ in runs) and any(status == "interrupted" for _, status, _ in runs), runs'
mpirun -np 3 "$batchlab" sweep --resume stopped --store "$BATCHLAB_STORE" >"$work/resumed.txt" 2>&1 \
    || { fail "sweep --resume under mpirun exited non-zero"; cat "$work/resumed.txt"; }
check "sweep --resume on 1 + 2 ranks finishes every run, each once with epochs 1-3" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT id, status FROM run WHERE study = ?", ("stopped",)).fetchall()
assert len(runs) == 4 and all(status == "finished" for _, status in runs), runs
for id, _ in runs:
    assert [e for (e,) in db.execute("SELECT epoch FROM epoch WHERE runID = ? ORDER BY epoch", (id,))] == [1, 2, 3], id'

# kill -9 of rank 1: Open MPI ends the whole job; rank 0 records rank 1's run interrupted (its
# process is gone), rank 2's run interrupts itself at the SIGTERM. The sweep resumes without MPI.
timeout --foreground 300 "$mpirun_path" -np 3 "$batchlab" "${grid[@]}" --epochs 3 --subset 10000 --study killed >"$work/killed.txt" 2>&1 &
mpirun_pid=$!
wait_for_epoch "lr=0.001 batch=32" killed || fail "the killed sweep recorded no epoch"
rank1=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT pid FROM run WHERE study = ? AND mpiRanks = ?", ("killed", "[1]")).fetchone()[0])' "$BATCHLAB_STORE" 2>/dev/null)
[ -n "$rank1" ] && kill -9 "$rank1" || fail "rank 1 of the killed sweep not found"
wait $mpirun_pid && fail "mpirun exited 0 after a rank was killed"
wait_for_ranks
check "kill -9 of a rank: the store intact, none of the sweep's runs finished" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
runs = db.execute("SELECT name, status FROM run WHERE study = ?", ("killed",)).fetchall()
assert len(runs) >= 1 and all(status in ("interrupted", "running") for _, status in runs), runs'
# A run whose rank 0 was killed before it could record it reads interrupted all the same (its process is gone).
listed=$("$batchlab" runs list --study killed --store "$BATCHLAB_STORE" | tail -n +2)
[ -n "$listed" ] && ! grep -qv " interrupted " <<<"$listed" && pass "kill -9 of a rank: every run of the sweep reads interrupted" \
    || { fail "statuses after kill -9 of a rank"; echo "$listed"; }
"$batchlab" sweep --resume killed --store "$BATCHLAB_STORE" >"$work/killed-resumed.txt" 2>&1 \
    && check "the killed sweep resumes without MPI and finishes its 4 runs, each once" '
import sqlite3, sys
runs = sqlite3.connect(sys.argv[1]).execute("SELECT status FROM run WHERE study = ?", ("killed",)).fetchall()
assert sorted(runs) == [("finished",)] * 4, runs' \
    || { fail "sweep --resume without MPI"; cat "$work/killed-resumed.txt"; }

[ $failures -eq 0 ] || { echo "$failures MPI sweep check(s) failed"; exit 1; }
