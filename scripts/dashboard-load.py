#!/usr/bin/env python3
"""Load on a running `batchlab serve`, from a second process on loopback: usage
dashboard-load.py BASE_URL SERVER_PID [--requests 9000] [--malformed 800] [--slow 200].

Three kinds of clients, 10,000 in all by default, bounded in count and time:
- keep-alive clients (4 threads) asking for pages, API answers, charts and malformed queries;
- malformed requests, each on its own connection: a garbage request line, two Host headers, no
  Host, a 64 KiB header, a foreign Host, bad percent-encoding, an unknown method;
- slow clients that open a connection and send a partial request one byte every 0.5 s.
Checks that the server answers every request with a status (never a dropped connection), closes
every slow client within its idle timeout (10 s) plus a margin, answers afterwards, and that its
resident memory stays bounded. Prints the figures; exits 1 when a check fails."""
import argparse, collections, http.client, selectors, socket, sys, threading, time, urllib.parse

parser = argparse.ArgumentParser()
parser.add_argument("base"); parser.add_argument("pid")
parser.add_argument("--requests", type=int, default=9000)
parser.add_argument("--malformed", type=int, default=800)
parser.add_argument("--slow", type=int, default=200)
args = parser.parse_args()
url = urllib.parse.urlparse(args.base)
host, port = url.hostname, url.port

def rss_mb():
    with open(f"/proc/{args.pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS")).split()[1]) / 1024

statuses = collections.Counter()
failures = []
lock = threading.Lock()

paths = ["/", "/api/runs", "/api/runs?sort=best", "/api/runs/1", "/api/runs/1/metrics", "/compare?runs=1,2",
         "/api/compare?runs=1,2,3", "/api/chart.svg?runs=1,2,3&metric=loss&x=step&smooth=0.5",
         "/api/chart.svg?runs=1&metric=val_accuracy", "/assets/app.js", "/api/analyses",
         # malformed queries and paths
         "/api/runs/abc", "/api/runs/-3", "/api/runs/99999", "/api/chart.svg?runs=1&metric=no_such_metric",
         "/api/chart.svg?runs=1&smooth=7", "/api/runs?status=bogus", "/compare?runs=1,zz", "/assets/..%2F..%2Fetc%2Fpasswd",
         "/api/chart.svg?runs=" + ",".join(str(i) for i in range(1, 40)), "/nowhere", "/api/runs?sort=" + "x" * 3000]

def keep_alive(count, offset):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    for i in range(count):
        path = paths[(i + offset) % len(paths)]
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            with lock: statuses[response.status] += 1
        except Exception as error:  # a dropped connection is a failure; reconnect and go on
            with lock: failures.append(f"keep-alive {path}: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)

malformed = [
    b"GARBAGE\r\n\r\n",
    f"GET /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\nHost: evil.example\r\n\r\n".encode(),
    b"GET /api/runs HTTP/1.1\r\n\r\n",
    f"GET /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\nX-Big: {'a' * 65536}\r\n\r\n".encode(),
    b"GET /api/runs HTTP/1.1\r\nHost: attacker.example\r\n\r\n",
    f"GET /api/runs/%zz HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode(),
    f"BREW /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode(),
    f"GET /api/runs HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode(),
]

def raw(count):
    for i in range(count):
        request = malformed[i % len(malformed)]
        try:
            with socket.create_connection((host, port), timeout=15) as connection:
                connection.sendall(request)
                answer = b""
                while not answer.endswith(b"\r\n\r\n") and b"\r\n\r\n" not in answer:
                    chunk = connection.recv(65536)
                    if not chunk: break
                    answer += chunk
                line = answer.split(b"\r\n", 1)[0].decode(errors="replace")
                code = int(line.split()[1]) if line.startswith("HTTP/") else "closed without an answer"
                with lock: statuses[code] += 1
        except Exception as error:
            with lock: statuses[f"raw error {type(error).__name__}"] += 1

def slow(count):
    """Opens `count` connections and sends each a partial request a byte every 0.5 s; returns how
    long the server took to close each (None: still open after 20 s)."""
    opened, closed_after = [], {}
    request = f"GET /api/runs HTTP/1.1\r\nHost: {host}:{port}\r\nX-Slow: ".encode() + b"a" * 100
    for _ in range(count):
        connection = socket.create_connection((host, port), timeout=5)
        connection.setblocking(False)
        opened.append((connection, time.monotonic()))
    position = 0
    deadline = time.monotonic() + 20
    while len(closed_after) < count and time.monotonic() < deadline:
        for index, (connection, started) in enumerate(opened):
            if index in closed_after: continue
            try:
                data = connection.recv(4096)
                if data == b"":
                    closed_after[index] = time.monotonic() - started
                    continue
            except BlockingIOError:
                pass
            except OSError:
                closed_after[index] = time.monotonic() - started
                continue
            try:
                connection.send(request[position % len(request):position % len(request) + 1])
            except OSError:
                closed_after[index] = time.monotonic() - started
        position += 1
        time.sleep(0.5)
    for connection, _ in opened: connection.close()
    return [closed_after.get(index) for index in range(count)]

started = time.monotonic()
before = rss_mb()
slow_result = []
slow_thread = threading.Thread(target=lambda: slow_result.extend(slow(args.slow)))
slow_thread.start()
threads = [threading.Thread(target=keep_alive, args=(args.requests // 4, offset)) for offset in range(4)]
threads.append(threading.Thread(target=raw, args=(args.malformed,)))
for thread in threads: thread.start()
for thread in threads: thread.join()
slow_thread.join()
after = rss_mb()
elapsed = time.monotonic() - started

check = http.client.HTTPConnection(host, port, timeout=10)
check.request("GET", "/api/runs")
alive = check.getresponse().status == 200

closed = [seconds for seconds in slow_result if seconds is not None]
served = sum(count for status, count in statuses.items() if isinstance(status, int))
print(f"  {args.requests + args.malformed + args.slow:,} clients in {elapsed:.1f} s: {served:,} requests answered "
      f"({', '.join(f'{status}: {count}' for status, count in sorted(statuses.items(), key=str))}), "
      f"{len(failures)} dropped; {len(closed)}/{args.slow} slow clients closed by the server "
      f"(after {min(closed, default=0):.1f}–{max(closed, default=0):.1f} s); server RSS {before:.0f} MB before, {after:.0f} MB after; "
      f"answers afterwards: {alive}")
for failure in failures[:5]: print("  " + failure)
ok = (not failures and len(closed) == args.slow and max(closed, default=0) < 15 and alive and after - before < 100
      and all(isinstance(status, int) for status in statuses))
sys.exit(0 if ok else 1)
