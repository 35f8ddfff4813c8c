#!/usr/bin/env bash
# `batchlab scale`'s prediction against measured data-parallel step times on this host: usage:
# scripts/bench-scale.sh [BATCHLAB] [DATA]   (env: MODEL, BATCH, RANKS, SUBSET, REPEATS)
# `batchlab scale --threads 1 --loopback-ranks …` predicts step(N) = compute(⌈B/N⌉) + allreduce(N) for
# N = 1 and RANKS machines of one thread on this host's loopback; `batchlab train --threads 1` and
# `mpirun -np N batchlab train --threads 1` measure it (the last epoch's B / images_per_second,
# median of REPEATS). The loopback prediction lets ranks beyond the host's cores share them (compute × N / cores).
set -euo pipefail
batchlab=${1:-.build/release/batchlab}
data=${2:-../shared/data/cifar-10-batches-bin}
model=${MODEL:-seed-cnn} batch=${BATCH:-256} ranks=${RANKS:-2 4} subset=${SUBSET:-10240} repeats=${REPEATS:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
store=$(mktemp -d)/scale.sqlite
trap 'rm -rf "$(dirname "$store")"' EXIT
machines=$(echo 1 $ranks | tr ' ' ',')
"$batchlab" scale --model "$model" --batch-size "$batch" --threads 1 --machines "$machines" --loopback-ranks "$(echo $ranks | tr ' ' ',')" \
    --store "$store" --name prediction >/dev/null
common=(--model "$model" --batch-size "$batch" --threads 1 --subset "$subset" --epochs 2 --data "$data" --store "$store")
for _ in $(seq "$repeats"); do
    "$batchlab" train "${common[@]}" --name "measured 1" >/dev/null
    for n in $ranks; do mpirun -np "$n" --oversubscribe "$batchlab" train "${common[@]}" --name "measured $n" >/dev/null; done
done
python3 - "$store" "$batch" "$(nproc)" "$subset" <<'PY'
import json, sqlite3, statistics, sys
store, batch, cores, subset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
db = sqlite3.connect(store)
prediction = json.loads(db.execute("SELECT result FROM analysis WHERE name = 'prediction'").fetchone()[0])
rows = {row["machines"]: row for row in prediction["rows"] if row["network"] == "this host (loopback)"}
measured = {}
for name, logs in db.execute("SELECT run.name, epoch.logs FROM epoch JOIN run ON run.id = epoch.runID "
                             "WHERE epoch.epoch = (SELECT MAX(epoch) FROM epoch AS e WHERE e.runID = run.id)"):
    measured.setdefault(int(name.split()[1]), []).append(json.loads(logs))
print(f"{prediction['model']}, batch {batch}, one thread per rank, {cores} cores")
print(f"{'ranks':>5} {'compute ms':>11} {'allreduce ms':>13} {'predicted ms':>13} {'measured ms':>12} {'allreduce ms':>13} {'measured/predicted':>19}")
for n in sorted(rows):
    row, logs = rows[n], measured[n]
    step = statistics.median(1000 * batch / l["images_per_second"] for l in logs)
    reduce = statistics.median(1000 * l.get("allreduce_seconds", 0) / -(-subset // batch) for l in logs)
    print(f"{n:>5} {1000 * row['computeSeconds']:>11.2f} {1000 * row['allreduceSeconds']:>13.2f} {1000 * row['stepSeconds']:>13.2f} "
          f"{step:>12.2f} {reduce:>13.2f} {step / (1000 * row['stepSeconds']):>19.2f}")
PY
