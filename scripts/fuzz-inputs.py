#!/usr/bin/env python3
"""Fuzz BatchLab's inputs and report figures (issue 12, "Fuzzing and load, with figures").

    scripts/fuzz-inputs.py BINARY [--data DIR] [--seed N] [--count N] [--timeout S]
                           [--only FAMILY[,FAMILY]] [--json FILE] [--keep] [--dry-run]

Feeds the binary bad input through every parser a user's flag or file reaches and
classifies each outcome:

  refused-clean    non-zero exit; stderr's first line starts with "Error:", the message is
                   that one line (ArgumentParser's "Help:"/"Usage:"/"See ..." lines may
                   follow), it names the flag or the file, and nothing in the output shows
                   Swift/Foundation/SQLite internals (NSCocoaErrorDomain, DecodingError,
                   "The given data was not valid JSON", "while executing `SELECT", a Swift
                   type name such as "not a Dictionary<String, Any>", ...: UNCLEAR_MARKERS)
  refused-unclear  non-zero exit, but the message fails one of those tests
  accepted         exit 0 (or 130: a run ended by the end of its input, resumable), or a
                   server / training run still working when stopped; "suspect" when the
                   input was bad and should have been refused (a likely bug)
  crash            killed by a signal, exit >= 128 other than 130, or "Fatal error" /
                   "free()" in the output
  hang             still running at the timeout without having started any work

Families: flags (every value flag of train, lr-find, noise-scale, sweep, bench, study seed,
report, runs list/show/export and serve, read from each --help), config (train --config
files), sweep (sweep files), checkpoint (train --resume on mutated last.json/safetensors),
data (mutated CIFAR-10 folders).

Everything runs in a fresh temporary folder with BATCHLAB_STORE (and every store a case
names) inside it, BATCHLAB_DATA set to --data, stdin closed, SWIFT_BACKTRACE=enable=no (a
crash keeps its "Fatal error" line but ends at once), one process group per case (killed
whole at the timeout), and a 4 GiB address-space limit per process (so a huge grid cannot
eat the machine; running out is reported as a crash). A FIFO case has a writer, as a shell's
<(…) would: one open, fed once (a FIFO nobody writes blocks any reader, by design).
Training cases use --threads 1 and 100-200 images; sweep files run with --threads-per-run 1.
Deterministic for a given --seed (and --count): the same cases, in the same order.
Exit status 1 if any crash or hang, else 0. Python 3 standard library only.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

FAMILIES = ["flags", "config", "sweep", "checkpoint", "data"]
UNCLEAR_MARKERS = ["NSCocoaErrorDomain", "DecodingError", "Swift/", "Fatal error",
                   "dataCorrupted", "The file", "couldn\u2019t be", "couldn't be",
                   "NSPOSIXErrorDomain", "Error Domain=", "keyNotFound", "typeMismatch",
                   "valueNotFound", "CodingKeys", "underlyingError",
                   "The given data was not valid JSON", "The operation could not be completed",
                   "while executing `"]
# Swift type names in a message ("epoch is not a Int", "is not a Dictionary<String, Any>").
SWIFT_TYPE = re.compile(r"\b(?:a|an) (?:(?:U?Int(?:8|16|32|64)?|Float|Double|Bool|String)\b|"
                        r"(?:Dictionary|Array|Optional)<[^>]*>)")
CRASH_MARKERS = ["Fatal error", "free()", "Segmentation fault", "Illegal instruction",
                 "double free", "stack overflow", "Current stack trace"]
WORKING = re.compile(r"Epoch \d+/\d+|Serving |Resuming run|\]\s+(starting|running)|img/s|"
                     r"images/s|^\s*step\s+\d+|Noise scale|Throughput", re.M)
ARGPARSE_TAIL = ("Help:", "Usage:", "  See '")
MEM_LIMIT = 4 << 30
LONG_STR = "x" * 60000
LONG_NUM = "9" * 5000

# ----------------------------------------------------------------------------- helpers


class Raw(str):
    """A YAML/JSON token written verbatim (e.g. .nan, 1e400)."""


def is_plain(s):
    return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_./-]*", s)) and s.lower() not in (
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~")


def yaml_scalar(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return v if is_plain(v) else json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{yaml_scalar(k)}: {yaml_scalar(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def to_yaml(d, indent=0):
    out = []
    for k, v in d.items():
        key = yaml_scalar(k) if isinstance(k, str) else str(k)
        if isinstance(v, dict) and v and not isinstance(v, Raw):
            out.append(" " * indent + f"{key}:")
            out.append(to_yaml(v, indent + 2))
        else:
            out.append(" " * indent + f"{key}: {yaml_scalar(v)}")
    return "\n".join(x for x in out if x != "")


def to_json(v, indent=0):
    pad = "  " * indent
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {to_json(x, indent + 1)}' for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list):
        return "[" + ", ".join(to_json(x, indent + 1) for x in v) + "]"
    return json.dumps(v)


def parse_simple_yaml(text):
    """Parses the block YAML `train --print-config` writes (maps, scalars)."""
    root = {}
    stack = [(-1, root)]
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ind = len(line) - len(line.lstrip())
        key, _, val = line.strip().partition(":")
        val = val.strip()
        while stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1]
        if val == "":
            parent[key] = {}
            stack.append((ind, parent[key]))
        else:
            parent[key] = parse_scalar(val)
    return root


def parse_scalar(s):
    if s in ("null", "~"):
        return None
    if s == "true":
        return True
    if s == "false":
        return False
    try:
        return int(s)
    except ValueError:
        pass
    try:
        return float(s)
    except ValueError:
        pass
    if s.startswith('"'):
        return json.loads(s)
    return s


def leaves(d, prefix=""):
    for k, v in d.items():
        p = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            yield from leaves(v, p + ".")
        else:
            yield p, v


def copy_tree_value(v):
    if isinstance(v, dict):
        return {k: copy_tree_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [copy_tree_value(x) for x in v]
    return v


def short(arg, limit=90):
    if len(arg) > limit:
        return f"{arg[:24]}…({len(arg)} chars)"
    return arg


def quote(arg):
    arg = short(arg)
    if arg == "" or re.search(r"[^\w@%+=:,./…()-]", arg):
        return "'" + arg.replace("'", "'\\''") + "'"
    return arg


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def fifo_writer(path, chunks):
    """Makes a FIFO at path and feeds it from a thread once a reader opens it (as a shell's
    <(…) would); returns the function that stops the writer."""
    import errno
    import threading
    os.mkfifo(path)
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as e:
                if e.errno in (errno.ENXIO, errno.EINTR):
                    time.sleep(0.02)
                    continue
                return
            try:
                os.set_blocking(fd, True)
                for chunk in chunks():
                    if stop.is_set():
                        break
                    os.write(fd, chunk)
            except OSError:
                pass
            finally:
                os.close(fd)
            return
    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def finish():
        stop.set()
        thread.join(2)
    return finish


def endless(line):
    block = line * max(1, 65536 // len(line))

    def chunks():
        while True:
            yield block
    return chunks


def billion_laughs(levels=9, width=9, key="bomb"):
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * width) + "]")
    lines.append(f"{key}: *a{levels}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- cases


class Case:
    def __init__(self, family, label, argv, expect, names, setup=None, store="empty",
                 timeout=None, early=None, fixed=True, cwd=None):
        self.family = family
        self.label = label
        self.argv = argv            # list; "{dir}" in an argument is the case's folder
        self.expect = expect        # refuse | accept | either
        self.names = names          # one of these must appear in the error line; "{dir}" too
        self.setup = setup          # callable(case_dir, rng) run before the command
        self.store = store          # empty | populated | checkpoint
        self.timeout = timeout
        self.early = early          # regex: stop and count as accepted once seen in stdout
        self.fixed = fixed
        self.cwd = cwd


class Fuzzer:
    def __init__(self, binary, data, seed, count, timeout, only):
        self.binary = os.path.abspath(binary)
        self.data = os.path.abspath(data)
        self.seed = seed
        self.count = count
        self.timeout = timeout
        self.only = only
        self.tmp = tempfile.mkdtemp(prefix="batchlab-fuzz-")
        self.setup_dir = os.path.join(self.tmp, "setup")
        self.store_dir = os.path.join(self.setup_dir, "store")
        self.ck_dir = os.path.join(self.setup_dir, "ck")
        self.pristine = os.path.join(self.tmp, "pristine")
        self.port = 20000 + seed % 20000
        self.results = []
        self.tag = f"{os.getpid()}-{os.path.basename(self.tmp)}"

    # -- running ---------------------------------------------------------------

    def env(self, store):
        env = {k: v for k, v in os.environ.items() if not k.startswith("BATCHLAB_")}
        env["BATCHLAB_STORE"] = store
        env["BATCHLAB_DATA"] = self.data
        env["NO_COLOR"] = "1"
        env["SWIFT_BACKTRACE"] = "enable=no"   # a crash still shows its message, fast
        env["BATCHLAB_FUZZ_TAG"] = self.tag      # finds this fuzzer's processes, and only them
        return env

    def raw_run(self, argv, cwd, store, timeout=120):
        return subprocess.run([self.binary] + argv, cwd=cwd, env=self.env(store),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              errors="replace", timeout=timeout)

    def execute(self, argv, cwd, store, timeout, early):
        out_path = os.path.join(self.tmp, "out.txt")
        err_path = os.path.join(self.tmp, "err.txt")

        def limits():
            try:
                resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            except (ValueError, OSError):
                pass

        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.monotonic()
            proc = subprocess.Popen([self.binary] + argv, cwd=cwd, env=self.env(store),
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True, preexec_fn=limits)
            timed_out = stopped_early = False
            while True:
                rc = proc.poll()
                if rc is not None:
                    break
                elapsed = time.monotonic() - start
                if early and elapsed > 0.2:
                    with open(out_path, "rb") as f:
                        if re.search(early, f.read().decode("utf-8", "replace")):
                            stopped_early = True
                if stopped_early or elapsed > timeout:
                    timed_out = not stopped_early
                    self.kill_group(proc.pid)
                    rc = proc.wait()
                    break
                time.sleep(0.03)
            self.kill_group(proc.pid)  # anything the command left behind in its group
            seconds = time.monotonic() - start
            leftovers = self.reap()
        with open(out_path, "rb") as f:
            stdout = f.read().decode("utf-8", "replace")
        with open(err_path, "rb") as f:
            stderr = f.read().decode("utf-8", "replace")
        return rc, stdout, stderr, timed_out, stopped_early, seconds, leftovers

    def reap(self):
        """Kills, by pid, the processes this fuzzer started that are still alive (a run a
        killed sweep left behind, in its own process group), found by BATCHLAB_FUZZ_TAG."""
        needle = f"BATCHLAB_FUZZ_TAG={self.tag}".encode()
        found = []
        for _ in range(3):
            pids = []
            for name in os.listdir("/proc"):
                if not name.isdigit() or int(name) == os.getpid():
                    continue
                try:
                    with open(f"/proc/{name}/environ", "rb") as f:
                        if needle in f.read().split(b"\0"):
                            pids.append(int(name))
                except OSError:
                    continue
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                    found.append(pid)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        return len(set(found))

    @staticmethod
    def kill_group(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def classify(self, case, case_dir, rc, stdout, stderr, timed_out, stopped_early):
        both = stdout + stderr
        if any(m in both for m in CRASH_MARKERS):
            return "crash", "crash message in the output" + (" (then killed at the timeout)"
                                                              if timed_out else "")
        if stopped_early:
            return "accepted", "stopped once it was serving/working"
        if timed_out:
            if WORKING.search(stdout):
                return "accepted", f"still working at the {case.timeout:g} s timeout"
            return "hang", f"no output of work after {case.timeout:g} s"
        if rc < 0 or (rc >= 128 and rc != 130):
            return "crash", (f"signal {-rc}" if rc < 0 else f"exit {rc}")
        if rc in (0, 130):
            return "accepted", ("exit 130 (interrupted, resumable)" if rc == 130 else "")
        lines = stderr.splitlines()
        while lines and not lines[0].strip():
            lines.pop(0)
        reasons = []
        if not lines or not lines[0].startswith("Error:"):
            reasons.append("stderr does not start with 'Error:'")
        msg = []
        for line in lines:
            if line.startswith(ARGPARSE_TAIL):
                break
            msg.append(line)
        while msg and not msg[-1].strip():
            msg.pop()
        if len(msg) > 1:
            reasons.append(f"message is {len(msg)} lines")
        bad = [m for m in UNCLEAR_MARKERS if m in both]
        bad += [f"Swift type name '{m.group(0)}'" for m in [SWIFT_TYPE.search(stderr)] if m]
        if bad:
            reasons.append("shows internals: " + ", ".join(bad))
        first = lines[0] if lines else ""
        names = [n.replace("{dir}", case_dir) for n in case.names]
        if names and not any(n and n in first for n in names):
            reasons.append("names neither the flag nor the file")
        if reasons:
            return "refused-unclear", "; ".join(reasons)
        return "refused-clean", ""

    # -- setup -----------------------------------------------------------------

    def prepare(self):
        os.makedirs(self.setup_dir)
        store = os.path.join(self.store_dir, "runs.sqlite")
        r = self.raw_run(["train", "--print-config"], self.setup_dir, store)
        if r.returncode != 0:
            sys.exit(f"fuzz-inputs: {self.binary} train --print-config failed:\n{r.stderr}")
        self.base_config = parse_simple_yaml(r.stdout)
        self.helps = {}
        for cmd in COMMANDS:
            r = self.raw_run(list(cmd) + ["--help"], self.setup_dir, store)
            self.helps[cmd] = parse_help(r.stdout)
        if self.only and not ({"checkpoint", "flags"} & set(self.only)):
            return
        # Run 1: interrupted after epoch 1 of 2 (resumable, checkpointed); run 2: finished.
        r = self.raw_run(["train", "--data", self.data, "--subset", "200", "--epochs", "2",
                          "--checkpoint-dir", self.ck_dir, "--name", "x", "--threads", "1",
                          "--wait-at-epochs", "1"], self.setup_dir, store)
        r2 = self.raw_run(["train", "--data", self.data, "--subset", "100", "--epochs", "1",
                           "--name", "done", "--threads", "1"], self.setup_dir, store)
        run_dir = os.path.join(self.ck_dir, "run-1")
        if r.returncode != 130 or r2.returncode != 0 or not os.path.exists(
                os.path.join(run_dir, "last.json")):
            sys.exit("fuzz-inputs: could not set up the checkpointed run:\n"
                     + r.stdout + r.stderr + r2.stdout + r2.stderr)
        self.tensors = json.load(open(os.path.join(run_dir, "last.json")))["tensors"]
        os.makedirs(self.pristine)
        shutil.copytree(self.store_dir, os.path.join(self.pristine, "store"))
        shutil.copytree(self.ck_dir, os.path.join(self.pristine, "ck"))

    def restore(self):
        for name, dst in (("store", self.store_dir), ("ck", self.ck_dir)):
            if os.path.lexists(dst):
                if os.path.isdir(dst) and not os.path.islink(dst):
                    shutil.rmtree(dst)
                else:
                    os.unlink(dst)
            shutil.copytree(os.path.join(self.pristine, name), dst, symlinks=True)

    # -- running all -----------------------------------------------------------

    def run_case(self, i, case):
        rng = random.Random(f"{self.seed}:{case.family}:{case.label}:run")
        if case.store == "checkpoint":
            self.restore()
            case_dir = self.setup_dir
            store = os.path.join(self.store_dir, "runs.sqlite")
        else:
            case_dir = os.path.join(self.tmp, "cases", f"{i:04d}")
            os.makedirs(case_dir)
            store_dir = os.path.join(case_dir, "store")
            store = os.path.join(store_dir, "runs.sqlite")
            if case.store == "populated":
                shutil.copytree(os.path.join(self.pristine, "store"), store_dir)
        cleanup = case.setup(case_dir, rng) if case.setup else None
        argv = [a.replace("{dir}", case_dir) for a in case.argv]
        timeout = case.timeout or self.timeout
        case.timeout = timeout
        rc, out, err, timed_out, early, secs, left = self.execute(argv, case_dir, store, timeout,
                                                                 case.early)
        if callable(cleanup):
            cleanup()
        outcome, why = self.classify(case, case_dir, rc, out, err, timed_out, early)
        if left:
            why = (why + "; " if why else "") + f"{left} process(es) outlived it (killed)"
        suspect = outcome == "accepted" and case.expect == "refuse"
        res = {"id": i, "family": case.family, "label": case.label,
               "argv": [self.sanitize(a, case_dir) for a in argv], "rc": rc,
               "timed_out": timed_out, "outcome": outcome, "why": why, "suspect": suspect,
               "expect": case.expect, "seconds": round(secs, 2),
               "stderr": self.sanitize(err, case_dir), "stdout": self.sanitize(out, case_dir)}
        if case.store != "checkpoint":
            shutil.rmtree(case_dir, ignore_errors=True)
        return res

    def sanitize(self, text, case_dir):
        text = text.replace(case_dir, "$CASE").replace(self.tmp, "$TMP")
        return text.replace(self.data, "$DATA")

    def main(self):
        try:
            self.prepare()
            cases = self.select(self.generate())
            t0 = time.monotonic()
            if self.dry_run:
                for i, case in enumerate(cases, 1):
                    print(f"{i:4d} {case.family:10s} {case.expect:6s} {'F' if case.fixed else 'p'} "
                          f"{short(case.label, 70)} :: {' '.join(quote(a) for a in case.argv)}")
                self.elapsed = 0
                return []
            for i, case in enumerate(cases, 1):
                res = self.run_case(i, case)
                self.results.append(res)
                mark = res["outcome"] + (" (suspect)" if res["suspect"] else "")
                print(f"[{i:3d}/{len(cases)}] {case.family:10s} {mark:22s} {res['seconds']:6.2f}s "
                      f"{short(case.label, 70)}", file=sys.stderr, flush=True)
            self.elapsed = time.monotonic() - t0
        finally:
            if not getattr(self, "keep", False):
                shutil.rmtree(self.tmp, ignore_errors=True)
            else:
                print(f"kept {self.tmp}", file=sys.stderr)
        return self.results

    def select(self, cases):
        if self.only:
            cases = [c for c in cases if c.family in self.only]
        fixed = [c for c in cases if c.fixed]
        pool = [c for c in cases if not c.fixed]
        rng = random.Random(f"{self.seed}:select")
        if self.count <= len(fixed):
            chosen = rng.sample(fixed, self.count) if self.count < len(fixed) else fixed
        else:
            # Pools are already in a seeded, round-robin order (each flag or mutation kind in
            # turn), so the first N of each family spread over every parser.
            need = self.count - len(fixed)
            by_family = {f: [c for c in pool if c.family == f] for f in FAMILIES}
            weights = {"flags": 0.5, "config": 0.15, "sweep": 0.15, "checkpoint": 0.15,
                       "data": 0.05}
            total_w = sum(weights[f] for f in FAMILIES if by_family[f]) or 1
            chosen_pool = []
            for f in FAMILIES:
                if by_family[f]:
                    k = int(round(need * weights[f] / total_w))
                    chosen_pool += by_family[f][:k]
            rest = [c for c in pool if c not in chosen_pool]
            chosen_pool += rest[:max(0, need - len(chosen_pool))]
            chosen = fixed + chosen_pool[:need]
        order = {f: i for i, f in enumerate(FAMILIES)}
        index = {id(c): i for i, c in enumerate(cases)}
        return sorted(chosen, key=lambda c: (order[c.family], index[id(c)]))

    # -- generation ------------------------------------------------------------

    def generate(self):
        cases = []
        for fam in FAMILIES:
            if not self.only or fam in self.only:
                cases += getattr(self, "gen_" + fam)()
        return cases

    # flags ---------------------------------------------------------------------

    def base_argv(self, cmd):
        D = self.data
        return {
            ("train",): ["train", "--data", D, "--subset", "100", "--epochs", "1",
                         "--threads", "1"],
            ("lr-find",): ["lr-find", "--data", D, "--subset", "100", "--steps", "10",
                           "--threads", "1"],
            ("noise-scale",): ["noise-scale", "--data", D, "--subset", "128", "--epochs", "1",
                               "--threads", "1", "--small-batch", "32", "--big-batch", "64",
                               "--measurements", "2", "--candidates", "32",
                               "--throughput-images", "64"],
            ("sweep",): ["sweep", "--lr", "0.001", "--batch-size", "32", "--epochs", "1",
                         "--subset", "100", "--parallel", "1", "--threads-per-run", "1",
                         "--data", D],
            ("bench",): ["bench", "--steps", "2", "--warmup", "1", "--repeats", "3",
                         "--threads", "1"],
            ("study", "seed"): ["study", "seed", "--epochs", "1", "--subset", "100",
                                "--parallel", "2", "--threads-per-run", "1", "--data", D],
            ("report",): ["report", "--runs", "2", "-o", "{dir}/r.html"],
            ("runs", "list"): ["runs", "list"],
            ("runs", "show"): ["runs", "show", "2"],
            ("runs", "export"): ["runs", "export"],
            ("serve",): ["serve", "--port", "{port}"],
        }[cmd]

    def with_flag(self, cmd, names, value, missing=False, tail=None):
        argv = list(self.base_argv(cmd))
        out = []
        skip = False
        for a in argv:
            if skip:
                skip = False
                continue
            if a in names:
                skip = True
                continue
            out.append(a)
        if missing:
            return out + [names[-1]] + (tail or [])
        return out + [names[-1], value]

    def flag_case(self, cmd, argv, label, expect, names, fixed, **kw):
        store = "populated" if cmd[0] in ("report", "runs", "serve") else "empty"
        early = None
        timeout = None
        if cmd == ("serve",):
            early = r"Serving "
            timeout = 8
        port = str(self.port)
        self.port += 1
        argv = [a.replace("{port}", port) for a in argv]
        return Case("flags", label, argv, expect, names, store=kw.pop("store", store),
                    early=early, timeout=timeout, fixed=fixed, **kw)

    def gen_flags(self):
        rng = random.Random(f"{self.seed}:flags")
        cases = self.fixed_flag_cases()
        values = ["0", "-1", "-1e308", "1e308", "nan", "inf", "-inf", "9223372036854775807",
                  "-9223372036854775808", "9223372036854775808", "1e-320", "", "abc", "1,2",
                  "1.5", LONG_NUM, LONG_STR]
        per_flag = []
        for cmd in COMMANDS:
            for names, metavar in self.helps[cmd]:
                if names[-1] in ("--help", "--version", "--print-config"):
                    continue
                per_flag.append((cmd, names, metavar))
        # Every flag, in a seeded order; each pass gives every flag one more value.
        rng.shuffle(per_flag)
        streams = {}
        for cmd, names, metavar in per_flag:
            opts = (values + ["<missing>", "<missing-before-flag>"]) if metavar else \
                ["<switch=value>", "<switch-twice>"]
            rng.shuffle(opts)
            streams[(cmd, tuple(names))] = opts
        pool = []
        for depth in range(len(values) + 2):
            for cmd, names, metavar in per_flag:
                opts = streams[(cmd, tuple(names))]
                if depth >= len(opts):
                    continue
                v = opts[depth]
                flag = names[-1]
                cmdname = " ".join(cmd)
                if names[0].startswith("<"):          # positional
                    if v.startswith("<"):
                        continue
                    argv = [a for a in self.base_argv(cmd)]
                    argv = argv[:-1] + [v] if cmd == ("runs", "show") else argv + [v]
                    pool.append(self.flag_case(cmd, argv, f"{cmdname} {names[0]}={short(v, 30)!r}",
                                               expect_for(flag, v), [names[0]], False))
                    continue
                if v == "<missing>":
                    argv = self.with_flag(cmd, names, None, missing=True)
                    label = f"{cmdname} {flag} (missing value)"
                    exp = "refuse"
                elif v == "<missing-before-flag>":
                    argv = self.with_flag(cmd, names, None, missing=True, tail=["--help"])
                    label = f"{cmdname} {flag} --help (value missing, next token a flag)"
                    exp = "either"
                elif v == "<switch=value>":
                    argv = self.base_argv(cmd) + [f"{flag}=abc"]
                    label = f"{cmdname} {flag}=abc"
                    exp = "refuse"
                elif v == "<switch-twice>":
                    argv = self.base_argv(cmd) + [names[0], names[0]]
                    label = f"{cmdname} {names[0]} {names[0]}"
                    exp = "either"
                    if cmd == ("train",) and "nesterov" in flag:
                        argv += ["--optimizer", "sgd"]
                else:
                    argv = self.with_flag(cmd, names, v)
                    label = f"{cmdname} {flag} {short(v, 30)!r}"
                    exp = expect_for(flag, v, cmd)
                pool.append(self.flag_case(cmd, argv, label, exp, names, False))
        return cases + pool

    def fixed_flag_cases(self):
        D = self.data
        T = ["train", "--data", D, "--subset", "100", "--epochs", "1", "--threads", "1"]
        c = []

        def add(argv, label, expect, names, cmd=("train",), setup=None, store=None):
            kw = {"setup": setup}
            if store:
                kw["store"] = store
            c.append(self.flag_case(cmd, argv, label, expect, names, True, **kw))

        def mkfile(name, data=b"hello\n"):
            return lambda d, rng: write_bytes(os.path.join(d, name), data)

        def mkdir(name):
            return lambda d, rng: os.makedirs(os.path.join(d, name), exist_ok=True)

        add(T + ["--nesterov"], "--nesterov with adam", "refuse", ["--nesterov"])
        add(T + ["--momentum", "0.9"], "--momentum with adam", "refuse", ["--momentum"])
        add(T + ["--optimizer", "sgd", "--weight-decay", "-0.1"], "sgd --weight-decay -0.1",
            "refuse", ["--weight-decay"])
        add(T + ["--restore-best-weights"], "--restore-best-weights without --early-stopping",
            "refuse", ["--restore-best-weights", "--early-stopping"])
        add(T + ["--early-stopping", "--no-early-stopping"], "--early-stopping --no-early-stopping",
            "either", ["--early-stopping", "--no-early-stopping"])
        add(T + ["--plateau-factor", "0.5"], "--plateau-factor without --reduce-lr-on-plateau",
            "either", ["--plateau-factor", "--reduce-lr-on-plateau"])
        add(T + ["--reduce-lr-on-plateau", "--plateau-factor", "1.5"], "--plateau-factor 1.5",
            "refuse", ["--plateau-factor"])
        add(T + ["--reduce-lr-on-plateau", "--plateau-monitor", "bogus"],
            "--plateau-monitor bogus", "refuse", ["--plateau-monitor"])
        add(T + ["--early-stopping", "--early-stopping-monitor", "bogus"],
            "--early-stopping-monitor bogus", "refuse", ["--early-stopping-monitor"])
        add(T + ["--early-stopping-patience", "3"],
            "--early-stopping-patience without --early-stopping", "either",
            ["--early-stopping-patience", "--early-stopping"])
        add(T + ["--schedule", "constant", "--decay-rate", "0.3"],
            "--decay-rate with --schedule constant", "either", ["--decay-rate", "--schedule"])
        add(T + ["--schedule", "step", "--decay-rate", "1.5"], "--decay-rate 1.5 (grows)",
            "refuse", ["--decay-rate"])
        add(T + ["--warmup-epochs", "5"], "--warmup-epochs 5 > --epochs 1", "refuse",
            ["--warmup-epochs", "--epochs"])
        add(T + ["--eval-every-images", "100"], "--eval-every-images without --target-accuracy",
            "either", ["--eval-every-images", "--target-accuracy"])
        add(T + ["--target-accuracy", "1.5"], "--target-accuracy 1.5", "refuse",
            ["--target-accuracy"])
        add(T + ["--base-lr", "0.01"], "--base-lr without --scale-lr", "either",
            ["--base-lr", "--scale-lr"])
        add(T + ["--scale-lr", "none", "--base-batch-size", "64"],
            "--base-batch-size with --scale-lr none", "either",
            ["--base-batch-size", "--scale-lr"])
        add(T + ["--validation-split", "0.5", "--subset", "1"], "--validation-split 0.5 --subset 1",
            "refuse", ["--validation-split", "--subset"])
        add(T + ["--validation-split", "1"], "--validation-split 1", "refuse",
            ["--validation-split"])
        add(T + ["--subset", "100000"], "--subset 100000 (> 50,000 images)", "refuse",
            ["--subset"])
        add(T + ["--batch-size", "1000"], "--batch-size 1000 > --subset 100", "either",
            ["--batch-size", "--subset"])
        add(T + ["--batch-size", "100000000"], "--batch-size 1e8", "refuse", ["--batch-size"])
        add(T + ["--wait-at-epochs", "1"], "--wait-at-epochs 1 = the last epoch", "either",
            ["--wait-at-epochs", "--epochs"])
        add(T + ["--wait-at-epochs", "5"], "--wait-at-epochs 5 > --epochs 1", "refuse",
            ["--wait-at-epochs", "--epochs"])
        add(T + ["--epochs", "3", "--wait-at-epochs", "1,1"], "--wait-at-epochs 1,1", "either",
            ["--wait-at-epochs"])
        add(T + ["--epochs", "3", "--wait-at-epochs", "2,1"], "--wait-at-epochs 2,1", "either",
            ["--wait-at-epochs"])
        add(T + ["--wait-at-epochs", ",,"], "--wait-at-epochs ',,'", "refuse",
            ["--wait-at-epochs"])
        add(T + ["--lr", "0.1", "--lr", "0.2"], "--lr given twice", "either", ["--lr"])
        add(T + ["--threads", "0"], "--threads 0", "refuse", ["--threads"])
        add(T + ["--model", "../../etc/passwd"], "--model path traversal", "refuse", ["--model"])
        add(T + ["--name", "a\nb\x1b[31m"], "--name with newline and escape", "either", ["--name"])
        add(T + ["--checkpoint-dir", "{dir}/f"], "--checkpoint-dir is a file", "refuse",
            ["--checkpoint-dir", "{dir}/f"], setup=mkfile("f"))
        add(T + ["--metrics-out", "{dir}/d"], "--metrics-out is a directory", "refuse",
            ["--metrics-out", "{dir}/d"], setup=mkdir("d"))
        add(T + ["--metrics-out", "{dir}/no/such/dir/m.jsonl"], "--metrics-out in a missing folder",
            "either", ["--metrics-out"])
        add(T + ["--data", "{dir}/f"], "--data is a file", "refuse", ["--data", "{dir}/f"],
            setup=mkfile("f"))
        add(T + ["--store", "{dir}"], "--store is a directory", "refuse", ["--store", "{dir}"])
        add(T + ["--store", "{dir}/garbage.sqlite"], "--store is a garbage file", "refuse",
            ["--store", "{dir}/garbage.sqlite"],
            setup=mkfile("garbage.sqlite", bytes(range(256)) * 64))
        add(T + ["--config", "{dir}/c.yaml", "--print-config"], "--print-config with a bad --config",
            "refuse", ["--config", "{dir}/c.yaml", "c.yaml"],
            setup=mkfile("c.yaml", b"optimizer: {lr: -1}\n"))
        add(["train", "--resume", "1", "--lr", "0.1"], "--resume with --lr", "either",
            ["--resume", "--lr"], store="populated")
        add(["train", "--resume", "1", "--print-config"], "--resume with --print-config", "either",
            ["--resume", "--print-config"], store="populated")
        add(["train", "--resume", "2"], "--resume a finished run", "refuse", ["--resume"],
            store="populated")
        add(["train", "--resume", "99"], "--resume a missing run", "refuse", ["--resume"],
            store="populated")
        S = ("sweep",)
        sw = ["sweep", "--epochs", "1", "--subset", "100", "--parallel", "1",
              "--threads-per-run", "1", "--data", D]
        add(sw, "sweep with neither a file nor --lr (one default run?)", "either",
            ["--lr", "sweep", "file"], cmd=S)
        add(sw + ["{dir}/s.yaml", "--lr", "0.1"], "sweep FILE with --lr", "refuse",
            ["--lr", "s.yaml"], cmd=S,
            setup=mkfile("s.yaml", b"parameters: {epochs: 1, data.subset: 100, threads: 1}\n"))
        add(["sweep", "--resume", "nosuch"], "sweep --resume a missing study", "refuse",
            ["--resume", "nosuch"], cmd=S)
        add(["sweep", "--resume", "x", "{dir}/s.yaml"], "sweep --resume with FILE", "refuse",
            ["--resume", "s.yaml"], cmd=S, setup=mkfile("s.yaml", b"parameters: {epochs: 1}\n"))
        add(sw + ["--lr", "0.1", "--threads-per-run", "100000"], "sweep --threads-per-run 1e5",
            "refuse", ["--threads-per-run"], cmd=S)
        add(sw + ["--lr", "0.1", "--scale-lr", "linear", "--base-batch-size", "0"],
            "sweep --base-batch-size 0", "refuse", ["--base-batch-size"], cmd=S)
        add(sw + ["--lr", "0.1,", "--batch-size", "32"], "sweep --lr '0.1,' (empty item)",
            "refuse", ["--lr"], cmd=S)
        add(sw + ["--lr", ",".join(["0.001"] * 3000)], "sweep --lr with 3000 items",
            "either", ["--lr"], cmd=S)
        add(sw + ["--lr", ",".join(f"{i+1}e-5" for i in range(3000)),
                  "--batch-size", ",".join(str(i + 1) for i in range(3000))],
            "sweep grid 3000 x 3000 = 9e6 runs", "refuse", ["--lr", "--batch-size"], cmd=S)
        R = ("report",)
        add(["report", "-o", "{dir}/r.html"], "report with neither --study nor --runs", "either",
            ["--study", "--runs"], cmd=R)
        add(["report", "--runs", "2", "--study", "x", "-o", "{dir}/r.html"],
            "report --runs with --study", "either", ["--study", "--runs"], cmd=R)
        add(["report", "--runs", "99", "-o", "{dir}/r.html"], "report a missing run", "refuse",
            ["--runs", "99"], cmd=R)
        add(["report", "--runs", "2", "-o", "{dir}"], "report -o a directory", "refuse",
            ["--output", "-o", "{dir}"], cmd=R)
        add(["report", "--runs", "2", "-o", "{dir}/no/such/r.html"], "report -o in a missing folder",
            "either", ["--output", "-o", "{dir}/no/such/r.html"], cmd=R)
        add(["runs", "list", "--store", "{dir}/empty.sqlite"], "runs list on an empty file store",
            "either", ["--store", "{dir}/empty.sqlite"], cmd=("runs", "list"),
            setup=mkfile("empty.sqlite", b""))
        add(["runs", "list", "--store", "{dir}/text.sqlite"], "runs list on a text-file store",
            "refuse", ["--store", "{dir}/text.sqlite"], cmd=("runs", "list"),
            setup=mkfile("text.sqlite", b"not a database\n" * 100))
        add(["runs", "export", "--store", "{dir}/trunc.sqlite"],
            "runs export on a truncated store", "refuse", ["--store", "{dir}/trunc.sqlite"],
            cmd=("runs", "export"), setup=self.truncated_store)
        add(["runs", "export", "--csv", "{dir}"], "runs export --csv a directory", "refuse",
            ["--csv", "{dir}"], cmd=("runs", "export"))
        add(["runs", "show", "99"], "runs show a missing run", "refuse", ["99", "<id>"],
            cmd=("runs", "show"))
        add(["serve", "--host", "256.1.1.1", "--port", str(self.port + 5000)],
            "serve --host 256.1.1.1", "refuse", ["--host", "256.1.1.1"], cmd=("serve",))
        add(["serve", "--host", "abc.invalid", "--port", str(self.port + 5001)],
            "serve --host abc.invalid", "refuse", ["--host", "abc.invalid"], cmd=("serve",))
        N = ("noise-scale",)
        ns = self.base_argv(N)
        add(self.with_flag(N, ["--big-batch"], "48"), "noise-scale --big-batch 48 (not a multiple)",
            "refuse", ["--big-batch", "--small-batch"], cmd=N)
        add(self.with_flag(N, ["--big-batch"], "16"), "noise-scale --big-batch < --small-batch",
            "refuse", ["--big-batch", "--small-batch"], cmd=N)
        add(self.with_flag(N, ["--candidates"], ",,"), "noise-scale --candidates ',,'", "refuse",
            ["--candidates"], cmd=N)
        add(ns + ["--optimizer", "sgd", "--scale-lr", "none"], "noise-scale --scale-lr none",
            "either", ["--scale-lr"], cmd=N)
        L = ("lr-find",)
        add(self.base_argv(L) + ["--start-lr", "1", "--end-lr", "0.1"],
            "lr-find --start-lr > --end-lr", "refuse", ["--start-lr", "--end-lr"], cmd=L)
        add(self.base_argv(L) + ["--start-lr", "0.1", "--end-lr", "0.1"],
            "lr-find --start-lr = --end-lr", "refuse", ["--start-lr", "--end-lr"], cmd=L)
        add(self.base_argv(L) + ["--divergence-factor", "1"], "lr-find --divergence-factor 1",
            "refuse", ["--divergence-factor"], cmd=L)
        add(self.base_argv(L) + ["--chart", "{dir}"], "lr-find --chart a directory", "refuse",
            ["--chart", "{dir}"], cmd=L)
        add(self.base_argv(L) + ["--batch-size", "32,32"], "lr-find --batch-size 32,32", "either",
            ["--batch-size"], cmd=L)
        add(self.base_argv(("study", "seed")) + ["--parallel", "100"], "study seed --parallel 100",
            "either", ["--parallel"], cmd=("study", "seed"))
        add(self.base_argv(("study", "seed")) + ["--target", "2"], "study seed --target 2",
            "refuse", ["--target"], cmd=("study", "seed"))
        return c

    def truncated_store(self, d, rng):
        src = os.path.join(self.pristine, "store", "runs.sqlite")
        data = open(src, "rb").read()
        write_bytes(os.path.join(d, "trunc.sqlite"), data[:len(data) // 3])

    # config --------------------------------------------------------------------

    def config_base(self):
        cfg = copy_tree_value(self.base_config)
        cfg["data"]["folder"] = self.data
        cfg["data"]["subset"] = 100
        cfg["epochs"] = 1
        cfg["threads"] = 1
        return cfg


# The generic file fuzzer, used by the config and sweep families. --------------------------


class FileFamily:
    def __init__(self, fz, family, base, argv_for, special_keys, nullable_ok, string_ok,
                 extra_fixed, extra_pool):
        self.fz = fz
        self.family = family
        self.base = base
        self.argv_for = argv_for          # (path, dropped keys) -> argv
        self.special_keys = special_keys  # keys whose override flag is dropped when mutated
        self.nullable_ok = nullable_ok
        self.string_ok = string_ok
        self.extra_fixed = extra_fixed
        self.extra_pool = extra_pool
        self.extra_labels = {x[0] for x in extra_fixed}
        self.fixed, self.pool = [], []

    def case(self, label, content, expect, fixed, drop=(), ext="yaml", kind="file"):
        fname = f"{self.family}.{ext}"
        if fixed and self.family != "config" and label not in SWEEP_CORE and \
                label not in self.extra_labels:
            fixed = False   # the generic families are config's core; a sweep draws them

        def setup(d, r):
            p = os.path.join(d, fname)
            if kind == "file":
                data = content(r) if callable(content) else content
                write_bytes(p, data if isinstance(data, bytes) else data.encode())
            elif kind == "dir":
                os.makedirs(p)
            elif kind == "fifo-valid":
                return fifo_writer(p, lambda: iter([content.encode()]))
            elif kind == "fifo-endless":
                return fifo_writer(p, endless(b"#" + b"p" * 1022 + b"\n"))
            elif kind == "devzero":
                os.symlink("/dev/zero", p)
            elif kind == "loop":
                os.symlink(p, p)
        argv = self.argv_for("{dir}/" + fname, drop)
        c = Case(self.family, label, argv, expect, ["{dir}/" + fname, fname], setup=setup,
                 fixed=fixed)
        (self.fixed if fixed else self.pool).append(c)

    def yaml(self, d):
        return to_yaml(d) + "\n"

    def with_leaf(self, path, value):
        d = copy_tree_value(self.base)
        keys = split_path(d, path)
        cur = d
        for k in keys[:-1]:
            cur = cur[k]
        cur[keys[-1]] = value
        return d

    def without_leaf(self, path):
        d = copy_tree_value(self.base)
        keys = split_path(d, path)
        cur = d
        for k in keys[:-1]:
            cur = cur[k]
        del cur[keys[-1]]
        return d

    def drop_for(self, path):
        return tuple(k for k in self.special_keys if path == k or path.endswith("." + k)
                     or path == k.replace("data.", ""))

    def build(self, rng):
        base = self.base
        y = self.yaml(base)
        j = to_json(base) + "\n"
        lv = list(leaves(base))
        num = [(k, v) for k, v in lv if isinstance(v, (int, float)) and not isinstance(v, bool)]
        known = num[0][0]
        str_leaf = next((k for k, v in lv if isinstance(v, str)), None)
        C = self.case
        C("valid YAML (control)", y, "accept", True)
        C("valid JSON (control)", j, "accept", True, ext="json")
        C("empty file", "", "either", True)
        C("only a comment", "# nothing\n", "either", True)
        C("a directory", None, "refuse", True, kind="dir")
        C("missing path", None, "refuse", True, kind="missing")
        C("a named FIFO fed the valid file once (mkfifo f; cat c > f &)", y, "accept", True,
          kind="fifo-valid")
        C("a FIFO streaming comment lines without end", None, "refuse", True, kind="fifo-endless")
        C("a symlink to /dev/zero", None, "refuse", True, kind="devzero")
        C("a symlink loop", None, "refuse", True, kind="loop")
        C("5 MB: comment lines, then the valid file", ("#" + "p" * 99 + "\n") * 52429 + y,
          "either", True)
        C("5 MB string under an unknown key", y + 'zz: "' + "p" * (5 << 20) + '"\n', "refuse",
          True)
        C("billion laughs under an unknown key", billion_laughs(), "refuse", True)
        C(f"billion laughs as '{known}'",
          billion_laughs(key="zz").rsplit("zz:", 1)[0] + self.yaml(
              self.with_leaf(known, Raw("*a9"))), "refuse", True, drop=self.drop_for(known))
        C("deep flow nesting [[[...]]] x100000", y + "zz: " + "[" * 100000 + "]" * 100000 + "\n",
          "refuse", True)
        C(f"deep flow nesting as '{known}' x100000",
          self.yaml(self.with_leaf(known, Raw("[" * 100000 + "]" * 100000))), "refuse", True,
          drop=self.drop_for(known))
        C("deep block nesting x2000", y + "".join(" " * i + "k:\n" for i in range(2000))
          + " " * 2000 + "k: 1\n", "refuse", True)
        C("deep JSON nesting x100000", j.rstrip()[:-1].rstrip() + ',\n  "zz": ' + '{"a":' * 100000
          + "1" + "}" * 100000 + "\n}\n", "refuse", True, ext="json")
        C("binary garbage 4 KiB", lambda r: bytes(r.randrange(256) for _ in range(4096)),
          "refuse", True)
        C("NUL bytes between lines", y.replace("\n", "\n\x00", 3), "refuse", True)
        C("non-UTF-8 byte in a key", y.encode().replace(b"\n", b"\nz\xff: 1\n", 1), "refuse",
          True)
        if str_leaf:
            C(f"non-UTF-8 (Latin-1) in '{str_leaf}'", self.yaml(self.with_leaf(
                str_leaf, Raw("PLACEHOLDER"))).encode().replace(b"PLACEHOLDER", b"caf\xe9"),
              "refuse", True, drop=self.drop_for(str_leaf))
        C("UTF-16 with BOM", b"\xff\xfe" + y.encode("utf-16-le"), "refuse", True)
        C("UTF-8 BOM, then the valid file", "\ufeff" + y, "either", True)
        C("CRLF line endings (valid)", y.replace("\n", "\r\n"), "accept", True)
        C("tab indentation", y.replace("  ", "\t"), "refuse", True)
        C("top level is a list", "- a\n- b\n", "refuse", True)
        C("top level is a scalar", "hello\n", "refuse", True)
        C("top level is null", "null\n", "refuse", True)
        C("duplicate key", y + f"{known.split('.')[0]}: 2\n", "refuse", True)
        C("two YAML documents", y + "---\n" + y, "refuse", True)
        C("!!python/object tag", y + "zz: !!python/object/apply:os.system [ls]\n", "refuse", True)
        C("!!binary tag value", self.yaml(self.with_leaf(known, Raw("!!binary aGVsbG8="))),
          "refuse", True, drop=self.drop_for(known))
        C("a key that is a list", y + "[a, b]: 1\n", "refuse", True)
        C("merge key << with an alias", "base: &b {" + known.split(".")[-1] + ": 1}\n" + y
          + "zz:\n  <<: *b\n", "refuse", True)
        C("JSON with a NaN literal", j.rstrip()[:-1].rstrip() + ',\n  "zz": NaN\n}\n', "refuse",
          True, ext="json")
        C("JSON truncated by one byte", j.rstrip()[:-1], "refuse", True, ext="json")
        for key in self.special_keys:
            if any(k == key for k, _ in lv):
                C(f"'{key}': 1e400 (overflows to inf)", self.yaml(self.with_leaf(key, Raw("1e400"))),
                  "refuse", True, drop=(key,))
                C(f"'{key}': 9223372036854775807", self.yaml(self.with_leaf(
                    key, Raw("9223372036854775807"))), "refuse", True, drop=(key,))
        for label, text, exp in self.extra_fixed:
            C(label, text, exp, True)
        for label, text, exp in self.extra_pool:
            C(label, text, exp, False)
        # Seeded pool: each mutation kind in turn, each time on another key or offset.
        kinds = ["wrong-type", "unknown-key", "null", "huge", "truncate", "non-utf8",
                 "json-wrong-type", "json-truncate", "garbage", "missing-key"]
        listed = self.pool
        self.pool = []
        for _ in range(30):
            for kind in kinds:
                self.mutation(kind, rng, lv, y, j)
        # Listed variations and seeded mutations in turn, so a small draw has both.
        random_ones = self.pool
        self.pool = []
        for i in range(max(len(listed), len(random_ones))):
            self.pool += listed[i:i + 1] + random_ones[i:i + 1]
        return self.fixed, self.pool

    def mutation(self, kind, rng, lv, y, j):
        C = self.case
        path, orig = rng.choice(lv)
        # The run's size flags (--subset/--epochs/--threads) stay unless a clearly bad value
        # is put on that very key, so an accepted mutation still trains a tiny run.
        drop = ()
        if kind in ("wrong-type", "json-wrong-type"):
            choices = ["abc", [1, 2], {"a": 1}, True, "12abc", Raw("2001-12-14"), "",
                       Raw("0x1F"), Raw("1_000"), -0.0]
            v = rng.choice(choices)
            if isinstance(v, (list, dict)) and not isinstance(v, Raw):
                v = copy_tree_value(v)
            d = self.with_leaf(path, v)
            same = (isinstance(v, str) and isinstance(orig, str) and not isinstance(v, Raw)
                    and path in self.string_ok) or (isinstance(v, bool) and isinstance(orig, bool))
            nullable = orig is None and path in self.nullable_ok
            exp = "either" if same or nullable or v == -0.0 or isinstance(v, Raw) else "refuse"
            if kind == "json-wrong-type":
                C(f"JSON {path}: {short(yaml_scalar(v), 30)}", to_json(d) + "\n", exp, False,
                  drop, ext="json")
            else:
                C(f"{path}: {short(yaml_scalar(v), 30)}", self.yaml(d), exp, False, drop)
        elif kind == "unknown-key":
            parts = path.split(".")
            typo = parts[-1][:-1] + parts[-1][-1] * 2
            if rng.random() < 0.5:
                d = copy_tree_value(self.base)
                cur = d
                keys = split_path(d, path)
                for k in keys[:-1]:
                    cur = cur[k]
                cur[typo] = cur[keys[-1]]
                C(f"unknown key (typo) {'.'.join(keys[:-1] + [typo])}", self.yaml(d), "refuse",
                  False)
            else:
                C("unknown top-level key", self.yaml(self.base) + f"zz_{rng.randrange(100)}: 1\n",
                  "refuse", False)
        elif kind == "null":
            if orig is None:
                return
            exp = "either" if path in self.nullable_ok else "refuse"
            C(f"{path}: null", self.yaml(self.with_leaf(path, None)), exp, False, drop)
        elif kind == "huge":
            v = rng.choice(["1e308", "-1e308", "1e400", "-1e400", "9223372036854775808",
                            "-9223372036854775809", "9223372036854775807", ".nan", ".inf",
                            "-.inf", "1e-320", "99999999999999999999999999999", "-1", "0"])
            exp = "either" if v in ("-1", "0", "1e-320") or path.endswith("seed") else "refuse"
            C(f"{path}: {v}", self.yaml(self.with_leaf(path, Raw(v))), exp, False,
              self.drop_for(path) if v != "1e-320" else ())
        elif kind in ("truncate", "json-truncate"):
            text = y if kind == "truncate" else j
            cut = rng.randrange(1, len(text) - 1)
            exp = "refuse" if kind == "json-truncate" else "either"
            C(f"{'JSON' if kind != 'truncate' else 'YAML'} truncated at byte {cut}/{len(text)}",
              text[:cut], exp, False, ext="yaml" if kind == "truncate" else "json")
        elif kind == "non-utf8":
            b = y.encode()
            at = rng.randrange(0, len(b))
            junk = rng.choice([b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80",
                               b"\xf8\x88\x80\x80\x80"])
            C(f"non-UTF-8 {junk!r} at byte {at}", b[:at] + junk + b[at:], "refuse", False)
        elif kind == "garbage":
            n = rng.choice([1, 16, 300, 65536])
            seed = rng.randrange(1 << 30)
            C(f"random bytes ({n})", lambda r, n=n, s=seed: random.Random(s).randbytes(n),
              "refuse", False)
        elif kind == "missing-key":
            exp = "either"
            C(f"without '{path}'", self.yaml(self.without_leaf(path)), exp, False, drop)


SWEEP_CORE = {"valid YAML (control)", "valid JSON (control)", "empty file", "a directory",
              "missing path", "a FIFO streaming comment lines without end", "a symlink to /dev/zero", "5 MB string under an unknown key",
              "billion laughs under an unknown key", "deep flow nesting [[[...]]] x100000",
              "deep JSON nesting x100000", "binary garbage 4 KiB", "non-UTF-8 byte in a key",
              "top level is a list", "duplicate key", "JSON truncated by one byte"}


def split_path(d, path):
    """Config keys nest (optimizer.lr); sweep parameters are flat dotted keys
    (parameters -> optimizer.lr -> values): the longest key present wins."""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        key = ".".join(parts[:i])
        if key in d:
            if i == len(parts):
                return [key]
            if isinstance(d[key], dict):
                return [key] + split_path(d[key], ".".join(parts[i:]))
    return [path]


# ----------------------------------------------------------------------------- help, expectations

COMMANDS = [("train",), ("lr-find",), ("noise-scale",), ("sweep",), ("bench",), ("study", "seed"),
            ("report",), ("runs", "list"), ("runs", "show"), ("runs", "export"), ("serve",)]

PATH_FLAGS = {"--data", "--store", "--checkpoint-dir", "--metrics-out", "--chart", "--csv",
              "--output", "--report", "--config"}
FREE_STRING_FLAGS = {"--name", "--study", "--host"}
ENUM_FLAGS = {"--optimizer", "--preprocessing", "--scale-lr", "--schedule", "--model",
              "--plateau-monitor", "--early-stopping-monitor"}
LIST_FLAGS = {"--lr", "--batch-size", "--candidates", "--wait-at-epochs", "--runs", "--study"}
CLEARLY_BAD = {"-1e308", "1e308", "nan", "inf", "-inf", "9223372036854775807",
               "-9223372036854775808", "9223372036854775808", "", "abc", LONG_NUM, LONG_STR}


def expect_for(flag, v, cmd=None):
    if flag in PATH_FLAGS:
        return "refuse" if v in ("", LONG_STR, LONG_NUM) else "either"
    if flag in FREE_STRING_FLAGS or flag == "<id>" and v == "":
        return "either" if v not in ("",) else "refuse"
    if flag == "--resume":
        return "refuse"
    if flag in ENUM_FLAGS:
        return "refuse"
    if flag == "--seed":
        return "either" if v in ("0", "9223372036854775807") else (
            "refuse" if v in CLEARLY_BAD or v in ("1.5", "1,2") else "either")
    if v == "1,2":
        return "either" if flag in LIST_FLAGS else "refuse"
    if v in CLEARLY_BAD:
        return "refuse"
    return "either"


def parse_help(text):
    out = []
    for line in text.splitlines():
        m = re.match(r"^  ((?:-[A-Za-z], )?--[a-z0-9-]+(?:/--no-[a-z0-9-]+)?)(?: <([^>]+)>)?(?:\s|$)",
                     line)
        if m:
            names = [n for n in re.split(r", |/", m.group(1))]
            names = [n for n in names if not n.startswith("--no-")]
            names.sort(key=lambda n: n.startswith("--"))   # short alias first, long last
            out.append((names, m.group(2)))
            continue
        m = re.match(r"^  <([a-z-]+)>\s", line)
        if m:
            out.append(([f"<{m.group(1)}>"], m.group(1)))
    return out


# ----------------------------------------------------------------------------- families wired up


def gen_config(self):
    rng = random.Random(f"{self.seed}:config")
    base = self.config_base()

    def argv(path, drop):
        a = ["train", "--config", path]
        flags = {"data.subset": ["--subset", "100"], "epochs": ["--epochs", "1"],
                 "threads": ["--threads", "1"]}
        for k, f in flags.items():
            if k not in drop:
                a += f
        return a

    y = lambda d: to_yaml(d) + "\n"  # noqa: E731
    b = copy_tree_value(base)
    sgd = copy_tree_value(base)
    sgd["optimizer"]["name"] = "sgd"
    sgd["optimizer"]["beta_1"] = 0.5
    layer_list = copy_tree_value(base)
    layer_list["model"] = Raw("[{class_name: Conv2D, config: {filters: -3, kernel_size: 3}}]")
    cb = copy_tree_value(base)
    cb["callbacks"]["early_stopping"] = Raw("{patience: -1, monitor: bogus}")
    cb2 = copy_tree_value(base)
    cb2["callbacks"]["reduce_lr_on_plateau"] = Raw("{factor: 1e308, patience: 1e308}")
    sched = copy_tree_value(base)
    sched["schedule"]["name"] = "cosine"
    sched["schedule"]["warmup_epochs"] = 1e308
    def layers(layer, flatten_first=False):
        head = "{class_name: Flatten}, " if flatten_first else ""
        return y(b).replace("model: seed-cnn", "model: [" + head + layer + ", {class_name: Flatten}"
                            ", {class_name: Dense, config: {units: 10, activation: softmax}}]")

    extra_fixed = [
        ("optimizer sgd with beta_1 set (ignored setting)", y(sgd), "refuse"),
        ("model as a layer list with filters -3", y(layer_list), "refuse"),
        ("early_stopping {patience: -1, monitor: bogus}", y(cb), "refuse"),
        ("reduce_lr_on_plateau {factor: 1e308, patience: 1e308}", y(cb2), "refuse"),
        ("schedule warmup_epochs: 1e308", y(sched), "refuse"),
        ("model: a 10,000-layer list", y(b).replace("model: seed-cnn", "model: [{class_name: Flatten}, "
                                                     + ", ".join(["{class_name: Dense, config: {units: 10}}"]
                                                                 * 9999) + ", {class_name: Dense, config: "
                                                     "{units: 10, activation: softmax}}]"), "either"),
        ("model: Dropout rate 1.5", layers("{class_name: Dropout, config: {rate: 1.5}}"), "refuse"),
        ("model: Conv2D kernel_size 1000", layers(
            "{class_name: Conv2D, config: {filters: 8, kernel_size: 1000}}"), "refuse"),
        ("model: MaxPooling2D pool_size 0", layers(
            "{class_name: MaxPooling2D, config: {pool_size: 0}}"), "refuse"),
        ("model: Dense units 1e12", layers("{class_name: Dense, config: {units: 1000000000000}}",
                                           flatten_first=True), "refuse"),
        ("model: layer class_name bogus", layers("{class_name: Bogus}"), "refuse"),
        ("model: empty layer list", y(b).replace("model: seed-cnn", "model: []"), "refuse"),
    ]
    fam = FileFamily(self, "config", base, argv, ("data.subset", "epochs", "threads"),
                     nullable_ok={"data.folder", "data.subset", "data.validation_split", "threads",
                                  "lr_scaling.base_lr", "callbacks.reduce_lr_on_plateau",
                                  "callbacks.early_stopping", "callbacks.target_accuracy",
                                  "callbacks.checkpoint_dir", "logging.metrics_out"},
                     string_ok={"callbacks.checkpoint_dir", "logging.metrics_out"},
                     extra_fixed=extra_fixed, extra_pool=[])
    return fam.build(rng)


def gen_sweep(self):
    rng = random.Random(f"{self.seed}:sweep")
    D = self.data
    base = {"name": "fz", "method": "grid", "parallel": 1,
            "parameters": {"model": "seed-cnn", "epochs": 1, "threads": 1, "data.subset": 100,
                           "data.folder": D, "optimizer.lr": {"values": [0.001]},
                           "batch_size": [32]}}

    def argv(path, drop):
        # One thread per run (the file's `threads` gives way to --threads-per-run's default,
        # cores / parallel), so a run that starts stays small.
        return ["sweep", path, "--threads-per-run", "1"]

    def v(d):
        return to_yaml(d) + "\n"

    def with_top(**kw):
        d = copy_tree_value(base)
        for k, x in kw.items():
            if x is _DEL:
                d.pop(k, None)
            else:
                d[k] = x
        return v(d)

    def with_param(key, val, drop=None):
        d = copy_tree_value(base)
        if drop:
            d["parameters"].pop(drop, None)
        if val is _DEL:
            d["parameters"].pop(key, None)
        else:
            d["parameters"][key] = val
        return v(d)

    rnd = copy_tree_value(base)
    rnd.update({"method": "random", "count": 1, "search_seed": 0})
    rnd["parameters"]["optimizer.lr"] = {"distribution": "log_uniform_values", "min": 1e-4,
                                         "max": 1e-2}

    def random_with(**kw):
        d = copy_tree_value(rnd)
        for k, x in kw.items():
            tgt, key = (d["parameters"]["optimizer.lr"], k[3:]) if k.startswith("lr_") else (d, k)
            if x is _DEL:
                tgt.pop(key, None)
            else:
                tgt[key] = x
        return v(d)

    three = ", ".join(str(1e-5 * (i + 1)) for i in range(3000))
    bsz = ", ".join(str(i + 1) for i in range(3000))
    E = "early_terminate"
    fixed = [
        ("method: bogus", with_top(method="bogus"), "refuse"),
        ("method: random without count", random_with(count=_DEL), "refuse"),
        ("method: random, count: 0", random_with(count=0), "refuse"),
        ("method: random, count: -1", random_with(count=-1), "refuse"),
        ("method: random, count: 1e9", random_with(count=Raw("1000000000")), "refuse"),
        ("method: random, count: 9223372036854775807",
         random_with(count=Raw("9223372036854775807")), "refuse"),
        ("method: random, count: 'abc'", random_with(count="abc"), "refuse"),
        ("method: random, count: 1.5", random_with(count=1.5), "refuse"),
        ("grid of 3000 x 3000 = 9e6 runs", with_param("optimizer.lr", Raw("[" + three + "]"))
         .replace("batch_size: [32]", "batch_size: [" + bsz + "]"), "refuse"),
        ("log_uniform_values with min 0", random_with(lr_min=0), "refuse"),
        ("log_uniform_values with min > max", random_with(lr_min=1, lr_max=0.1), "refuse"),
        ("log_uniform_values with min nan", random_with(lr_min=Raw(".nan")), "refuse"),
        ("log_uniform_values without max", random_with(lr_max=_DEL), "refuse"),
        ("distribution: bogus", random_with(lr_distribution="bogus"), "refuse"),
        ("int_uniform batch_size with min 1.5",
         random_with().replace("batch_size: [32]",
                               "batch_size: {distribution: int_uniform, min: 1.5, max: 64}"),
         "refuse"),
        ("q_log_uniform_values with q 0",
         random_with().replace("batch_size: [32]", "batch_size: {distribution: "
                               "q_log_uniform_values, min: 16, max: 64, q: 0}"), "refuse"),
        ("int_uniform batch_size min 0 max 1e12",
         random_with().replace("batch_size: [32]",
                               "batch_size: {distribution: int_uniform, min: 0, max: 1000000000000}"),
         "refuse"),
        ("values: [] (empty list)", with_param("optimizer.lr", {"values": []}), "refuse"),
        ("value and values both", with_param("optimizer.lr", {"value": 0.1, "values": [0.1]}),
         "refuse"),
        ("values: a scalar", with_param("optimizer.lr", {"values": 0.1}), "refuse"),
        ("parameters: {} (empty)", with_top(parameters={}), "either"),
        ("parameters: a list", with_top(parameters=[1, 2]), "refuse"),
        ("no parameters and no runs", with_top(parameters=_DEL), "either"),
        ("runs: [] (empty)", with_top(runs=[]), "refuse"),
        ("runs: a string", with_top(runs="abc"), "refuse"),
        ("runs entry with an unknown key", with_top(runs=[{"name": "a", "bogus": 1}]), "refuse"),
        ("runs entries with the same name", with_top(runs=[{"name": "a"}, {"name": "a"}]),
         "either"),
        ("runs entry with lr -1", with_top(runs=[{"name": "a", "lr": -1}]), "refuse"),
        ("early_terminate type bogus", with_top(**{E: {"type": "bogus"}}), "refuse"),
        ("early_terminate eta 1", with_top(**{E: {"type": "successive_halving", "min_epochs": 1,
                                                    "eta": 1}}), "refuse"),
        ("early_terminate eta 0", with_top(**{E: {"type": "hyperband", "min_epochs": 1,
                                                    "eta": 0}}), "refuse"),
        ("early_terminate min_epochs 0", with_top(**{E: {"type": "hyperband", "min_epochs": 0,
                                                           "eta": 2}}), "refuse"),
        ("early_terminate min_epochs 1e9", with_top(**{E: {"type": "hyperband",
                                                             "min_epochs": Raw("1000000000"),
                                                             "eta": 2}}), "either"),
        ("metric name bogus", with_top(metric={"name": "bogus", "goal": "maximize"}), "refuse"),
        ("metric goal bogus", with_top(metric={"name": "val_loss", "goal": "sideways"}), "refuse"),
        ("parallel: 0", with_top(parallel=0), "refuse"),
        ("parallel: -1", with_top(parallel=-1), "refuse"),
        ("parallel: 1e9", with_top(parallel=Raw("1000000000")), "either"),
        ("search_seed: -1", random_with(search_seed=-1), "either"),
        ("search_seed: 1e308", random_with(search_seed=Raw("1e308")), "refuse"),
        ("name: '' (empty)", with_top(name=""), "refuse"),
        ("name: ../../escape (path traversal)", with_top(name="../../escape"), "either"),
        ("name: a/b", with_top(name="a/b"), "either"),
        ("name with a newline", with_top(name="a\nb"), "either"),
        ("name 5000 characters", with_top(name="n" * 5000), "refuse"),
        ("parameter key ''", with_param("", 1), "refuse"),
        ("parameter key 'optimizer.'", with_param("optimizer.", 1), "refuse"),
        ("parameter key 'optimizer.lr.x'", with_param("optimizer.lr.x", 1), "refuse"),
        ("parameter key 'optimizer.lrr' (typo)", with_param("optimizer.lrr", 0.1), "refuse"),
        ("parameter 'optimizer' as a map", with_param("optimizer", {"lr": 0.1}), "either"),
        ("data.folder a missing folder", with_param("data.folder", "/nonexistent/cifar"), "refuse"),
        ("data.subset: 0", with_param("data.subset", 0), "refuse"),
        ("epochs values [1, -1]", with_param("epochs", [1, -1]), "refuse"),
        ("threads: 100000", with_param("threads", 100000), "refuse"),
        ("lr and optimizer.lr both", with_param("lr", 0.1), "either"),
    ]
    fam = FileFamily(self, "sweep", base, argv, (), nullable_ok=set(), string_ok={"name"},
                     extra_fixed=[x for x in fixed if x[0] not in SECONDARY_SWEEP],
                     extra_pool=[x for x in fixed if x[0] in SECONDARY_SWEEP])
    return fam.build(rng)


class _Del:
    pass


_DEL = _Del()


# checkpoint -----------------------------------------------------------------

# Variations of a case already covered: drawn from the pool after the core cases.
SECONDARY_CHECKPOINT = {
    "last.json truncated at 10%", "last.json truncated at 90%", "last.json epoch: 1.5",
    "last.json epoch: null", 'last.json learningRate: "NaN"', "last.json learningRate: null",
    "last.json optimizerIterations: 1e308", 'last.json progress.step: "abc"',
    'last.json progress.shuffle.state: "abc"', "last.json progress: []",
    'last.json best: "abc"', "last.json monitor: 123", "last.json logs: 123",
    "last.json callbacks: []", "last.json tensors: 42", 'last.json tensors: "."',
    "safetensors 4 bytes", "safetensors header only (no data)", "safetensors header length 1",
    "safetensors header length 2^40", "safetensors header: 1 random byte overwritten",
    "safetensors dtype bogus", "safetensors shape with -1", "safetensors data_offsets negative",
    "safetensors cut in half", "safetensors header non-UTF-8", "last.json epoch: 2",
    "safetensors __metadata__ epoch 'abc'", "last.json best: null", "last.json logs: \"{}\"",
    "last.json learningRate: 1e-320", "last.json progress.step: 9223372036854775807",
    "last.json progress.shuffle.state: 1e30", 'last.json callbacks: {"bogus": 1}',
    "last.json without 'epoch'", "last.json with an unknown key",
    "best.json random bytes (last.json intact)", "safetensors header length 0",
    "safetensors header length the file's size", "safetensors an extra tensor",
    "safetensors a tensor renamed", "safetensors NaN in the last weight of layers.6.bias",
    "safetensors negative optimizer/v (second moment) -1.0",
    "checkpoint folder is a file", "last.json truncated at 50%",
    "safetensors is a FIFO streaming its bytes",
    "last.json 5 MB of whitespace then the file",
}
SECONDARY_SWEEP = {
    "method: random, count: 1.5", "method: random, count: 'abc'",
    "log_uniform_values with min nan", "log_uniform_values without max",
    "int_uniform batch_size with min 1.5", "values: a scalar", "runs: a string",
    "runs entries with the same name", "early_terminate eta 0", "early_terminate min_epochs 1e9",
    "metric goal bogus", "parallel: -1", "search_seed: 1e308", "name with a newline", "name: a/b",
    "parameter key 'optimizer.'", "lr and optimizer.lr both", "epochs values [1, -1]",
    "threads: 100000", "parameter 'optimizer' as a map", "parameters: {} (empty)",
}


def gen_checkpoint(self):
    cases = []
    run_dir = os.path.join(self.ck_dir, "run-1")
    last = os.path.join(run_dir, "last.json")

    def tensors_path():
        return os.path.join(run_dir, json.load(open(os.path.join(
            self.pristine, "ck", "run-1", "last.json")))["tensors"])

    def add(label, mutate, expect, target="last.json"):
        names = [target, "--resume"]

        def setup(d, r):
            return mutate(r)
        cases.append(Case("checkpoint", label, ["train", "--resume", "1"], expect,
                          names + [os.path.join(run_dir, target), run_dir + "/"], setup=setup,
                          store="checkpoint", fixed=label not in SECONDARY_CHECKPOINT))

    def last_text():
        return open(os.path.join(self.pristine, "ck", "run-1", "last.json")).read()

    def last_obj():
        return json.loads(last_text())

    def set_last(text):
        write_bytes(last, text if isinstance(text, bytes) else text.encode())

    def edit(path, value, raw=False):
        def m(r):
            o = last_obj()
            keys = path.split(".")
            cur = o
            for k in keys[:-1]:
                cur = cur[k]
            cur[keys[-1]] = "__RAW__" if raw else value
            text = json.dumps(o, indent=2)
            if raw:
                text = text.replace('"__RAW__"', value)
            set_last(text)
        return m

    def drop(path):
        def m(r):
            o = last_obj()
            keys = path.split(".")
            cur = o
            for k in keys[:-1]:
                cur = cur[k]
            del cur[keys[-1]]
            set_last(json.dumps(o))
        return m

    add("control: unmodified checkpoint", lambda r: None, "accept")
    add("last.json empty", lambda r: set_last(""), "refuse")
    for frac in (0.1, 0.5, 0.9):
        add(f"last.json truncated at {int(frac * 100)}%",
            lambda r, f=frac: set_last(last_text()[:int(len(last_text()) * f)]), "refuse")
    add("last.json missing its closing brace", lambda r: set_last(last_text().rstrip()[:-1]),
        "refuse")
    add("last.json random bytes", lambda r: set_last(r.randbytes(600)), "refuse")
    add("last.json non-UTF-8 in 'monitor'",
        lambda r: set_last(last_text().encode().replace(b'"val_loss"', b'"val_\xff\xfeloss"', 1)),
        "refuse")
    add("last.json is a directory", lambda r: (os.unlink(last), os.makedirs(last)), "refuse")
    add("last.json missing", lambda r: os.unlink(last), "either")
    add("last.json 5 MB of whitespace then the file",
        lambda r: set_last(" " * (5 << 20) + last_text()), "either")
    add("last.json deep nesting in callbacks x100000",
        edit("callbacks", '{"a":' * 100000 + "1" + "}" * 100000, raw=True), "refuse")
    for path, val, raw, exp in [
            ("epoch", "abc", False, "refuse"), ("epoch", -1, False, "refuse"),
            ("epoch", 0, False, "refuse"), ("epoch", 3, False, "refuse"),
            ("epoch", 2, False, "either"), ("epoch", 9223372036854775807, False, "refuse"),
            ("epoch", "1e308", True, "refuse"), ("epoch", None, False, "refuse"),
            ("epoch", "1.5", True, "refuse"),
            ("learningRate", 0, False, "refuse"), ("learningRate", -0.001, False, "refuse"),
            ("learningRate", "NaN", True, "refuse"), ("learningRate", "1e999", True, "refuse"),
            ("learningRate", "NaN", False, "refuse"), ("learningRate", None, False, "refuse"),
            ("learningRate", 1e-320, False, "either"),
            ("optimizerIterations", -1, False, "refuse"),
            ("optimizerIterations", 9223372036854775807, False, "refuse"),
            ("optimizerIterations", "1e308", True, "refuse"),
            ("optimizerIterations", 999999, False, "refuse"),
            ("progress.step", -1, False, "refuse"),
            ("progress.step", 9223372036854775807, False, "refuse"),
            ("progress.step", "abc", False, "refuse"),
            ("progress.shuffle.state", -1, False, "refuse"),
            ("progress.shuffle.state", "1e30", True, "refuse"),
            ("progress.shuffle.state", "abc", False, "refuse"),
            ("progress", [], False, "refuse"),
            ("best", "NaN", True, "refuse"), ("best", "abc", False, "refuse"),
            ("best", None, False, "either"),
            ("monitor", "bogus", False, "refuse"), ("monitor", 123, False, "refuse"),
            ("logs", "not json", False, "refuse"), ("logs", "{}", False, "either"),
            ("logs", 123, False, "refuse"),
            ("callbacks", "abc", False, "refuse"), ("callbacks", [], False, "refuse"),
            ("callbacks", {"bogus": 1}, False, "either"),
            ("tensors", "../../../../../../../../etc/passwd", False, "refuse"),
            ("tensors", "/etc/passwd", False, "refuse"), ("tensors", "", False, "refuse"),
            ("tensors", "nonexistent.safetensors", False, "refuse"),
            ("tensors", ".", False, "refuse"), ("tensors", "best.json", False, "refuse"),
            ("tensors", "t" * 5000 + ".safetensors", False, "refuse"),
            ("tensors", 42, False, "refuse")]:
        shown = val if raw else json.dumps(val)
        add(f"last.json {path}: {short(str(shown), 40)}", edit(path, val, raw), exp)
    add("last.json without 'tensors'", drop("tensors"), "refuse")
    add("last.json without 'epoch'", drop("epoch"), "refuse")
    add("last.json with an unknown key", edit("bogus", 1), "either")
    add("best.json random bytes (last.json intact)",
        lambda r: write_bytes(os.path.join(run_dir, "best.json"), r.randbytes(300)), "either")

    # safetensors
    def st_bytes():
        return open(os.path.join(self.pristine, "ck", "run-1", os.path.basename(
            tensors_path())), "rb").read()

    def set_st(data):
        write_bytes(tensors_path(), data)

    def header(b):
        n = struct.unpack("<Q", b[:8])[0]
        return n, json.loads(b[8:8 + n])

    def rebuild(h, b):
        n = struct.unpack("<Q", b[:8])[0]
        hb = json.dumps(h, separators=(",", ":")).encode()
        return struct.pack("<Q", len(hb)) + hb + b[8 + n:]

    def st_edit(fn):
        def m(r):
            b = st_bytes()
            n, h = header(b)
            fn(h)
            set_st(rebuild(h, b))
        return m

    def put_float(name, index, bits, last_elem=False):
        def m(r):
            b = bytearray(st_bytes())
            n, h = header(bytes(b))
            start, end = h[name]["data_offsets"]
            off = 8 + n + (end - 4 if last_elem else start + 4 * index)
            b[off:off + 4] = struct.pack("<I", bits)
            set_st(bytes(b))
        return m

    tname = os.path.basename(self.tensors)
    ST = lambda label, fn, exp: add(label, fn, exp, target=tname)  # noqa: E731
    ST("safetensors empty", lambda r: set_st(b""), "refuse")
    ST("safetensors 4 bytes", lambda r: set_st(st_bytes()[:4]), "refuse")
    ST("safetensors header length only", lambda r: set_st(st_bytes()[:8]), "refuse")
    ST("safetensors cut inside the header",
       lambda r: set_st(st_bytes()[:8 + header(st_bytes())[0] // 2]), "refuse")
    ST("safetensors header only (no data)",
       lambda r: set_st(st_bytes()[:8 + header(st_bytes())[0]]), "refuse")
    ST("safetensors short by one byte", lambda r: set_st(st_bytes()[:-1]), "refuse")
    ST("safetensors cut in half", lambda r: set_st(st_bytes()[:len(st_bytes()) // 2]), "refuse")
    ST("safetensors one extra byte", lambda r: set_st(st_bytes() + b"\0"), "either")
    for n, lbl in [((1 << 64) - 1, "2^64-1"), ((1 << 63) - 1, "2^63-1"), (1 << 40, "2^40"),
                   (9856112, "the file's size"), (0, "0"), (1, "1")]:
        ST(f"safetensors header length {lbl}",
           lambda r, n=n: set_st(struct.pack("<Q", n) + st_bytes()[8:]), "refuse")

    def corrupt_header(r, nbytes=16):
        b = bytearray(st_bytes())
        n = struct.unpack("<Q", bytes(b[:8]))[0]
        for _ in range(nbytes):
            b[8 + r.randrange(n)] = r.randrange(256)
        set_st(bytes(b))
    ST("safetensors header: 16 random bytes overwritten", corrupt_header, "refuse")
    ST("safetensors header: 1 random byte overwritten",
       lambda r: corrupt_header(r, 1), "refuse")

    def header_replace(new):
        def m(r):
            b = st_bytes()
            n = struct.unpack("<Q", b[:8])[0]
            set_st(struct.pack("<Q", len(new)) + new + b[8 + n:])
        return m
    ST("safetensors header is []", header_replace(b"[]"), "refuse")
    ST("safetensors header non-UTF-8", header_replace(b'{"\xff\xfe": 1}'), "refuse")
    ST("safetensors header deep nesting x100000",
       header_replace(b'{"a":' * 100000 + b"1" + b"}" * 100000), "refuse")

    def first(h, prefix="layers."):
        return sorted(k for k in h if k.startswith(prefix))[0]

    def set_field(field, value, prefix="layers."):
        def fn(h):
            h[first(h, prefix)][field] = value
        return fn
    ST("safetensors dtype F16", st_edit(set_field("dtype", "F16")), "refuse")
    ST("safetensors dtype I32", st_edit(set_field("dtype", "I32")), "refuse")
    ST("safetensors dtype bogus", st_edit(set_field("dtype", "Q7")), "refuse")
    ST("safetensors shape wrong ([1])", st_edit(set_field("shape", [1])), "refuse")
    ST("safetensors shape with -1", st_edit(set_field("shape", [-1, 32])), "refuse")
    ST("safetensors shape huge", st_edit(set_field("shape", [1 << 62, 1 << 62])), "refuse")
    ST("safetensors data_offsets past the end", st_edit(set_field("data_offsets",
                                                                  [0, 10 ** 12])), "refuse")
    ST("safetensors data_offsets reversed", st_edit(set_field("data_offsets", [128, 0])),
       "refuse")
    ST("safetensors data_offsets negative", st_edit(set_field("data_offsets", [-128, 0])),
       "refuse")
    ST("safetensors data_offsets overlap another tensor",
       st_edit(lambda h: h[first(h)].__setitem__("data_offsets", [0, h[first(h)]["data_offsets"][1]
                                                                  - h[first(h)]["data_offsets"][0]])),
       "refuse")
    ST("safetensors a weight tensor missing", st_edit(lambda h: h.pop(first(h))), "refuse")
    ST("safetensors an optimizer tensor missing",
       st_edit(lambda h: h.pop(first(h, "optimizer/"))), "refuse")
    ST("safetensors an extra tensor", st_edit(lambda h: h.__setitem__(
        "layers.99.kernel", {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]})), "either")
    ST("safetensors a tensor renamed", st_edit(lambda h: h.__setitem__(
        "layers.0.kernelx", h.pop("layers.0.kernel"))), "refuse")
    ST("safetensors __metadata__ epoch 'abc'", st_edit(lambda h: h.__setitem__(
        "__metadata__", {"epoch": "abc"})), "either")
    ST("safetensors NaN (0x7FC00000) in layers.0.kernel[0]",
       put_float("layers.0.kernel", 0, 0x7FC00000), "refuse")
    ST("safetensors NaN in the last weight of layers.6.bias",
       put_float("layers.6.bias", 0, 0x7FC00000, last_elem=True), "refuse")
    ST("safetensors +Inf in layers.4.kernel[1000]", put_float("layers.4.kernel", 1000,
                                                              0x7F800000), "refuse")
    ST("safetensors NaN in optimizer/v/layers.0.bias[0]",
       put_float("optimizer/v/layers.0.bias", 0, 0x7FC00000), "refuse")
    ST("safetensors negative optimizer/v (second moment) -1.0",
       put_float("optimizer/v/layers.0.bias", 0, 0xBF800000), "either")
    ST("safetensors huge finite weight 3e38", put_float("layers.0.kernel", 0, 0x7F61B1E6),
       "either")
    ST("safetensors file missing", lambda r: os.unlink(tensors_path()), "refuse")
    ST("safetensors is a directory", lambda r: (os.unlink(tensors_path()),
                                                os.makedirs(tensors_path())), "refuse")
    ST("safetensors is a symlink to /dev/zero",
       lambda r: (os.unlink(tensors_path()), os.symlink("/dev/zero", tensors_path())), "refuse")
    def st_fifo(r):
        data = st_bytes()
        os.unlink(tensors_path())
        return fifo_writer(tensors_path(), lambda: iter([data]))
    ST("safetensors is a FIFO streaming its bytes", st_fifo, "either")
    add("checkpoint folder missing", lambda r: shutil.rmtree(run_dir), "either", target="run-1")
    add("checkpoint folder is a file", lambda r: (shutil.rmtree(run_dir),
                                                  write_bytes(run_dir, b"x")), "refuse",
        target="run-1")
    return cases, []


# data -----------------------------------------------------------------------


def gen_data(self):
    cases = []
    src = self.data
    files = sorted(os.listdir(src))
    REC = 3073

    def add(label, mutate, expect, target, extra=()):
        def setup(d, r):
            m = os.path.join(d, "cifar")
            os.makedirs(m)
            for f in files:
                os.symlink(os.path.join(src, f), os.path.join(m, f))
            return mutate(m, r)
        argv = ["train", "--data", "{dir}/cifar", "--subset", "100", "--epochs", "1",
                "--threads", "1"] + list(extra)
        cases.append(Case("data", label, argv, expect,
                          ["{dir}/cifar", "--data", target, "{dir}/cifar/" + target],
                          setup=setup))

    def replace(name, fn):
        def m(d, r):
            p = os.path.join(d, name)
            data = open(os.path.join(src, name), "rb").read()
            os.unlink(p)
            out = fn(data, r)
            if out is not None:
                write_bytes(p, out)
        return m

    def special(name, kind):
        def m(d, r):
            p = os.path.join(d, name)
            os.unlink(p)
            if kind == "dir":
                os.makedirs(p)
            elif kind == "fifo":
                src_file = os.path.join(src, name)

                def chunks():
                    with open(src_file, "rb") as f:
                        while True:
                            b = f.read(1 << 16)
                            if not b:
                                return
                            yield b
                return fifo_writer(p, chunks)
            elif kind == "devzero":
                os.symlink("/dev/zero", p)
            elif kind == "dangling":
                os.symlink(os.path.join(d, "nowhere"), p)
        return m

    def label_at(rec, val):
        def fn(b, r):
            b = bytearray(b)
            b[rec * REC] = val
            return bytes(b)
        return fn

    B1, TB, META = "data_batch_1.bin", "test_batch.bin", "batches.meta.txt"
    add("control: unmodified (symlinked) folder", lambda d, r: None, "accept", B1)
    add("data_batch_1.bin empty", replace(B1, lambda b, r: b""), "refuse", B1)
    add("data_batch_1.bin truncated to 1000 bytes", replace(B1, lambda b, r: b[:1000]), "refuse", B1)
    add("data_batch_1.bin truncated to 100 records", replace(B1, lambda b, r: b[:100 * REC]),
        "refuse", B1)
    add("data_batch_1.bin short by one byte", replace(B1, lambda b, r: b[:-1]), "refuse", B1)
    add("data_batch_1.bin one byte too long", replace(B1, lambda b, r: b + b"\0"), "refuse", B1)
    add("data_batch_1.bin one record too long", replace(B1, lambda b, r: b + b[:REC]), "refuse", B1)
    add("data_batch_1.bin label 255 in record 0", replace(B1, label_at(0, 255)), "refuse", B1)
    add("data_batch_1.bin label 10 in record 5", replace(B1, label_at(5, 10)), "refuse", B1)
    add("data_batch_1.bin label 255 in record 9999 (outside --subset)",
        replace(B1, label_at(9999, 255)), "either", B1)
    add("data_batch_1.bin label 255, with --validation-split 0.5",
        replace(B1, label_at(3, 255)), "refuse", B1, extra=("--validation-split", "0.5"))
    add("data_batch_1.bin random bytes of the right size",
        replace(B1, lambda b, r: r.randbytes(len(b))), "refuse", B1)
    add("test_batch.bin label 255 in record 0", replace(TB, label_at(0, 255)), "refuse", TB)
    add("test_batch.bin truncated to half", replace(TB, lambda b, r: b[:len(b) // 2]), "refuse", TB)
    add("test_batch.bin empty", replace(TB, lambda b, r: b""), "refuse", TB)
    add("data_batch_1.bin is a directory", special(B1, "dir"), "refuse", B1)
    add("data_batch_1.bin missing", special(B1, "missing"), "refuse", B1)
    add("data_batch_5.bin missing", special("data_batch_5.bin", "missing"), "either",
        "data_batch_5.bin")
    add("data_batch_1.bin is a FIFO streaming its bytes", special(B1, "fifo"), "either", B1)
    add("data_batch_1.bin is a symlink to /dev/zero", special(B1, "devzero"), "refuse", B1)
    add("data_batch_1.bin is a dangling symlink", special(B1, "dangling"), "refuse", B1)
    add("test_batch.bin is a directory", special(TB, "dir"), "refuse", TB)
    add("batches.meta.txt non-UTF-8", replace(META, lambda b, r: b"\xff\xfe" + b[2:]), "either",
        META)
    add("batches.meta.txt empty", replace(META, lambda b, r: b""), "either", META)
    add("batches.meta.txt missing", special(META, "missing"), "either", META)
    add("batches.meta.txt 1 MB of random bytes", replace(META, lambda b, r: r.randbytes(1 << 20)),
        "either", META)
    add("batches.meta.txt with 3 classes", replace(META, lambda b, r: b"a\nb\nc\n"), "either",
        META)
    add("batches.meta.txt is a directory", special(META, "dir"), "either", META)

    def as_file(d, r):
        shutil.rmtree(d)
        write_bytes(d, b"not a folder")
    add("the data folder is a file", as_file, "refuse", "cifar")

    def empty(d, r):
        for f in os.listdir(d):
            os.unlink(os.path.join(d, f))
    add("the data folder is empty", empty, "refuse", "cifar")
    return cases, []


def install():
    Fuzzer.gen_config = lambda self: _split(gen_config(self))
    Fuzzer.gen_sweep = lambda self: _split(gen_sweep(self))
    Fuzzer.gen_checkpoint = lambda self: _split(gen_checkpoint(self))
    Fuzzer.gen_data = lambda self: _split(gen_data(self))


def _split(pair):
    fixed, pool = pair
    return list(fixed) + list(pool)


# ----------------------------------------------------------------------------- report


def report(results, elapsed, args, binary):
    cols = ["tried", "refused-clean", "refused-unclear", "accepted", "(suspect)", "crash", "hang"]
    print(f"BatchLab input fuzzing: {binary}  seed {args.seed}  count {args.count}  "
          f"timeout {args.timeout:g}s  ({elapsed:.0f}s)")
    print()
    print(f"{'family':12s}" + "".join(f"{c:>17s}" for c in cols))
    totals = {c: 0 for c in cols}
    for fam in FAMILIES:
        rs = [r for r in results if r["family"] == fam]
        if not rs:
            continue
        row = {"tried": len(rs)}
        for c in ("refused-clean", "refused-unclear", "accepted", "crash", "hang"):
            row[c] = sum(r["outcome"] == c for r in rs)
        row["(suspect)"] = sum(r["suspect"] for r in rs)
        for c in cols:
            totals[c] += row[c]
        print(f"{fam:12s}" + "".join(f"{row[c]:>17d}" for c in cols))
    print(f"{'TOTAL':12s}" + "".join(f"{totals[c]:>17d}" for c in cols))
    print("('(suspect)': accepted although the input was bad — likely bugs; included in 'accepted')")

    def cmdline(r):
        return "batchlab " + " ".join(quote(a) for a in r["argv"])

    def first_lines(r):
        text = r["stderr"].strip() or r["stdout"].strip()
        lines = [short(x, 200) for x in text.splitlines() if x.strip()][:2]
        return lines

    order = {"crash": 0, "hang": 1, "refused-unclear": 2, "accepted": 3}
    bad = [r for r in results if r["outcome"] in ("crash", "hang", "refused-unclear")
           or r["suspect"]]
    bad.sort(key=lambda r: (order[r["outcome"]], r["id"]))
    print()
    print(f"Non-clean cases to fix ({len(bad)}):")
    for r in bad:
        tag = r["outcome"] + (" (suspect: bad input accepted)" if r["suspect"] else "")
        print(f"\n#{r['id']} [{r['family']}] {tag}: {r['label']}")
        print(f"  $ {cmdline(r)}")
        why = f"; {r['why']}" if r["why"] else ""
        print(f"  exit {r['rc']}{' (timeout)' if r['timed_out'] else ''}{why}")
        for line in first_lines(r):
            print(f"  | {line}")
    ok = [r for r in results if r["outcome"] == "accepted" and not r["suspect"]]
    print()
    print(f"Accepted, input valid or arguably so ({len(ok)}; judge the 'either' ones):")
    for r in ok:
        print(f"  #{r['id']} [{r['family']}] ({r['expect']}) {r['label']} — exit {r['rc']}"
              f"{'; ' + r['why'] if r['why'] else ''}")
    print()
    print(f"Reproduce: python3 scripts/fuzz-inputs.py {binary} --data {args.data} "
          f"--seed {args.seed} --count {args.count}"
          + (f" --only {','.join(args.only)}" if args.only else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--data", default=os.environ.get(
        "BATCHLAB_DATA", os.path.expanduser("~/.cache/batchlab/cifar-10-batches-bin")))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=350)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--only", type=lambda s: s.split(","), default=None,
                    help="families: " + ",".join(FAMILIES))
    ap.add_argument("--json", help="also write every result here")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--dry-run", action="store_true", help="list the cases, run none")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"fuzz-inputs: {args.binary} is not an executable")
    if not os.path.isfile(os.path.join(args.data, "data_batch_1.bin")):
        sys.exit(f"fuzz-inputs: --data {args.data} has no data_batch_1.bin")
    if args.only and not set(args.only) <= set(FAMILIES):
        sys.exit(f"fuzz-inputs: --only takes {','.join(FAMILIES)}")
    install()
    fz = Fuzzer(args.binary, args.data, args.seed, args.count, args.timeout, args.only)
    fz.keep = args.keep
    fz.dry_run = args.dry_run
    results = fz.main()
    if args.dry_run:
        return 0
    report(results, fz.elapsed, args, args.binary)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 1 if any(r["outcome"] in ("crash", "hang") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
