#!/usr/bin/env python3
"""Times dashboard pages in headless Chromium, in real time, over the DevTools protocol on a pipe
(--remote-debugging-pipe: no port, no extra package). Usage:

  dashboard-browser.py BASE_URL [--repeats 3] PAGE…

Each PAGE is a path (`/`, `/study?name=load`). For each it opens a fresh tab, navigates, and waits
until the page marks itself drawn (`document.body.dataset.ready`, set by app.js after the first
full render, in ms since navigation started), then until six more frames have run, by which time
Chromium has painted it (its raster work holds frames back); it prints the medians over the
repeats of both. On a study page it then checks that the page stays responsive: it hides every
run and shows them again (timing the script's work, and until painted), and moves the pointer
across a chart, checking that a read-out appears. Exits 1 when a page does not get ready within 20 s, shows an
error line, or a check fails."""
import argparse, json, os, statistics, subprocess, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("pages", nargs="+")
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

to_chrome, from_chrome = os.pipe(), os.pipe()

def child_fds():
    # Chromium reads commands from fd 3 and writes answers to fd 4 (duplicates are inheritable).
    read_end, write_end = os.dup(to_chrome[0]), os.dup(from_chrome[1])
    os.dup2(read_end, 3)
    os.dup2(write_end, 4)

browser = "/usr/lib/chromium/chromium" if os.path.exists("/usr/lib/chromium/chromium") else "chromium"
chrome = subprocess.Popen([browser, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                           "--window-size=1280,1000"],
                          close_fds=False, preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome[0]); os.close(from_chrome[1])
buffer, next_id = b"", 0

def send(method, params=None, session=None):
    global buffer, next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session: message["sessionId"] = session
    os.write(to_chrome[1], json.dumps(message).encode() + b"\0")
    while True:
        while b"\0" not in buffer:
            chunk = os.read(from_chrome[0], 1 << 20)
            if not chunk: raise RuntimeError("Chromium closed the pipe")
            buffer += chunk
        raw, buffer = buffer.split(b"\0", 1)
        answer = json.loads(raw)
        if answer.get("id") == next_id:
            if "error" in answer: raise RuntimeError(f"{method}: {answer['error']}")
            return answer["result"]

def evaluate(session, expression):
    result = send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session)
    return result["result"].get("value")

# Six frames: a frame waits for the raster of the one before it to finish.
SETTLE = "new Promise(done => { const frame = n => requestAnimationFrame(() => (n ? frame(n - 1) : done())); frame(6); })"

def open_page(path):
    """A fresh tab at `path`, once drawn: (target, session, ms until drawn, ms until painted)."""
    target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    # In front, so that frames are not throttled as a background tab's are.
    send("Page.bringToFront", {}, session)
    send("Page.navigate", {"url": args.base + path}, session)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = evaluate(session, "document.body ? [document.body.dataset.ready || '', "
                                  "document.getElementById('error')?.hidden === false ? document.getElementById('error').textContent : ''] : ['', '']")
        if state and state[1]: raise RuntimeError(f"{path} shows an error: {state[1]}")
        if state and state[0]:
            painted = evaluate(session, SETTLE + ".then(() => performance.now())")
            return target, session, float(state[0]), painted
        time.sleep(0.01)
    raise RuntimeError(f"{path} was not drawn within 20 s")

failed = False
try:
    # A first page starts Chromium's renderer, so that the times below are the pages' own.
    warm = send("Target.createTarget", {"url": args.base + "/assets/style.css"})["targetId"]
    time.sleep(0.5)
    send("Target.closeTarget", {"targetId": warm})
    for path in args.pages:
        drawn, painted = [], []
        for _ in range(args.repeats):
            target, session, ms, paint_ms = open_page(path)
            drawn.append(ms)
            painted.append(paint_ms)
            send("Target.closeTarget", {"targetId": target})
        print(f"  {path}: drawn in {statistics.median(drawn):.0f} ms, painted in {statistics.median(painted):.0f} ms "
              f"(medians of {len(drawn)}; drawn {', '.join(f'{t:.0f}' for t in drawn)}; painted {', '.join(f'{t:.0f}' for t in painted)})")
        if not path.startswith("/study"): continue
        target, session, _, _ = open_page(path)
        runs = evaluate(session, "document.getElementById('study-status').textContent")
        lines = evaluate(session, "document.querySelectorAll('svg path.series[data-id]').length")
        # The script's work (until the next frame starts), then until painted.
        toggle = """new Promise(done => { const t = performance.now(); document.getElementById('%s').click();
                    requestAnimationFrame(() => { const work = performance.now() - t; %s.then(() => done([work, performance.now() - t,
                    [...document.querySelectorAll('svg path.series[data-id]')].filter(p => getComputedStyle(p).visibility !== 'hidden').length])); }); })"""
        hide_ms, hide_painted, visible_hidden = evaluate(session, toggle % ("hide-all", SETTLE))
        show_ms, show_painted, visible_shown = evaluate(session, toggle % ("show-all", SETTLE))
        box = evaluate(session, "(() => { const r = document.querySelector('#chart-val_accuracy svg').getBoundingClientRect();"
                                " return [r.left, r.top, r.width, r.height]; })()")
        started = time.monotonic()
        for step in range(20):
            x = box[0] + box[2] * (0.2 + 0.6 * step / 19)
            send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": box[1] + box[3] * 0.35}, session)
        hover_ms = (time.monotonic() - started) * 1000 / 20
        readout = evaluate(session, "(() => { const r = document.querySelector('#chart-val_accuracy .readout');"
                                    " return r && !r.hidden ? r.textContent : ''; })()")
        print(f"  {path}: {runs}, {lines} lines in its charts; hide all: {hide_ms:.0f} ms, painted {hide_painted:.0f} ms "
              f"({visible_hidden} lines left); show all: {show_ms:.0f} ms, painted {show_painted:.0f} ms ({visible_shown} shown); "
              f"pointer moves {hover_ms:.1f} ms each, read-out '{readout}'")
        if visible_hidden != 0 or visible_shown != lines or not readout:
            print("  FAILED: hiding, showing or the read-out did not work as expected")
            failed = True
        send("Target.closeTarget", {"targetId": target})
except RuntimeError as error:
    print(f"  FAILED: {error}")
    failed = True
finally:
    try: send("Browser.close")
    except Exception: pass
    chrome.wait(timeout=10)
sys.exit(1 if failed else 0)
