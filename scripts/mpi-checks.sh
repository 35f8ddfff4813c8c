#!/usr/bin/env bash
# End-to-end checks of data-parallel training over Open MPI: usage: mpi-checks.sh BATCHLAB DATA WORKDIR.
# `mpirun -np 2 batchlab train` gives the numbers of one process with the same global batch (the
# oracle: loss and accuracy per epoch within relative 1e-4, dropout on); the store records the
# ranks and hosts and the epochs the allreduce time; only `train` runs under mpirun, and a batch
# the ranks do not divide is refused; Ctrl-C (mpirun turns it into SIGTERM for every rank) leaves
# the run interrupted and resumable on two ranks; `kill -9` of one rank ends the job, the run
# reads interrupted and resumes in one process.
set -uo pipefail
batchlab=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export BATCHLAB_STORE="$work/runs.sqlite"
source "$(dirname "$0")/check-helpers.sh"
source "$(dirname "$0")/mpi-helpers.sh"
run=(train --data "$data" --subset 2000 --epochs 2 --batch-size 64 --seed 7 --threads 1 --store "$BATCHLAB_STORE")

"$batchlab" "${run[@]}" --name one >"$work/one.txt" 2>&1 || { fail "one process exited non-zero"; cat "$work/one.txt"; }
mpirun -np 2 "$batchlab" "${run[@]}" --name two >"$work/two.txt" 2>&1 || { fail "mpirun -np 2 exited non-zero"; cat "$work/two.txt"; }
check "2 ranks give the numbers of one process (loss within relative 1e-4 after epoch 1), record their hosts and the allreduce time" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = {name: (id, ranks, hosts, status) for id, name, ranks, hosts, status in db.execute("SELECT id, name, ranks, hosts, status FROM run")}
assert set(runs) == {"one", "two"}, runs
assert runs["one"][1] == 1 and runs["two"][1] == 2 and len(json.loads(runs["two"][2])) == 2, runs
assert runs["one"][3] == runs["two"][3] == "finished", runs
logs = {name: [json.loads(l) for (l,) in db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch", (runs[name][0],))] for name in runs}
assert len(logs["one"]) == len(logs["two"]) == 2, logs
# Summation order differs (per-rank sums, then the allreduce), and Adam magnifies such differences
# in near-zero gradients: relative 1e-4 after epoch 1, 1e-3 after epoch 2; accuracies within 10 or
# 20 of the 10,000 validation images.
for a, b, relative, images in zip(logs["one"], logs["two"], (1e-4, 1e-3), (10, 20)):
    for key in ("loss", "val_loss"):
        assert abs(a[key] - b[key]) <= relative * abs(a[key]), (a["epoch"], key, a[key], b[key])
    for key in ("accuracy", "val_accuracy"):
        assert abs(a[key] - b[key]) <= images / 10000, (a["epoch"], key, a[key], b[key])
    assert b["allreduce_seconds"] > 0 and "allreduce_seconds" not in a, (a, b)'
[ "$(grep -c '^Epoch 1/2' "$work/two.txt")" -eq 1 ] && grep -q "on each of 2 MPI ranks" "$work/two.txt" \
    && pass "only rank 0 prints" || { fail "output of 2 ranks"; cat "$work/two.txt"; }

output=$(mpirun -np 2 "$batchlab" "${run[@]}" --batch-size 63 2>&1) && fail "batch 63 on 2 ranks was accepted" || {
    grep -q "63 is the global batch: it must be a multiple of the 2 MPI ranks" <<<"$output" \
        && pass "a batch the ranks do not divide is refused" || fail "batch 63 on 2 ranks: $output"; }
output=$(mpirun -np 2 "$batchlab" lr-find --data "$data" --subset 2000 2>&1) && fail "lr-find ran under mpirun" || {
    grep -q "run under mpirun or srun; run this command without them" <<<"$output" && pass "other commands refuse to run under mpirun" \
        || fail "lr-find under mpirun: $output"; }

# Ctrl-C: mpirun sends SIGTERM to every rank; they stop at the same step. The run is interrupted
# once its first epoch is in the store (timeout relays the SIGINT to mpirun).
long=(train --data "$data" --subset 10000 --epochs 3 --batch-size 64 --seed 7 --threads 1 --store "$BATCHLAB_STORE"
      --checkpoint-dir "$work/checkpoints")
timeout --foreground 300 mpirun -np 2 "$batchlab" "${long[@]}" --name interrupted >"$work/interrupted.txt" 2>&1 &
mpirun_pid=$!
wait_for_epoch interrupted || fail "the interrupted run recorded no epoch"
kill -INT $mpirun_pid
wait $mpirun_pid
wait_for_exit interrupted
check "SIGINT to mpirun leaves the run interrupted after its recorded epochs" '
import sqlite3, sys
status, message = sqlite3.connect(sys.argv[1]).execute("SELECT status, message FROM run WHERE name = ?", ("interrupted",)).fetchone()
assert status == "interrupted" and message.startswith("stopped by SIG"), (status, message)'
id=$(run_field id interrupted)
mpirun -np 2 "$batchlab" train --resume "$id" --store "$BATCHLAB_STORE" >"$work/resumed.txt" 2>&1 \
    && grep -q "Resuming run $id" "$work/resumed.txt" && pass "--resume on 2 ranks finishes the interrupted run" \
    || { fail "--resume on 2 ranks"; cat "$work/resumed.txt"; }

# kill -9 of rank 1: Open MPI ends the whole job; rank 0 cannot record it, the run reads interrupted
# (its process is gone) and resumes in one process.
timeout --foreground 300 mpirun -np 2 "$batchlab" "${long[@]}" --name killed >"$work/killed.txt" 2>&1 &
mpirun_pid=$!
wait_for_epoch killed || fail "the killed run recorded no epoch"
rank1=$(python3 - <<'PY'
import os
# Rank 1 of this run: Open MPI gives it OMPI_COMM_WORLD_RANK=1; its command line names the run.
for pid in os.listdir("/proc"):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            env = f.read().split(b"\0")
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = f.read().split(b"\0")
    except OSError:
        continue
    if b"OMPI_COMM_WORLD_RANK=1" in env and b"killed" in args and b"train" in args:
        print(pid)
PY
)
[ -n "$rank1" ] && kill -9 $rank1 || fail "rank 1 of the killed run not found"
wait $mpirun_pid && fail "mpirun exited 0 after a rank was killed"
wait_for_exit killed
"$batchlab" runs list --store "$BATCHLAB_STORE" | grep -Eq "^[0-9]+ +killed +interrupted" \
    && pass "kill -9 of one rank: the run reads interrupted" || { fail "status after kill -9"; "$batchlab" runs list --store "$BATCHLAB_STORE"; }
id=$(run_field id killed)
"$batchlab" train --resume "$id" --store "$BATCHLAB_STORE" >"$work/resumed-one.txt" 2>&1 \
    && check "the killed run resumes in one process and finishes with its 3 epochs" "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
status, ranks = db.execute('SELECT status, ranks FROM run WHERE id = $id').fetchone()
epochs = [e for (e,) in db.execute('SELECT epoch FROM epoch WHERE runID = $id ORDER BY epoch')]
assert status == 'finished' and ranks == 1 and epochs == [1, 2, 3], (status, ranks, epochs)" \
    || { fail "--resume in one process"; cat "$work/resumed-one.txt"; }

# How many machines a batch size is worth: compute measured here, the allreduce among 2 ranks of
# this host (mpirun), S(B) given; the prediction is saved and charted by the report.
"$batchlab" scale --batch-size 64 --threads 1 --machines 1,2,4 --images 256 --loopback-ranks 2 --steps-to-target 500 \
    --study scaling --store "$BATCHLAB_STORE" >"$work/scale.txt" 2>&1 \
    && grep -q "^this host (loopback): batch 64 is worth [124] machine" "$work/scale.txt" && grep -q "^10 Gbit/s: batch 64 is worth" "$work/scale.txt" \
    && check "batchlab scale saves its prediction: 3 machine counts on 4 networks, S(B) 500" '
import json, sqlite3, sys
(result,) = sqlite3.connect(sys.argv[1]).execute("SELECT result FROM analysis WHERE kind = ? AND study = ?", ("scaling", "scaling")).fetchone()
prediction = json.loads(result)
assert len(prediction["rows"]) == 12 and prediction["stepsToTarget"] == 500, prediction
loopback = [row for row in prediction["rows"] if row["network"] == "this host (loopback)"]
assert [row["perMachineBatch"] for row in loopback] == [64, 32, 16] and loopback[1]["allreduceSeconds"] > 0, loopback
assert all(abs(row["seconds"] - 500 * row["stepSeconds"]) < 1e-9 for row in prediction["rows"])' \
    || { fail "batchlab scale"; cat "$work/scale.txt"; }
"$batchlab" report --study scaling --store "$BATCHLAB_STORE" -o "$work/scale.html" >/dev/null 2>&1 \
    && grep -q "seed-cnn, batch 64: time to the target against machines" "$work/scale.html" \
    && grep -q "this host (loopback): batch 64 is worth" "$work/scale.html" \
    && pass "the report charts the prediction and says where machines stop paying" || fail "report of the scaling study"
output=$("$batchlab" scale --batch-size 64 --machines 1,128 --store "$BATCHLAB_STORE" 2>&1) && fail "--machines 128 for batch 64 was accepted" || {
    grep -q -- "--machines: 128 is not from 1 to 64" <<<"$output" && pass "scale refuses more machines than examples" || fail "--machines 128: $output"; }
output=$("$batchlab" scale --batch-size 64 --study nothing-to-target --store "$BATCHLAB_STORE" 2>&1) && fail "scale without S(B) was accepted" || {
    grep -q -- "--study nothing-to-target: no S(B)" <<<"$output" && pass "scale names what S(B) needs" || fail "--study without targets: $output"; }

scripts/mpi-sweep-checks.sh "$batchlab" "$data" "$work/sweeps" || failures=$((failures + 1))

[ $failures -eq 0 ] || { echo "$failures MPI check(s) failed"; exit 1; }
