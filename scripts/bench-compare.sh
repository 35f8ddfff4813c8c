#!/usr/bin/env bash
# Side-by-side training throughput: BatchLab and the PyTorch reference (../shared/bench), both
# models, batch 32 and 128, same thread count and step counts, in one run. Needs the reference's
# virtual environment (see ../shared/bench/README.md); STEPS, WARMUP, THREADS override defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${TORCH_PYTHON:-../.venv-ref/bin/python}
steps=${STEPS:-100} warmup=${WARMUP:-20} threads=${THREADS:-2}
swift build -c release >/dev/null
for model in seed-cnn keras-cnn; do
    for batch in 32 128; do
        .build/release/batchlab bench --model $model --batch-size $batch --steps $steps --warmup $warmup --threads $threads | tail -n1
        "$python" ../shared/bench/torch_reference.py --model $model --batch $batch --steps $steps --warmup $warmup --threads $threads | tail -n1
    done
done
