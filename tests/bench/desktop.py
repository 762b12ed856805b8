#!/usr/bin/python3
"""Measures the release app as users run it, and prints the figures (not a test):

  launch     process start to the first inbox row in the page (tauri-driver polling the page
             every few ms), and the page's own mark of its first rows painted, on the demo
             store after a check; median of 5
  big_inbox  the same for a user with 100,000 notifications (the engine's big_firm store,
             VIGIE_BIG_STORE, made by `cargo bench --bench big_firm` when missing)
  search     in the Échéances table of the big firm (100,000 deadlines), from each key typed
             in its search box to the rows of the text typed so far painted (the page's own
             marks); words typed key by key at a person's pace, several times
  memory     PSS of the app and of WebKit's processes after a minute idle
  idle       wake-ups of the app's threads over N seconds of idle (voluntary context switches)

Usage: /usr/bin/python3 tests/bench/desktop.py [launch|big_inbox|search|memory|idle ...] (default: all).
Build first: ui/node_modules/.bin/tauri build."""

import os
import shutil
import sqlite3
from contextlib import contextmanager
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "support"))

from conftest import APP, CLI, Vigie  # noqa: E402
from desktop import Desktop, wait_for  # noqa: E402
from webdriver import Session  # noqa: E402


def demo_store(desktop, root):
    """A data folder with the demo firm, its expert as the user, after a check."""
    root.mkdir(parents=True, exist_ok=True)
    v = Vigie(desktop, root)
    p = v.launch("--demo")
    wait_for("the demo", lambda: (v.data_dir / "vigie.db").exists() and v.cli("workstation")["workstation"])
    p.terminate()
    p.wait()
    v.cli("check", "--at", "2026-11-26")
    return v


FIRST_ROWS = """
const start = performance.getEntriesByName('vigie:inbox-start')[0];
const rows = performance.getEntriesByName('vigie:first-rows')[0];
return rows && start ? [rows.startTime, rows.startTime - start.startTime] : null;
"""


def timed_launches(desktop, data_dir, runs):
    """Launches the app on copies of `data_dir` `runs` times: (process start to the first row
    found by WebDriver, navigation start to the first rows painted, the inbox's start (the user
    known, its counts and first page asked for) to the first rows painted in a window already
    shown), in s; the page marks the last two itself."""
    found, painted, inbox = [], [], []
    for i in range(runs):
        run = data_dir.parent / f"run{i}"
        shutil.copytree(data_dir, run / "data", ignore=shutil.ignore_patterns("vigie.lock"))
        v = Vigie(desktop, run)
        s = Session(desktop, APP, env=v.env)
        start = time.monotonic()
        s.start()
        while not s.finds('[role="option"]'):
            time.sleep(0.005)
        found.append(time.monotonic() - start)
        page, _ = wait_for("the first rows' mark", lambda: s.script(FIRST_ROWS))
        painted.append(page / 1000)
        # The inbox's own first paint, in a window already on screen: at launch the first frame
        # waits for the window to be mapped whatever the inbox holds. The page is loaded again
        # (as the shell's retry does) and times itself from the inbox's start to its rows.
        origin = s.script("return performance.timeOrigin")
        s.script("setTimeout(() => location.reload(), 0)")
        wait_for("the page loaded again", lambda: s.script("return performance.timeOrigin") != origin)
        _, own = wait_for("the first rows' mark", lambda: s.script(FIRST_ROWS))
        inbox.append(own / 1000)
        s.quit()
        shutil.rmtree(run)
    return found, painted, inbox


def ms(values):
    return f"median {statistics.median(values) * 1000:.0f} ms (runs: {', '.join(f'{t * 1000:.0f}' for t in values)})"


def launch(runs=5):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        desktop = Desktop(root / "desktop").start()
        try:
            template = demo_store(desktop, root / "template").data_dir
            found, painted, inbox = timed_launches(desktop, template, runs)
        finally:
            desktop.stop()
    print(f"launch to the first inbox row, demo store: {ms(found)}; "
          f"first rows painted after the page's navigation started: {ms(painted)}; "
          f"the inbox's first paint in a shown window (first page and counts asked for, to rows painted): {ms(inbox)}")


def big_inbox(runs=5):
    """The first paint of an inbox of 100,000 notifications: the store the engine's big_firm
    benchmark keeps (VIGIE_BENCH_KEEP), with its busiest user as this computer's user."""
    kept, email, cabinet, count = big_store()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = root / "template" / "data"
        template.mkdir(parents=True)
        shutil.copy(kept, template / "vigie.db")
        desktop = Desktop(root / "desktop").start()
        try:
            Vigie(desktop, root / "template").cli("workstation", "--user", email, "--cabinet", cabinet)
            found, painted, inbox = timed_launches(desktop, template, runs)
        finally:
            desktop.stop()
    print(f"launch to the first inbox row, {count:,} notifications: {ms(found)}; "
          f"first rows painted after the page's navigation started: {ms(painted)}; "
          f"the inbox's first paint in a shown window (first page and counts asked for, to rows painted): {ms(inbox)}")


def big_store():
    """The engine's big_firm store (VIGIE_BIG_STORE, made by the benchmark when missing) and its
    busiest user: (path, email, cabinet, notifications)."""
    kept = Path(os.environ.get("VIGIE_BIG_STORE", "/tmp/vigie-big-firm.db"))
    if not kept.exists():
        subprocess.run(["cargo", "bench", "-p", "vigie-engine", "--bench", "big_firm"], cwd=ROOT,
                       env={**os.environ, "VIGIE_BENCH_KEEP": str(kept)}, check=True, stdout=subprocess.DEVNULL)
    with sqlite3.connect(f"file:{kept}?mode=ro", uri=True) as db:
        email, cabinet, count = db.execute(
            "SELECT s.email, c.name, count(*) FROM notifications n JOIN staff s ON s.id = n.recipient_id "
            "JOIN cabinets c ON c.id = s.cabinet_id GROUP BY n.recipient_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    return kept, email, cabinet, count


# Each key's latency: from its mark to the first rows painted for the text typed by then (or
# later: keys typed while a read is under way are answered together by the next one).
KEY_TO_ROWS = """
const keys = performance.getEntriesByName('vigie:search-key');
const rows = performance.getEntriesByName('vigie:rows-painted');
return keys.map((k) => {
  const r = rows.find((r) => r.startTime > k.startTime && r.detail.startsWith(k.detail));
  return r ? r.startTime - k.startTime : null;
});
"""


# Each read of the table: asked to answered (IPC and the engine), answered to painted.
STEPS = """
const asked = performance.getEntriesByName('vigie:rows-asked');
const answered = performance.getEntriesByName('vigie:rows-answered');
const painted = performance.getEntriesByName('vigie:rows-painted');
return answered.map((a) => {
  const q = asked.filter((q) => q.startTime <= a.startTime && q.detail === a.detail).at(-1);
  const p = painted.find((p) => p.startTime >= a.startTime && p.detail === a.detail);
  return [q ? a.startTime - q.startTime : null, p ? p.startTime - a.startTime : null];
}).filter(([q, p]) => q !== null && p !== null);
"""


def search(words=("acompte", "garage", "client 012", "tva"), runs=3, pace=0.12):
    kept, email, cabinet, _ = big_store()
    with sqlite3.connect(f"file:{kept}?mode=ro", uri=True) as db:
        deadlines = db.execute("SELECT count(*) FROM deadlines").fetchone()[0]
    latencies, steps = [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        shutil.copy(kept, data / "vigie.db")
        desktop = Desktop(root / "desktop").start()
        try:
            v = Vigie(desktop, root)
            v.cli("workstation", "--user", email, "--cabinet", cabinet)
            s = Session(desktop, APP, env=v.env)
            s.start()
            wait_for("the inbox", lambda: s.finds('[role="option"]'), timeout=60)
            s.click('[data-testid="nav-deadlines"]')
            wait_for("the deadlines", lambda: s.finds('[data-testid="deadlines"] tbody tr'), timeout=30)
            box = '#deadlines-search'
            for _ in range(runs):
                for word in words:
                    s.script("performance.clearMarks();"
                             "const f = document.querySelector(arguments[0]); f.value = '';"
                             "f.dispatchEvent(new Event('input'));", box)
                    time.sleep(0.5)
                    s.script("performance.clearMarks()")
                    for key in word:
                        s.type(box, key)
                        time.sleep(pace)
                    done = wait_for("every key's rows", lambda: (lambda l: l if l and None not in l else None)(
                        s.script(KEY_TO_ROWS)), timeout=10)
                    latencies.extend(t / 1000 for t in done)
                    steps.extend(s.script(STEPS))
            s.quit()
        finally:
            desktop.stop()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"search in the Échéances table ({deadlines:,} deadlines), key to its rows painted, "
          f"{len(latencies)} keys: median {statistics.median(latencies) * 1000:.0f} ms; p95 {p95 * 1000:.0f} ms; "
          f"max {latencies[-1] * 1000:.0f} ms; per read ({len(steps)}), asked to answered (IPC and engine) "
          f"median {statistics.median(q for q, _ in steps):.0f} ms, answered to painted "
          f"median {statistics.median(p for _, p in steps):.0f} ms")


def pss_kb(pid):
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def family(pid):
    """The process and its descendants (WebKit's web and network processes)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,comm="], capture_output=True, text=True).stdout
    rows = [line.split(None, 2) for line in out.splitlines()]
    found, todo = {pid: "app"}, [pid]
    while todo:
        parent = todo.pop()
        for p, pp, comm in rows:
            if int(pp) == parent and int(p) not in found:
                found[int(p)] = comm
                todo.append(int(p))
    return found


@contextmanager
def running_demo(*args):
    """The app on a demo store after a check, in a desktop session of its own: yields the app's
    process and the desktop."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        desktop = Desktop(root / "desktop").start()
        try:
            v = demo_store(desktop, root / "store")
            try:
                yield v.launch(*args), desktop
            finally:
                v.stop()
        finally:
            desktop.stop()


HELLO = ROOT / "target" / "hello" / "release" / "hello"


def build_hello():
    """The hello-world Tauri app of tests/bench/hello, built like Vigie's release (own target
    folder: its features differ, so it cannot share Vigie's compiled crates)."""
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT / "tests" / "bench" / "hello",
                   env={**os.environ, "CARGO_TARGET_DIR": str(ROOT / "target" / "hello")}, check=True)
    return HELLO


def family_pss(pid):
    parts = {name: pss_kb(p) for p, name in family(pid).items()}
    return sum(parts.values()), parts


def describe(total, parts):
    return f"{total / 1024:.0f} MB in all (" + ", ".join(f"{n} {kb / 1024:.0f} MB" for n, kb in parts.items()) + ")"


def memory(idle=60):
    with running_demo() as (app, _):
        time.sleep(idle)
        vigie = family_pss(app.pid)
    hello_app = build_hello()
    with tempfile.TemporaryDirectory() as tmp:
        desktop = Desktop(Path(tmp) / "desktop").start()
        try:
            p = desktop.spawn([str(hello_app)])
            time.sleep(idle)
            hello = family_pss(p.pid)
            p.terminate()
            p.wait()
        finally:
            desktop.stop()
    print(f"memory after {idle} s idle (PSS), window shown: Vigie {describe(*vigie)}; "
          f"hello-world Tauri {describe(*hello)}; Vigie adds {(vigie[0] / hello[0] - 1) * 100:.0f}%")


def threads(pid):
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            status = (task / "status").read_text()
        except OSError:
            continue
        switches = int(next(l.split()[1] for l in status.splitlines() if l.startswith("voluntary_ctxt_switches")))
        out[f"{name}#{task.name}"] = switches
    return out


def wakeups(pid, seconds):
    before = threads(pid)
    time.sleep(seconds)
    after = threads(pid)
    woke = {k: after[k] - before.get(k, 0) for k in after if after[k] - before.get(k, 0) > 0}
    return ", ".join(f"{k} {n}" for k, n in sorted(woke.items(), key=lambda kv: -kv[1])) or "none"


def idle(seconds=300):
    with running_demo("--hidden") as (app, desktop):
        time.sleep(20)
        # The start-up pop-up is closed, as a notification service does after its timeout (the
        # tests' dunst keeps pop-ups until closed): its thread waits on the bus until then.
        desktop.popups()
        vigie = wakeups(app.pid, seconds)
    # The framework's own, for comparison: the hello-world app, its window shown.
    with tempfile.TemporaryDirectory() as tmp:
        desktop = Desktop(Path(tmp) / "desktop").start()
        try:
            p = desktop.spawn([str(build_hello())])
            time.sleep(20)
            hello = wakeups(p.pid, seconds)
            p.terminate()
            p.wait()
        finally:
            desktop.stop()
    print(f"wake-ups over {seconds} s idle, per thread of the app: {vigie}")
    print(f"the hello-world Tauri app's over {seconds} s: {hello}")


if __name__ == "__main__":
    assert APP.exists() and CLI.exists(), "build the release app first: ui/node_modules/.bin/tauri build"
    wanted = sys.argv[1:] or ["launch", "big_inbox", "search", "memory", "idle"]
    for name in wanted:
        {"launch": launch, "big_inbox": big_inbox, "search": search, "memory": memory, "idle": idle}[name]()
    print(f"binary: {APP.stat().st_size / 1e6:.1f} MB ({APP})")
