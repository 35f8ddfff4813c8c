#!/usr/bin/env bash
# End-to-end checks of `batchlab serve` over a store with runs: usage: dashboard-checks.sh BATCHLAB DATA WORKDIR.
# Headless Chromium renders the compare page of three runs (three series in the chart), the study
# page (every run in each of its charts, the run list filtered and sorted) and saves screenshots; a
# run that trains while the server runs grows in the API and on its page (held after its first
# epoch until the first snapshot is taken); malformed and path-traversal requests are refused;
# 10,000 clients (scripts/dashboard-load.py) leave the server up without unbounded growth. Last, a
# generated store of 1,000 runs of 50 epochs (the synthetic-store helper built beside BATCHLAB)
# is served, and scripts/dashboard-browser.py times its run list and study page in Chromium and
# checks that hiding, showing and the pointer read-out work there; the times are printed, not judged.
set -uo pipefail
# A verdict written to a trainer that already exited must fail a check, not end the script.
trap '' PIPE
batchlab=$1 data=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export BATCHLAB_STORE="$work/runs.sqlite"
source "$(dirname "$0")/check-helpers.sh"
short=(--data "$data" --subset 1000 --validation-split 0.2 --threads 1)

for lr in 0.001 0.003 0.1; do "$batchlab" train "${short[@]}" --epochs 2 --lr $lr --name "lr $lr" --study dash >/dev/null; done
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$batchlab" serve --port "$port" >"$work/serve.log" 2>&1 & server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "$base/api/runs" && break; sleep 0.1; done

browser=(chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=8000 --window-size=1280,1000)
"${browser[@]}" --dump-dom "$base/compare?runs=1,2,3" >"$work/compare.html" 2>"$work/chromium.log"
series=$(grep -o 'class="series"' "$work/compare.html" | wc -l)
[ "$series" -eq 3 ] && pass "Chromium renders the compare page of three runs with three series" \
    || fail "compare page shows $series series (see $work/compare.html)"
grep -q 'class="differs' "$work/compare.html" && pass "the compare page highlights the differing config values" \
    || fail "no highlighted config row on the compare page"
"${browser[@]}" --dump-dom "$base/" >"$work/runs.html" 2>>"$work/chromium.log"
[ "$(grep -o 'href="/runs/[0-9]*"' "$work/runs.html" | sort -u | wc -l)" -eq 3 ] && pass "the run list shows the three runs" \
    || fail "run list (see $work/runs.html)"
for page in compare:"compare?runs=1,2,3&metric=val_loss" runs: run:runs/1 study:"study?name=dash"; do
    "${browser[@]}" --screenshot="$work/${page%%:*}.png" "$base/${page#*:}" >>"$work/chromium.log" 2>&1
done
[ -s "$work/compare.png" ] && pass "screenshots in $work/{runs,run,compare,study}.png" || fail "no screenshot"

# The study page: all three runs in each of its six charts, a row per run; the run list filtered and sorted.
"${browser[@]}" --dump-dom "$base/study?name=dash" >"$work/study.html" 2>>"$work/chromium.log"
lines=$(grep -o '<path class="series" data-series="[^"]*" data-id="[0-9]*"' "$work/study.html" | wc -l)
rows=$(grep -o '<tr data-key="[0-9]*"' "$work/study.html" | wc -l)
[ "$lines" -eq 18 ] && [ "$rows" -eq 3 ] && pass "Chromium renders the study page: 3 runs in each of 6 charts, 3 rows" \
    || fail "study page shows $lines lines and $rows rows, expected 18 and 3 (see $work/study.html)"
"${browser[@]}" --dump-dom "$base/?filter=lr%3E0.002&sort=lr&order=desc" >"$work/filtered.html" 2>>"$work/chromium.log"
order=$(grep -o 'data-run-id="[0-9]*"' "$work/filtered.html" | grep -o '[0-9]*' | paste -sd,)
[ "$order" = "3,2" ] && pass "the run list filters (lr>0.002) and sorts (lr, descending): runs $order" \
    || fail "filtered run list shows runs '$order', expected 3,2 (see $work/filtered.html)"
"${browser[@]}" --dump-dom "$base/compare?runs=1,2,3&at=best" >"$work/compare-best.html" 2>>"$work/chromium.log"
grep -q '<summary>[0-9]* settings the same in every run</summary>' "$work/compare-best.html" \
    && [ "$(grep -o '<tr data-key="[0-9]*"' "$work/compare-best.html" | wc -l)" -eq 3 ] \
    && pass "the compare page lists the runs at their best epoch and folds the settings they share" \
    || fail "compare page at best (see $work/compare-best.html)"

# The live run waits after epoch 1 (--wait-at-epochs) until the first snapshot is taken: the
# snapshots see 1 epoch and then 4 however fast the machine trains.
mkfifo "$work/verdicts"
"$batchlab" train "${short[@]}" --epochs 4 --name live --study dash --wait-at-epochs 1 <"$work/verdicts" >/dev/null & trainer=$!
exec 3>"$work/verdicts"
epochs() { curl -s "$base/api/runs/4/metrics" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["epochs"]))' 2>/dev/null || echo 0; }
first=0
for _ in $(seq 600); do first=$(epochs); [ "$first" -ge 1 ] && break; sleep 0.1; done
"${browser[@]}" --dump-dom "$base/runs/4" >"$work/live-1.html" 2>>"$work/chromium.log"
during=$(epochs)
echo continue >&3
exec 3>&-
wait $trainer
"${browser[@]}" --dump-dom "$base/runs/4" >"$work/live-2.html" 2>>"$work/chromium.log"
rows() { python3 -c 'import re, sys; t = open(sys.argv[1]).read(); print(len(re.findall(r"<tr", t)))' "$1"; }
[ "$first" -eq 1 ] && [ "$during" -eq 1 ] && [ "$(epochs)" -eq 4 ] && [ "$(rows "$work/live-2.html")" -eq $(($(rows "$work/live-1.html") + 3)) ] \
    && pass "a run training while the server runs grows: API epochs $first → 4, page rows $(rows "$work/live-1.html") → $(rows "$work/live-2.html")" \
    || fail "live run did not grow as held (API $first, $during while held → $(epochs); page rows $(rows "$work/live-1.html") → $(rows "$work/live-2.html"))"

# A second seed of "lr 0.001": the study page lists the setting's repeats with mean ± sd.
"$batchlab" train "${short[@]}" --epochs 2 --lr 0.001 --seed 1 --name "lr 0.001 (seed 1)" --study dash >/dev/null
"${browser[@]}" --dump-dom "$base/study?name=dash" >"$work/study-repeats.html" 2>>"$work/chromium.log"
python3 - "$work/study-repeats.html" <<'PY' && pass "the study page lists repeats over seeds: lr 0.001 over 2 seeds, mean ± sd" \
    || fail "no repeats table on the study page (see $work/study-repeats.html)"
import re, sys
page = open(sys.argv[1]).read()
section = re.search(r'<section id="repeats">(.*?)</section>', page, re.S)
assert section, "the repeats section is missing or hidden"
row = re.search(r'<tr data-key="1,5"><td>lr 0.001</td><td class="num">2</td><td class="num">[0-9.]+ ± [0-9.]+ %</td>', section.group(1))
assert row, section.group(1)[:600]
PY

status() { curl -s --path-as-is -o /dev/null -w "%{http_code}" "$base$1"; }
for probe in "/api/runs/abc 400" "/api/runs/-3 400" "/compare?runs=1,zz 400" "/api/chart.svg?runs=1&smooth=7 400" \
             "/api/runs?status=bogus 400" "/api/runs/999 404" "/nowhere 404" "/assets/../../etc/passwd 404" \
             "/assets/..%2F..%2Fetc%2Fpasswd 404" "/assets/%2e%2e/Package.swift 404" "/../../etc/passwd 404" \
             "/api/chart.svg?runs=1&metric=no_such_metric 400"; do
    set -- $probe
    got=$(status "$1")
    [ "$got" = "$2" ] && pass "GET $1 → $2" || fail "GET $1 gave $got, expected $2"
done
[ "$(curl -s -o /dev/null -w "%{http_code}" -X POST "$base/api/runs/1")" -ge 400 ] && pass "POST is refused (no write endpoints)" \
    || fail "POST accepted"
[ "$(curl -s -o /dev/null -w "%{http_code}" -H "Host: attacker.example:$port" "$base/api/runs")" = 421 ] \
    && pass "a request for another Host (DNS rebinding) gets 421" || fail "foreign Host answered"
curl -s "$base/nowhere" | grep -q '"error"' && pass "404s carry a JSON error" || fail "bare 404"

python3 "$(dirname "$0")/dashboard-load.py" "$base" "$server" \
    && pass "10,000 clients (keep-alive, malformed, slow): every request answered, slow clients closed, server up, memory bounded" \
    || fail "dashboard load (scripts/dashboard-load.py)"

# 1,000 runs of 50 epochs: the run list and the study page in Chromium.
synthetic="$(dirname "$batchlab")/synthetic-store"
if [ -x "$synthetic" ] && "$synthetic" "$work/load.sqlite" 1000 50 >"$work/synthetic.log" 2>&1; then
    load_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    BATCHLAB_STORE="$work/load.sqlite" "$batchlab" serve --port "$load_port" >"$work/serve-load.log" 2>&1 & load_server=$!
    trap 'kill $server $load_server 2>/dev/null' EXIT
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$load_port/api/runs" && break; sleep 0.1; done
    cat "$work/synthetic.log"
    python3 "$(dirname "$0")/dashboard-browser.py" "http://127.0.0.1:$load_port" / "/study?name=load&metrics=val_accuracy" "/study?name=load" \
        && pass "1,000 runs of 50 epochs: run list and study page drawn in Chromium, hiding, showing and read-outs work (times above)" \
        || fail "1,000-run dashboard in Chromium (scripts/dashboard-browser.py)"
    kill $load_server 2>/dev/null
else
    fail "cannot write the 1,000-run store with $synthetic (built by swift build -c release; see $work/synthetic.log)"
fi

[ $failures -eq 0 ] || { echo "$failures dashboard check(s) failed"; exit 1; }
