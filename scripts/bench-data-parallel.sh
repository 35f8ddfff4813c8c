#!/usr/bin/env bash
# Data-parallel throughput side by side: one process with T threads against `mpirun -np R` ranks of
# T/R threads each, on one host, interleaved, REPEATS times; prints the median images/s of each (the
# last epoch's step time only, `images_per_second`), their ratio and the allreduce time per step.
# usage: scripts/bench-data-parallel.sh [BATCHLAB] [DATA]   (env: MODELS, BATCHES, THREADS, RANKS, REPEATS, SUBSET)
set -euo pipefail
batchlab=${1:-.build/release/batchlab}
data=${2:-../shared/data/cifar-10-batches-bin}
models=${MODELS:-seed-cnn keras-cnn} batches=${BATCHES:-32 128} threads=${THREADS:-2} ranks=${RANKS:-2}
repeats=${REPEATS:-3} subset=${SUBSET:-10000}
[ $((threads % ranks)) -eq 0 ] || { echo "THREADS ($threads) must be a multiple of RANKS ($ranks)" >&2; exit 64; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
store=$(mktemp -d)/bench.sqlite
trap 'rm -rf "$(dirname "$store")"' EXIT
common=(--subset "$subset" --epochs 2 --data "$data" --store "$store")
for _ in $(seq "$repeats"); do
    for model in $models; do
        for batch in $batches; do
            "$batchlab" train --model "$model" --batch-size "$batch" --threads "$threads" "${common[@]}" --name "one $model $batch" >/dev/null
            mpirun -np "$ranks" --oversubscribe "$batchlab" train --model "$model" --batch-size "$batch" --threads $((threads / ranks)) \
                "${common[@]}" --name "ranks $model $batch" >/dev/null
        done
    done
done
python3 - "$store" "$threads" "$ranks" "$subset" <<'PY'
import json, sqlite3, statistics, sys
store, threads, ranks, subset = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = {}
for name, logs in sqlite3.connect(store).execute(
        "SELECT run.name, epoch.logs FROM epoch JOIN run ON run.id = epoch.runID "
        "WHERE epoch.epoch = (SELECT MAX(epoch) FROM epoch AS e WHERE e.runID = run.id) ORDER BY run.id"):
    runs.setdefault(name, []).append(json.loads(logs))
print(f"{'model':10} {'batch':>5} {'1 x %d threads img/s' % threads:>22} {'%d ranks x %d img/s' % (ranks, threads // ranks):>20} {'ratio':>6} {'allreduce ms/step':>18}")
for name in [n for n in runs if n.startswith("one ")]:
    _, model, batch = name.split()
    one = statistics.median(l["images_per_second"] for l in runs[name])
    many = runs[f"ranks {model} {batch}"]
    several = statistics.median(l["images_per_second"] for l in many)
    steps = -(-subset // int(batch))
    allreduce = statistics.median(1000 * l["allreduce_seconds"] / steps for l in many)
    print(f"{model:10} {batch:>5} {one:>22,.0f} {several:>20,.0f} {several / one:>5.2f}x {allreduce:>18.2f}")
PY
