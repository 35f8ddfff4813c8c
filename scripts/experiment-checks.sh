#!/usr/bin/env bash
# End-to-end checks of the experiment commands on real data: usage: experiment-checks.sh BATCHLAB DATA WORKDIR.
# A plateau run shows its lr drop; two trainings share a store; runs SIGKILLed at a known point
# (held there by --wait-at-epochs) leave an intact store and resume to the numbers of uninterrupted
# runs, with a partial last batch, with and without ReduceLROnPlateau; the seed study records six
# runs, marks lr 0.1 diverged and writes a report that draws all six.
set -uo pipefail
batchlab=$1 data=$2 work=$3
mkdir -p "$work"
export BATCHLAB_STORE="$work/runs.sqlite"
source "$(dirname "$0")/check-helpers.sh"
short=(--data "$data" --subset 2000 --validation-split 0.25 --threads 1)

"$batchlab" train "${short[@]}" --epochs 4 --name plateau --reduce-lr-on-plateau --plateau-patience 1 \
    --plateau-monitor loss --plateau-min-delta 10 >/dev/null
check "--reduce-lr-on-plateau --plateau-patience 1 drops the lr after the first epoch that does not improve" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lrs = [json.loads(l)["lr"] for (l,) in db.execute("SELECT logs FROM epoch JOIN run ON run.id = runID WHERE name = ? ORDER BY epoch", ("plateau",))]
assert lrs == [0.001, 0.001, 0.0001, 1e-05], lrs  # epoch 1 always improves; epoch 2 is the first bad one'

# The configuration round trip: printed, edited, passed back with --config, it trains the same run.
"$batchlab" train "${short[@]}" --epochs 2 --weight-decay 0.01 --name flags >/dev/null
"$batchlab" train "${short[@]}" --epochs 5 --weight-decay 0.01 --print-config >"$work/run.yaml"
sed -i 's/^epochs: 5$/epochs: 2/' "$work/run.yaml"
"$batchlab" train --config "$work/run.yaml" --name "from config" >/dev/null
check "train --print-config, edited and passed to --config, trains the same numbers as the flags; weight decay is recorded" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def logs(name):
    return [{k: v for k, v in json.loads(l).items() if k in ("loss", "accuracy", "val_loss", "val_accuracy", "lr")}
            for (l,) in db.execute("SELECT logs FROM epoch JOIN run ON run.id = runID WHERE name = ? ORDER BY epoch", (name,))]
flags, config = logs("flags"), logs("from config")
assert len(flags) == 2 and flags == config, (flags, config)
for name in ("flags", "from config"):
    configuration = json.loads(db.execute("SELECT configuration FROM run WHERE name = ?", (name,)).fetchone()[0])
    summary = json.loads(db.execute("SELECT config FROM run WHERE name = ?", (name,)).fetchone()[0])
    assert configuration["optimizer"]["weight_decay"] == 0.01 and summary["optimizerParameters"]["weight_decay"] == 0.01, (configuration, summary)
print("  epoch 2: loss %.6f, val_accuracy %.4f in both" % (config[1]["loss"], config[1]["val_accuracy"]))'

# Models as layer lists: seed-cnn printed as one trains the numbers of --model seed-cnn; a list of one's own trains.
"$batchlab" models --print seed-cnn >"$work/model.yaml"
"$batchlab" train "${short[@]}" --epochs 2 --weight-decay 0.01 --config "$work/model.yaml" --name "layer list" >/dev/null
printf 'model:\n  - {class_name: Conv2D, config: {filters: 16, padding: same}}\n  - {class_name: BatchNormalization}\n  - {class_name: Activation, config: {activation: relu}}\n  - {class_name: MaxPooling2D}\n  - {class_name: Flatten}\n  - {class_name: Dense, config: {units: 10, activation: softmax}}\n' >"$work/mine.yaml"
"$batchlab" train "${short[@]}" --epochs 1 --config "$work/mine.yaml" --name "my cnn" >/dev/null
check "a layer list: seed-cnn as a list trains the numbers of --model seed-cnn; a list of my own trains; the store keeps both lists" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def logs(name):
    return [{k: v for k, v in json.loads(l).items() if k in ("loss", "accuracy", "val_loss", "val_accuracy", "lr")}
            for (l,) in db.execute("SELECT logs FROM epoch JOIN run ON run.id = runID WHERE name = ? ORDER BY epoch", (name,))]
assert logs("layer list") == logs("flags") and len(logs("flags")) == 2, (logs("layer list"), logs("flags"))
for name, count in (("layer list", 7), ("my cnn", 6)):
    status, configuration, summary = db.execute("SELECT status, configuration, config FROM run WHERE name = ?", (name,)).fetchone()
    layers = json.loads(configuration)["model"]
    assert status == "finished" and len(layers) == count and len(json.loads(summary)["layers"]) == count, (name, status, layers)
assert json.loads(db.execute("SELECT configuration FROM run WHERE name = ?", ("my cnn",)).fetchone()[0])["model"][1] == {"class_name": "BatchNormalization", "config": {"momentum": 0.99, "epsilon": 0.001}}'

"$batchlab" train "${short[@]}" --epochs 2 --name together-1 >/dev/null & first=$!
"$batchlab" train "${short[@]}" --epochs 2 --name together-2 >/dev/null & second=$!
wait $first && wait $second
check "two trainings writing one store at once both keep every epoch" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT name, status, (SELECT COUNT(*) FROM epoch WHERE runID = run.id) FROM run WHERE name LIKE ? ORDER BY name", ("together-%",)).fetchall()
assert rows == [("together-1", "finished", 2), ("together-2", "finished", 2)], rows'

# kill_held NAME EPOCH FLAGS…: trains NAME for 3 epochs with checkpoints, held after recording
# EPOCH (before that epoch's checkpoint is written) and killed there with SIGKILL: the store has
# epochs 1…EPOCH, the checkpoint EPOCH − 1, whatever the machine's speed.
kill_held() {
    local name=$1 epoch=$2; shift 2
    rm -f "$work/verdicts"; mkfifo "$work/verdicts"
    "$batchlab" train "$@" --epochs 3 --name "$name" --checkpoint-dir "$work/checkpoints" --wait-at-epochs "$epoch" \
        <"$work/verdicts" >"$work/$name.txt" 2>&1 & local victim=$!
    exec 3>"$work/verdicts"
    for _ in $(seq 1200); do
        [ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM epoch JOIN run ON run.id = runID WHERE name = ?", (sys.argv[2],)).fetchone()[0])' "$BATCHLAB_STORE" "$name")" -ge "$epoch" ] && break
        kill -0 $victim 2>/dev/null || break
        sleep 0.1
    done
    kill -9 $victim; wait $victim 2>/dev/null
    exec 3>&-
}

# resume_check LABEL EPOCH FLAGS…: an uninterrupted run against one killed after recording EPOCH
# and resumed from the checkpoint of EPOCH − 1 (from its seed when that is 0); every logged
# number of the three epochs must be equal.
resume_check() {
    local label=$1 epoch=$2; shift 2
    "$batchlab" train "$@" --epochs 3 --name "$label straight" >/dev/null
    kill_held "$label killed" "$epoch" "$@"
    local id said
    id=$("$batchlab" runs list | awk -v name="$label killed" 'index($0, name) { print $1 }')
    "$batchlab" train --resume "$id" >"$work/resume.txt" 2>&1 || cat "$work/resume.txt"
    said="Resuming run $id ($label killed) after epoch $((epoch - 1)) of 3"
    [ "$epoch" -gt 1 ] || said="Restarting run $id ($label killed) from its seed"
    grep -q "$said" "$work/resume.txt" && pass "$label: the resume says '$said'" \
        || { fail "$label: expected the resume to say '$said'; it said:"; cat "$work/resume.txt"; }
    check "$label: killed after recording epoch $epoch, the resumed run repeats the uninterrupted one exactly" "
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def logs(name):
    return [{k: v for k, v in json.loads(l).items() if k in ('loss', 'accuracy', 'val_loss', 'val_accuracy', 'lr')}
            for (l,) in db.execute('SELECT logs FROM epoch JOIN run ON run.id = runID WHERE name = ? ORDER BY epoch', (name,))]
status = db.execute('SELECT status FROM run WHERE name = ?', ('$label killed',)).fetchone()[0]
straight, resumed = logs('$label straight'), logs('$label killed')
assert status == 'finished' and len(resumed) == 3 and resumed == straight, (status, resumed, straight)
print('  epoch 2: loss %.6f, val_accuracy %.4f, lr %g in both' % (resumed[1]['loss'], resumed[1]['val_accuracy'], resumed[1]['lr']))"
}

# The issue's case: 500 images in batches of 32 (a partial batch of 20 ends every epoch),
# validated on the test set; then 1,500 in batches of 32 (28 left over) with ReduceLROnPlateau
# dropping the lr every epoch, so its counters must survive the checkpoint.
# A run killed before its first checkpoint restarts from its seed.
resume_check "subset 500" 2 --data "$data" --subset 500 --threads 1
resume_check "plateau" 2 "${short[@]}" --reduce-lr-on-plateau --plateau-patience 1 --plateau-monitor loss --plateau-min-delta 10
resume_check "no checkpoint" 1 "${short[@]}"

kill_held killed 2 "${short[@]}"
check "kill -9 mid-run leaves a store that passes integrity_check with the two recorded epochs" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
count = db.execute("SELECT COUNT(*) FROM epoch JOIN run ON run.id = runID WHERE name = ?", ("killed",)).fetchone()[0]
assert count == 2, count'
if "$batchlab" runs list | grep -E "^[0-9]+ +killed .*interrupted" >/dev/null; then echo "ok: runs list shows the killed run as interrupted"
else echo "FAIL: killed run not shown as interrupted"; "$batchlab" runs list; failures=$((failures + 1)); fi

# A sweep in configuration keys, interrupted with Ctrl-C during its first run and resumed: every
# run ends finished exactly once, and the interrupted one repeats a straight run of its configuration.
printf 'name: resumable\nparameters:\n  data.subset: 500\n  epochs: 3\n  optimizer.weight_decay: 0.0001\n  optimizer.lr: [0.001, 0.002]\n' \
    >"$work/resumable.yaml"
"$batchlab" sweep "$work/resumable.yaml" --data "$data" --parallel 1 --threads-per-run 1 >"$work/sweep-1.txt" 2>&1 & sweeper=$!
for _ in $(seq 1200); do
    [ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM epoch JOIN run ON run.id = runID WHERE study = ?", ("resumable",)).fetchone()[0])' "$BATCHLAB_STORE")" -ge 1 ] && break
    sleep 0.1
done
kill -INT $sweeper; wait $sweeper; status=$?
[ $status -eq 130 ] && grep -q "batchlab sweep --resume 'resumable'" "$work/sweep-1.txt" && pass "Ctrl-C stops the sweep (exit 130) and says how to resume it" \
    || { fail "interrupted sweep exited $status"; cat "$work/sweep-1.txt"; }
"$batchlab" sweep --resume resumable --data "$data" >"$work/sweep-2.txt" 2>&1 || { fail "sweep --resume exited non-zero"; cat "$work/sweep-2.txt"; }
"$batchlab" train --config "$work/logs/resumable/lr_0.001.yaml" --name "resumable straight" >/dev/null
check "sweep --resume: every run of the sweep finished exactly once, the interrupted one with the numbers of a straight run" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT name, status, id FROM run WHERE study = ? ORDER BY name", ("resumable",)).fetchall()
assert [(n, s) for n, s, _ in runs] == [("lr=0.001", "finished"), ("lr=0.002", "finished")], runs
def logs(run_id):
    return [{k: v for k, v in json.loads(l).items() if k in ("epoch", "loss", "val_loss", "val_accuracy", "lr")}
            for (l,) in db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch", (run_id,))]
straight = db.execute("SELECT id FROM run WHERE name = ?", ("resumable straight",)).fetchone()[0]
assert logs(runs[0][2]) == logs(straight) and len(logs(straight)) == 3, (logs(runs[0][2]), logs(straight))
configuration = json.loads(db.execute("SELECT configuration FROM run WHERE id = ?", (runs[1][2],)).fetchone()[0])
assert configuration["optimizer"]["lr"] == 0.002 and configuration["optimizer"]["weight_decay"] == 0.0001, configuration
# The sweep selects on held-out training images, and its chosen run meets the test set once.
assert configuration["data"]["validation_split"] == 0.1, configuration["data"]
def last_val(run_id):
    return json.loads(db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch DESC", (run_id,)).fetchone()[0])["val_accuracy"]
chosen = max(runs, key=lambda run: last_val(run[2]))[2]
tested = db.execute("SELECT runID, result FROM analysis WHERE study = ? AND kind = ?", ("resumable", "test-accuracy")).fetchall()
assert len(tested) == 1 and tested[0][0] == chosen, (tested, chosen)
result = json.loads(tested[0][1])
assert 0 < result["testAccuracy"] < 1 and result["testImages"] == 10000 and result["validation"] == "10 % of the training set, held out", result'
grep -q "on the test set, measured once: accuracy 0\.[0-9]*, loss" "$work/sweep-2.txt" && pass "the resumed sweep prints the chosen run's test accuracy" \
    || { fail "no test accuracy after the sweep"; cat "$work/sweep-2.txt"; }

# SIGTERM, what Slurm and most job schedulers send at a time limit, reaches the sweep's runs too:
# each stops after its step and records itself interrupted, and none outlives the sweep.
printf 'name: terminated\nparameters:\n  data.subset: 2000\n  epochs: 40\n  optimizer.lr: [0.001, 0.002]\n' >"$work/terminated.yaml"
"$batchlab" sweep "$work/terminated.yaml" --data "$data" --parallel 2 --threads-per-run 1 >"$work/sweep-term.txt" 2>&1 & sweeper=$!
for _ in $(seq 1200); do
    [ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(DISTINCT runID) FROM epoch JOIN run ON run.id = runID WHERE study = ?", ("terminated",)).fetchone()[0])' "$BATCHLAB_STORE")" -ge 2 ] && break
    sleep 0.1
done
kill -TERM $sweeper; wait $sweeper; status=$?
check "SIGTERM to a sweep (exit $status) interrupts its runs, which record it and do not outlive the sweep" '
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT name, status, message, pid FROM run WHERE study = ? ORDER BY name", ("terminated",)).fetchall()
assert [(n, s, m) for n, s, m, _ in runs] == [("lr=0.001", "interrupted", "stopped by SIGTERM"), ("lr=0.002", "interrupted", "stopped by SIGTERM")], runs
for _, _, _, pid in runs:
    try:
        os.kill(pid, 0)
        raise AssertionError(f"run process {pid} is still alive")
    except ProcessLookupError:
        pass'
[ $status -ne 0 ] || fail "the terminated sweep exited 0"
# A sweep killed outright (SIGKILL: nothing to pass on) still leaves no run training: each sees
# its sweep gone within a second and stops after its step.
printf 'name: killed-sweep\nparameters:\n  data.subset: 2000\n  epochs: 40\n  optimizer.lr: [0.001, 0.002]\n' >"$work/killed-sweep.yaml"
"$batchlab" sweep "$work/killed-sweep.yaml" --data "$data" --parallel 2 --threads-per-run 1 >"$work/sweep-killed.txt" 2>&1 & sweeper=$!
for _ in $(seq 1200); do
    [ "$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(DISTINCT runID) FROM epoch JOIN run ON run.id = runID WHERE study = ?", ("killed-sweep",)).fetchone()[0])' "$BATCHLAB_STORE")" -ge 2 ] && break
    sleep 0.1
done
kill -KILL $sweeper; wait $sweeper 2>/dev/null
check "SIGKILL to a sweep: its runs notice, record themselves interrupted and end" '
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
def runs():
    return db.execute("SELECT name, status, message, pid FROM run WHERE study = ? ORDER BY name", ("killed-sweep",)).fetchall()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and any(status == "running" for _, status, _, _ in runs()):
    time.sleep(0.2)
assert [s for _, s, _, _ in runs()] == ["interrupted", "interrupted"], runs()
assert all(m.startswith("stopped by SIGHUP") for _, _, m, _ in runs()), runs()
for _, _, _, pid in runs():
    for _ in range(50):
        try:
            os.kill(pid, 0)
            time.sleep(0.1)
        except ProcessLookupError:
            break
    else:
        raise AssertionError(f"run process {pid} outlived its killed sweep")'

"$batchlab" study seed --epochs 2 --subset 2000 --data "$data" -o "$work/seed.html" >"$work/study.txt" 2>&1
grep -q "test 2: lr 0.1 diverged: accuracy 0\.[01]" "$work/study.txt" && echo "ok: the study says lr 0.1 diverged" \
    || { echo "FAIL: study output"; cat "$work/study.txt"; failures=$((failures + 1)); }
check "the study stores six runs, lr 0.1 diverged with loss about 14.5, and the report draws all six" '
import json, re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
runs = db.execute("SELECT name, status, id FROM run WHERE study = ?", ("seed",)).fetchall()
assert len(runs) == 6 and sum(s == "finished" for _, s, _ in runs) == 5, runs
(diverged,) = [r for r in runs if r[1] == "diverged"]
loss = json.loads(db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch DESC", (diverged[2],)).fetchone()[0])["loss"]
assert 13 <= loss <= 16.2, loss
html = open(sys.argv[1].replace("runs.sqlite", "seed.html")).read()
accuracy = html[html.index("Accuracy per epoch"):]
accuracy = accuracy[:accuracy.index("</svg>")]
names = set(re.findall(r"class=\"series\"[^>]*data-series=\"([^\"]*) val\"", accuracy))
assert len(names) == 6, names
assert "http://" not in html and "https://" not in html'

"$batchlab" report --study seed -o "$work" >"$work/report-dir.txt" 2>&1 && fail "report -o DIR succeeded" \
    || { grep -q "^Error: -o $work is a directory; name a file in it$" "$work/report-dir.txt" && pass "report -o DIR says it is a directory" \
         || { fail "report -o DIR"; cat "$work/report-dir.txt"; }; }
"$batchlab" runs export --study seed --csv "$work/seed.csv"
check "runs export writes one CSV row per epoch" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1].replace("runs.sqlite", "seed.csv"))))
assert len(rows) == 11 and {"run_name", "epoch", "val_accuracy", "lr"} <= rows[0].keys(), len(rows)'

# The TensorBoard and MLflow exports, read back by TensorBoard's and MLflow's own readers (installed
# by install-dependencies.sh --tests).
mlflow_python=${BATCHLAB_CHECKS_VENV:+$BATCHLAB_CHECKS_VENV/bin/python}
"$batchlab" runs export --study seed --tensorboard "$work/tensorboard" >"$work/tensorboard.txt" 2>&1 \
    && grep -q "^Wrote 6 runs to $work/tensorboard" "$work/tensorboard.txt" || { fail "runs export --tensorboard"; cat "$work/tensorboard.txt"; }
if [ -n "$mlflow_python" ] && [ -x "$mlflow_python" ]; then
    "$mlflow_python" - "$BATCHLAB_STORE" "$work/tensorboard" <<'PY' 2>"$work/tensorboard-reader.txt" \
        && pass "TensorBoard's reader takes the export: every record's CRC, per-epoch scalars, step losses, hparams" \
        || { fail "TensorBoard's reader on the export"; tail -5 "$work/tensorboard-reader.txt"; }
import glob, json, os, sqlite3, sys
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.tensorflow_stub import errors, pywrap_tensorflow
from tensorboard.plugins.hparams import plugin_data_pb2
db, root = sqlite3.connect(sys.argv[1]), sys.argv[2]
folders = sorted(glob.glob(os.path.join(root, "seed", "*")))
assert len(folders) == 6, folders
for path in glob.glob(os.path.join(root, "**", "*tfevents*"), recursive=True):
    reader, records = pywrap_tensorflow.PyRecordReader_New(path.encode(), 0, None), 0
    try:
        while True:
            reader.GetNext()  # checks both masked CRC-32Cs of each record
            records += 1
    except errors.OutOfRangeError:
        pass
    assert records >= 2, (path, records)
for folder in folders:
    id = int(os.path.basename(folder).split()[0])
    accumulator = event_accumulator.EventAccumulator(folder, size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    epochs = [json.loads(logs) for (logs,) in db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch", (id,))]
    scalars = accumulator.Scalars("val_accuracy")
    assert [s.step for s in scalars] == [e["epoch"] for e in epochs], (folder, scalars)
    assert all(abs(s.value - e["val_accuracy"]) < 1e-6 for s, e in zip(scalars, epochs)), (folder, scalars)
    assert accumulator.Scalars("step_loss") and accumulator.Scalars("step_lr"), folder
    hparams = {tag: plugin_data_pb2.HParamsPluginData.FromString(content)
               for tag, content in accumulator.PluginTagToContent("hparams").items()}
    (batch,) = db.execute("SELECT json_extract(config, '$.batchSize') FROM run WHERE id = ?", (id,)).fetchone()
    assert hparams["_hparams_/session_start_info"].session_start_info.hparams["batch_size"].number_value == batch, hparams
    assert hparams["_hparams_/session_end_info"].session_end_info.status in (1, 2), hparams
experiment = event_accumulator.EventAccumulator(root)
experiment.Reload()
data = plugin_data_pb2.HParamsPluginData.FromString(experiment.PluginTagToContent("hparams")["_hparams_/experiment"])
assert {"lr", "batch_size"} <= {info.name for info in data.experiment.hparam_infos}, data
PY
    # TensorBoard's own server on the export, as `tensorboard --logdir` shows it.
    tb_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$BATCHLAB_CHECKS_VENV/bin/tensorboard" --logdir "$work/tensorboard" --host 127.0.0.1 --port "$tb_port" \
        >"$work/tensorboard-server.txt" 2>&1 & tb_server=$!
    python3 - "$tb_port" <<'PY' && pass "tensorboard --logdir serves the export: 6 runs with val_accuracy, step_loss and step_lr, and the hparams experiment" \
        || fail "tensorboard --logdir on the export (see $work/tensorboard-server.txt)"
import json, sys, time, urllib.parse, urllib.request
base, tags = f"http://127.0.0.1:{sys.argv[1]}", {}
deadline = time.monotonic() + 90
while time.monotonic() < deadline and len(tags) < 6:
    try:
        tags = json.load(urllib.request.urlopen(base + "/data/plugin/scalars/tags", timeout=5))
    except OSError:
        pass
    time.sleep(0.5)
assert len(tags) == 6 and all({"val_accuracy", "step_loss", "step_lr"} <= set(t) for t in tags.values()), tags
run = sorted(tags)[0]
scalars = json.load(urllib.request.urlopen(f"{base}/data/plugin/scalars/scalars?run={urllib.parse.quote(run)}&tag=val_accuracy"))
assert scalars and all(len(point) == 3 for point in scalars), scalars
request = urllib.request.Request(base + "/data/plugin/hparams/experiment", data=json.dumps({"experimentName": ""}).encode(),
                                 headers={"Content-Type": "application/json", "X-XSRF-Protected": "1"})
experiment = json.load(urllib.request.urlopen(request))
assert {"lr", "batch_size"} <= {info["name"] for info in experiment["hparamInfos"]}, experiment
PY
    kill $tb_server 2>/dev/null
    wait $tb_server 2>/dev/null
fi
"$batchlab" runs export --study seed --mlflow "$work/mlruns" >"$work/mlflow.txt" 2>&1 \
    && grep -q "^Wrote 6 runs in 2 experiments to $work/mlruns" "$work/mlflow.txt" || { fail "runs export --mlflow"; cat "$work/mlflow.txt"; }
if [ -n "$mlflow_python" ] && [ -x "$mlflow_python" ]; then
    # MLflow 3 keeps the file store in maintenance mode: it reads one only when asked to.
    MLFLOW_ALLOW_FILE_STORE=true "$mlflow_python" - "$BATCHLAB_STORE" "$work/mlruns" <<'PY' && pass "MLflow's client reads the export: the study's runs, params, statuses and per-epoch metrics" || fail "MLflow's client on the export"
import json, sqlite3, sys, warnings
warnings.simplefilter("ignore")
from mlflow.tracking import MlflowClient
db = sqlite3.connect(sys.argv[1])
client = MlflowClient(tracking_uri="file:" + sys.argv[2])
experiment = client.get_experiment_by_name("seed")
runs = client.search_runs([experiment.experiment_id])
stored = {name: (id, status, batch) for id, name, status, batch in
          db.execute("SELECT id, name, status, json_extract(config, '$.batchSize') FROM run WHERE study = 'seed'")}
assert sorted(run.info.run_name for run in runs) == sorted(stored), [run.info.run_name for run in runs]
for run in runs:
    id, status, batch = stored[run.info.run_name]
    assert run.info.status == {"finished": "FINISHED", "diverged": "FAILED"}[status], (run.info.status, status)
    assert run.data.tags["batchlab.status"] == status and run.data.params["batch_size"] == str(batch), run.data
    epochs = [json.loads(logs) for (logs,) in db.execute("SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch", (id,))]
    history = client.get_metric_history(run.info.run_id, "val_accuracy")
    assert [m.step for m in history] == [e["epoch"] for e in epochs], history
    assert all(abs(m.value - e["val_accuracy"]) < 1e-12 for m, e in zip(history, epochs)), history
    assert client.get_metric_history(run.info.run_id, "step_loss"), "no step losses"
    assert client.get_metric_history(run.info.run_id, "step_lr"), "no step learning rates"
PY
else
    fail "MLflow's client is not installed in ${BATCHLAB_CHECKS_VENV:-\$BATCHLAB_CHECKS_VENV} (scripts/install-dependencies.sh --tests installs it)"
fi

# The study over seeds: its six settings twice; the report groups the repeats (mean and band,
# mean ± sd), and the findings give spreads and Welch's t-test.
"$batchlab" study seed --seeds 2 --epochs 2 --subset 1000 --data "$data" -o "$work/seeds.html" >"$work/seeds.txt" 2>&1 \
    || { fail "study seed --seeds 2 exited non-zero"; tail -20 "$work/seeds.txt"; }
check "study seed --seeds 2: twelve runs, two per setting with seeds 0 and 1; a report section of repeats with bands" '
import re, sqlite3, sys
study = sqlite3.connect(sys.argv[1]).execute("SELECT study FROM run WHERE name LIKE ? ORDER BY id DESC", ("% (seed 1)",)).fetchone()[0]
runs = sqlite3.connect(sys.argv[1]).execute("SELECT name, json_extract(config, ?) FROM run WHERE study = ?", ("$.seed", study)).fetchall()
assert len(runs) == 12 and sorted(seed for _, seed in runs) == [0] * 6 + [1] * 6, runs
html = open(sys.argv[1].replace("runs.sqlite", "seeds.html")).read()
section = html[html.index("<section id=\"repeats\">"):]
section = section[:section.index("</section>")]
assert "Welch" in section and section.count("class=\"band\"") >= 6, section[:500]
assert len(re.findall(r"<td class=\"num\">2</td>", section)) == 6, "six settings of 2 seeds each"'
grep -q "Welch's t-test p = " "$work/seeds.txt" && grep -q "diverged in [0-2] of 2 seeds" "$work/seeds.txt" \
    && pass "the findings over seeds give spreads and Welch's t-test" || { fail "findings over seeds"; tail -12 "$work/seeds.txt"; }

# A sweep file's seeds: its report groups the repeats and its findings compare the best two settings.
printf 'name: repeats\nseeds: 2\nparameters:\n  epochs: 1\n  data.subset: 500\n  optimizer.lr: [0.001, 0.003]\n' >"$work/repeats.yaml"
"$batchlab" sweep "$work/repeats.yaml" --data "$data" --report "$work/repeats.html" >"$work/repeats.txt" 2>&1 \
    && grep -q '<section id="repeats">' "$work/repeats.html" && grep -q "over 2 seeds); lr=0.00[13] at .*(Welch&#39;s t-test p = \|over 2 seeds); lr=0.00[13] at .*(Welch's t-test p = " "$work/repeats.html" \
    && pass "a sweep with seeds: 2 reports its repeats and compares the best two settings with Welch's t-test" \
    || { fail "a sweep with seeds: 2"; tail -5 "$work/repeats.txt"; grep -o "Best: [^<]*" "$work/repeats.html"; }

[ $failures -eq 0 ] || { echo "$failures experiment check(s) failed"; exit 1; }
