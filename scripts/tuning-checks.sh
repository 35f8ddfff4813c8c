#!/usr/bin/env bash
# End-to-end checks of the recommendation commands on real data: usage: tuning-checks.sh BATCHLAB DATA WORKDIR.
# lr-find stores two range tests with suggestions and draws them; noise-scale records its run, its
# estimates and its advice; a run stops at a target accuracy and logs the steps it took; a random
# search with successive halving takes the decisions its recorded values imply (which runs stop
# depends on the CPU's numbers, the rule does not); a run held by --wait-at-epochs obeys its
# verdict; the report shows the Recommendation section and the dashboard serves the analyses.
set -uo pipefail
batchlab=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export BATCHLAB_STORE="$work/runs.sqlite"
source "$(dirname "$0")/check-helpers.sh"
short=(--data "$data" --subset 2000 --threads 1)

"$batchlab" lr-find "${short[@]}" --images 2560 --batch-size 16,32 --study tune --chart "$work/lr-find.svg" >"$work/lr-find.txt" 2>&1 \
    || { fail "lr-find exited non-zero"; cat "$work/lr-find.txt"; }
check "lr-find stores one range test per batch size over 2,560 images (160 and 80 steps), each with three suggestions" '
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT name, result FROM analysis WHERE kind = ? ORDER BY id", ("lr-find",)).fetchall()
assert [json.loads(r)["batchSize"] for _, r in rows] == [16, 32], rows
for (_, result), steps in zip(rows, (160, 80)):
    result = json.loads(result)
    assert all(result["suggestions"][rule]["learningRate"] > 0 for rule in ("descent", "valley", "steepest")), result["suggestions"]
    assert result["steps"] == steps and len(result["learningRates"]) <= steps and result["learningRates"][0] == 1e-7, result["learningRates"][:3]'
grep -q "Suggested learning rate: .*60% of its fall" "$work/lr-find.txt" && grep -q "fastai's suggestions: valley" "$work/lr-find.txt" && pass "lr-find prints its suggestions" || fail "lr-find output"
[ "$(grep -o 'class="series"' "$work/lr-find.svg" | wc -l)" -eq 2 ] && [ "$(grep -o 'class="marker"' "$work/lr-find.svg" | wc -l)" -eq 6 ] \
    && pass "lr-find --chart draws two curves and six suggestion markers" || fail "lr-find chart (see $work/lr-find.svg)"

"$batchlab" runs analyses --study tune | grep -Eq "^1 +lr-find +.*suggested .* valley" && pass "runs analyses lists the range tests with their suggestions" \
    || fail "runs analyses"
output=$("$batchlab" runs delete-analysis 999 2>&1) && fail "delete-analysis 999 succeeded" \
    || { grep -q "no analysis 999" <<<"$output" && pass "delete-analysis of a missing id: $output" || fail "delete-analysis 999: $output"; }

"$batchlab" noise-scale "${short[@]}" --epochs 1 --measurements 4 --small-batch 8 --big-batch 64 --candidates 16,64 \
    --throughput-images 256 --study tune >"$work/noise.txt" 2>&1 || { fail "noise-scale exited non-zero"; cat "$work/noise.txt"; }
check "noise-scale records its run and an analysis with two estimates, their intervals, throughput and advice" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run_id, result = db.execute("SELECT runID, result FROM analysis WHERE kind = ?", ("noise-scale",)).fetchone()
result = json.loads(result)
assert [e["epoch"] for e in result["estimates"]] == [0, 1], result["estimates"]
for e in result["estimates"]:
    assert e["measurements"] == 4 and float(e["interval68"]["low"]) <= float(e["interval68"]["high"]), e
assert sorted(t["batchSize"] for t in result["throughput"]) == [16, 32, 64], result["throughput"]
status, = db.execute("SELECT status FROM run WHERE id = ?", (run_id,)).fetchone()
logs = json.loads(db.execute("SELECT logs FROM epoch WHERE runID = ?", (run_id,)).fetchone()[0])
assert status == "finished" and "noise_scale" in logs, (status, logs)'
grep -q "^- The gradient noise scale B_simple" "$work/noise.txt" && pass "noise-scale prints what it found" || fail "noise-scale output"

"$batchlab" train "${short[@]}" --epochs 3 --batch-size 64 --target-accuracy 0.2 --eval-every-images 500 --eval-images 500 \
    --name target --study tune >"$work/target.txt" 2>&1
check "a run with --target-accuracy stops there and logs the steps, images and seconds it took" '
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
status, message = db.execute("SELECT status, message FROM run WHERE name = ?", ("target",)).fetchone()
logs = [json.loads(l) for (l,) in db.execute("SELECT logs FROM epoch JOIN run ON run.id = runID WHERE name = ?", ("target",))]
reached = [l for l in logs if "target_step" in l]
assert status == "finished" and message.startswith("Reached the target accuracy"), (status, message)
r = reached[0] if len(reached) == 1 else None  # an epoch may end with a partial batch: 64 × steps is an upper bound
assert r and 64 * (r["target_step"] - 1) < r["target_images"] <= 64 * r["target_step"] and r["target_accuracy"] >= 0.2, reached'

cat >"$work/search.yaml" <<'YAML'
name: search
method: random
count: 4
search_seed: 3
parallel: 1
metric: {name: val_accuracy, goal: maximize}
early_terminate: {type: successive_halving, min_epochs: 1, eta: 2}
parameters:
  lr: {distribution: log_uniform_values, min: 0.00001, max: 0.01}
  epochs: 3
  subset: 1000
  validation_split: 0.2
YAML
"$batchlab" sweep "$work/search.yaml" --data "$data" --threads-per-run 1 >"$work/search.txt" 2>&1 || { fail "random sweep exited non-zero"; tail -5 "$work/search.txt"; }
check "a random search draws 4 log-uniform learning rates; successive halving judges them in trial order, as the recorded values say" '
import math, re, sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id, name, status, message FROM run WHERE study = ? ORDER BY id", ("search",)).fetchall()
assert len(rows) == 4 and all(re.match(r"#\d+ .*lr=", name) for _, name, *_ in rows), rows
rows.sort(key=lambda r: int(r[1][1:].split()[0]))  # trial order
values = {}  # rung -> values recorded there by earlier trials
for run_id, name, status, message in rows:
    logs = {json.loads(l)["epoch"]: json.loads(l) for (l,) in db.execute("SELECT logs FROM epoch WHERE runID = ?", (run_id,))}
    expected = "finished"
    for rung in (1, 2):  # min_epochs 1, eta 2, 3 epochs
        value = logs[rung]["val_accuracy"]
        earlier = values.setdefault(rung, [])
        rank = 1 + sum(v > value for v in earlier)
        earlier.append(value)
        if rank > math.ceil(len(earlier) / 2):
            expected = "stopped-early"
            assert message.startswith(f"val_accuracy {value:.4g} at epoch {rung} ranks") and "successive halving" in message, (name, message)
            break
    assert status == expected and len(logs) == (rung if expected == "stopped-early" else 3), (name, status, expected, sorted(logs))
stopped = sum(status == "stopped-early" for _, _, status, _ in rows)
print(f"  {stopped} of 4 runs stopped early")
assert rows[0][2] == "finished", rows  # the first trial is alone at every rung'
listed=$("$batchlab" runs list --study search | grep -c "stopped-early")
stored=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM run WHERE study = ? AND status = ?", ("search", "stopped-early")).fetchone()[0])' "$BATCHLAB_STORE")
[ "$listed" = "$stored" ] && pass "runs list shows the $stored stopped-early run(s)" || fail "runs list shows $listed stopped-early runs, the store $stored"

# The gate the sweep uses, driven by hand: a run waits after epoch 1 and takes its verdict from standard input.
gate=(--data "$data" --subset 500 --threads 1)
printf 'stop told to by the check\n' | "$batchlab" train "${gate[@]}" --epochs 3 --wait-at-epochs 1 --name gate-stop --study gate >"$work/gate-stop.txt" 2>&1
"$batchlab" train "${gate[@]}" --epochs 3 --wait-at-epochs 1 --name gate-closed --study gate </dev/null >"$work/gate-closed.txt" 2>&1
printf 'go on\ncontinue\n' | "$batchlab" train "${gate[@]}" --epochs 2 --wait-at-epochs 1 --name gate-continue --study gate >"$work/gate-continue.txt" 2>&1
check "train --wait-at-epochs: stop ends the run as stopped-early with the reason, closed input as interrupted, continue trains on" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT name, status, message, (SELECT COUNT(*) FROM epoch WHERE runID = run.id) FROM run WHERE study = ? ORDER BY id", ("gate",)).fetchall()
assert rows == [("gate-stop", "stopped-early", "told to by the check", 1),
                ("gate-closed", "interrupted", "no verdict came on standard input (--wait-at-epochs)", 1),
                ("gate-continue", "finished", None, 2)], rows'
grep -q "expected 'continue' or 'stop REASON' after epoch 1, got 'go on'" "$work/gate-continue.txt" \
    && pass "an unknown verdict line is named and the run waits on" || fail "gate warning (see $work/gate-continue.txt)"

"$batchlab" report --study tune,search -o "$work/report.html" >/dev/null
python3 - "$work/report.html" "$BATCHLAB_STORE" <<'PY' && pass "the report has a Recommendation section with the range tests, the noise scale and badges for stopped-early runs" || fail "report (see $work/report.html)"
import re, sqlite3, sys
html = open(sys.argv[1]).read()
section = html[html.index('<section id="recommendation">'):]
section = section[:section.index("</section>")]
assert "suggests lr" in section and "B_simple" in section, section[:400]
assert section.count("<svg") >= 2 and 'id="lr-find"' in section
stopped = sqlite3.connect(sys.argv[2]).execute("SELECT COUNT(*) FROM run WHERE study = ? AND status = ?", ("search", "stopped-early")).fetchone()[0]
assert html.count('badge status-stopped-early') >= stopped, stopped
PY

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$batchlab" serve --port "$port" >"$work/serve.log" 2>&1 & server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "$base/api/runs" && break; sleep 0.1; done
curl -s "$base/api/analyses?study=tune" | python3 -c '
import json, sys
analyses = json.load(sys.stdin)["analyses"]
assert sorted(a["kind"] for a in analyses) == ["lr-find", "lr-find", "noise-scale"], analyses
assert all("valley" in a["summary"] for a in analyses if a["kind"] == "lr-find"), analyses' \
    && pass "the dashboard lists the study's analyses with their results" || fail "/api/analyses"
curl -s "$base/api/analyses/1/chart.svg" | grep -q 'class="marker"' && pass "the dashboard draws an lr range test with its suggestions" \
    || fail "/api/analyses/1/chart.svg"
codes=$(for path in api/analyses/abc/chart.svg api/analyses/999/chart.svg; do curl -s -o /dev/null -w '%{http_code} ' "$base/$path"; done)
[ "$codes" = "400 404 " ] && pass "bad analysis ids get 400 and 404" || fail "analysis id errors: $codes"
chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --dump-dom "$base/?study=tune" >"$work/index.html" 2>/dev/null
[ "$(grep -o 'data-analysis-id=' "$work/index.html" | wc -l)" -eq 3 ] && pass "Chromium shows the three analyses on the run list" \
    || fail "analyses on the run list (see $work/index.html)"
kill $server 2>/dev/null

# study recommend end to end, small: its lr-find and noise-scale run in the same process, as library calls.
"$batchlab" study recommend --data "$data" --subset 2000 --lrs 0.001,0.003 --grid-epochs 1 --batch-sizes 32,64 --max-epochs 1 \
    --parallel 2 --threads-per-run 1 -o "$work/recommend.html" >"$work/recommend.txt" 2>&1 \
    || { fail "study recommend exited non-zero"; tail -20 "$work/recommend.txt"; }
check "study recommend records its range test, lr grid, noise scale, batch-size runs and the grid's best on the test set, and recommends" '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
kinds = sorted(k for (k,) in db.execute("SELECT kind FROM analysis WHERE study = ?", ("recommend",)))
runs = sorted(n for (n,) in db.execute("SELECT name FROM run WHERE study = ? AND status = ?", ("recommend", "finished")))
assert kinds == ["lr-find", "noise-scale", "test-accuracy"], kinds
(tested,) = [n for (n,) in db.execute("SELECT name FROM analysis WHERE study = ? AND kind = ?", ("recommend", "test-accuracy"))]
assert tested in ("test accuracy of lr=0.001", "test accuracy of lr=0.003"), tested
assert runs == ["batch=32", "batch=64 linear", "batch=64 sqrt", "lr=0.001", "lr=0.003", "noise scale seed-cnn batch=32"], runs
assert "<section id=\"recommendation\">" in open(sys.argv[1].replace("runs.sqlite", "recommend.html")).read()'
grep -A1 "^Recommendation:" "$work/recommend.txt" | grep -q "^- " && grep -q "^Report: $work/recommend.html" "$work/recommend.txt" \
    && pass "study recommend prints its recommendation and where the report is" || { fail "study recommend output"; tail -15 "$work/recommend.txt"; }

[ $failures -eq 0 ] || { echo "$failures tuning check(s) failed"; exit 1; }
