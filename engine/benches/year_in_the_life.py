#!/usr/bin/env python3
"""A year in the life of the reference firm's store, driven day by day (not a test).

Issue 11 ("scale") asks how Vigie ages: over a year of daily use, does the 09:00 check slow
down as late tasks, past-due deadlines and alert keys pile up, do the inbox page and the unread
count stay flat, does the store grow faster than the rows it holds? The targets: the day-365
check takes at most 1.5x the day-30 check, inbox page and unread count flat, store bytes per
row flat. This script measures the release `vigie` binary, one new process per step as users'
machines run it, and prints the figures; it asserts nothing.

Setup (day 1 = --date): the reference firm of whole_process.py (imported, not copied: 50
staff, 2,000 clients, 100,000 deadlines, 200,000 document requests, 100,000 tasks, 2,000
events around day 1), imported with `cabinet add` and the six imports. No SMTP server by
default, so no email is queued and the outbox stays empty. With --email, an SMTP sink in this
process accepts every email and each check is followed by `outbox send`, so that alert emails
and digests are queued, sent and purged as in a firm that has email. It is off by default
to keep the run short. Its first runs found that claiming each email to send scanned the
outbox, every kept email's body with it, whenever the planner's statistics (refreshed by the
Sunday cleanup's PRAGMA optimize) made a scan look cheaper than the index: `outbox send` grew
from 0.1 s to 7 s for 190 emails over five weeks of a 60-day run. The claim now names its index
(engine/src/email/outbox.rs, CLAIM_SQL).

Each day D, every process with VIGIE_NOW pinned to the local (Europe/Paris) time the
scheduler would run it at, and the date-taking commands with `--at D`:
  00:00  status-update            what fell past due becomes late / overdue
  02:00  cleanup                  Sundays only
  07:30  the firm's weekly update Mondays only (see the model below): one import per kind
  08:00  jobs run weekly_digest   Mondays only (recorded in job_runs, as the scheduler does)
  09:00  check (+ outbox send)    the first check of the day: its wall and CPU time are
                                  recorded every day (CPU = user + system of that child)
  11:00  notifications read       each active staff member's turn comes every 4th day:
                                  list their first page of unread, mark 2 read one by one; two
                                  thirds of them then `read-all` (they keep up), one third
                                  never do (they skim); personne05 never reads anything (only
                                  closing a subject marks its alerts read), so their unread ones
                                  grow all year with the important events, which never close:
                                  theirs are the inbox page and unread count measured
  14:00  check (+ outbox send)    the second check, which mostly finds nothing new
  18:00  on sample days (1, 30, 60, ... and the last): the inbox page (`notifications list
         --limit 100`, the window's page size) and `notifications unread-count` of personne05,
         median of 5 processes each; the store's size (vigie.db + vigie.db-wal) and its row
         counts, read with sqlite3 read-only once no vigie process is running.

The firm's data model ("the reference window slides"): the reference firm holds deadlines
due from 60 days before to 300 days after its date, tasks due from -60 to +200 days, document
requests made in the last 90 days and events from -30 to +60 days, each with its done /
received / important shares. Every Monday the firm imports what keeps that picture true as
of that Monday:
  - new rows for the days that entered the window since the last update, at the reference
    firm's density and shares: deadlines due up to +300 days (half of them already done, as
    in the reference), tasks due up to +200 (60% done), the week's document requests (70%
    received by today), events up to +60 days (half important);
  - the rows that left the window still open, closed by re-importing them (natural key):
    deadlines due more than 60 days ago -> `faite`, tasks due more than 60 days ago ->
    `terminee`, documents requested more than 90 days ago -> received today.
So open work (and what it alerts about) stays at the reference firm's level all year, while
the closed rows stay in the store as history: deadlines, tasks, documents and events grow
linearly (about 2,000, 2,700, 15,600 and 150 rows a week), which is the growth the store must
absorb. Closing a row marks its unread notifications read (the import does that), so even a
never-reader's inbox holds only what is open, plus important events, which never close.

Printed: the machine and load average (at start and end: others may be using the machine),
a table of the sample days (first check wall / CPU, also the median of the 7 days ending
there, since a Monday's check raises the week's document reminders and a plain day's does
not; second check; inbox page; unread count; store size and rows), the weekly imports' times,
status-update's and cleanup's medians per 30 days, and the ratios the issue asks for: check at the last day / day 30, inbox page and unread
count at the last day / day 30, store bytes per row at the last day / day 30.

How to run it (365 days took 12.6 minutes on a 2-core Xeon while other work kept the load
average near 4; --quick, 60 days, about 2 minutes; --email adds about 2 minutes a month while
the outbox is scanned):
    cargo build --release -p vigie-engine --bin vigie
    python3 engine/benches/year_in_the_life.py [--vigie PATH] [--days N | --quick]
        [--date YYYY-MM-DD] [--email] [--keep DIR]
The binary defaults to $CARGO_TARGET_DIR/release/vigie, else target/release/vigie. --keep
DIR keeps the final store, the generated CSV files and days.csv (every day's figures). Python
3 standard library only.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import socketserver
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the benches
sys.path.insert(0, str(Path(__file__).resolve().parent))
import whole_process as reference  # noqa: E402  the reference firm's generator

try:
    from zoneinfo import ZoneInfo

    PARIS = ZoneInfo("Europe/Paris")
except Exception:  # no tz database: a fixed UTC+1 is close enough for pinning clocks
    PARIS = dt.timezone(dt.timedelta(hours=1))

# The reference window and each kind's density per day, from whole_process's generator.
DEADLINE_WINDOW = (-60, 300)
TASK_WINDOW = (-60, 200)
DOCUMENT_WINDOW = 90  # requested in the last 90 days
EVENT_AHEAD = 60
DEADLINES_PER_DAY = reference.DEADLINES / 361
DOCUMENTS_PER_DAY = reference.DOCUMENTS / 90
TASKS_PER_DAY = reference.TASKS / 261
EVENTS_PER_DAY = reference.EVENTS / 91

NEVER_READS = 5  # personne05: the inbox measured
TURN_EVERY = 4  # days between a staff member's two readings of their inbox
OPENED_PER_TURN = 2
PAGE = 100  # the window's inbox page size (ui/src/lib/paging.ts)
REPEATS = 5  # processes per inbox figure (the median is shown)
TABLES = ["notifications", "alert_keys", "deadlines", "document_requests", "tasks", "events", "outbox", "job_runs"]


class SmtpSink(socketserver.StreamRequestHandler):
    """Accepts every email (enough SMTP for `vigie outbox send` with security none)."""

    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    in_data = False
                    self.server.received += 1
                    self.wfile.write(b"250 2.0.0 accepted\r\n")
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 end with .\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class SinkServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    received = 0


class Vigie:
    """Runs `vigie --data-dir D ...` as a new process with the clock pinned to a moment."""

    def __init__(self, binary, data_dir, log):
        self.binary = str(binary)
        self.data_dir = str(data_dir)
        self.log = log
        self.env = dict(os.environ)
        self.env.pop("VIGIE_CLOCK_START", None)

    def run(self, at, *args):
        """(wall s, CPU s, parsed --json stdout) of one process at instant `at`."""
        env = dict(self.env, VIGIE_NOW=at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(self.log, "ab") as err:
            done = subprocess.run(
                [self.binary, "--data-dir", self.data_dir, "--json", *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=err,
            )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"`vigie {' '.join(args)}` at {at} exited {done.returncode}:\n"
                     f"{done.stdout.decode(errors='replace')[-2000:]}\nsee {self.log}")
        try:
            answer = json.loads(done.stdout) if done.stdout.strip() else None
        except ValueError:
            answer = None
        return wall, cpu, answer


def moment(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


class Firm:
    """The reference firm's rows still open, and how far each kind's window is filled; writes
    each Monday's files (new rows entering the window, open rows leaving it closed)."""

    def __init__(self, paths, start, folder):
        self.rng = random.Random(0x7EA2)
        self.folder = folder
        self.emails = reference.staff_emails()
        self.sirens = reference.client_sirens()
        self.filled = {  # the last day each kind's window holds rows for
            "deadlines": start + dt.timedelta(days=DEADLINE_WINDOW[1]),
            "tasks": start + dt.timedelta(days=TASK_WINDOW[1]),
            "documents": start,
            "events": start + dt.timedelta(days=EVENT_AHEAD),
        }
        self.events_made = reference.EVENTS
        # Open rows, as full CSV rows, by the date that closes them.
        self.open = {"deadlines": {}, "tasks": {}, "documents": {}}
        with open(paths["deadlines"], encoding="utf-8") as f:
            for row in csv.reader(f, delimiter=";"):
                if row[5] not in ("faite", "status"):
                    self.open["deadlines"].setdefault(row[3], []).append(row)
        with open(paths["tasks"], encoding="utf-8") as f:
            for row in csv.reader(f, delimiter=";"):
                if row[4] not in ("terminee", "status"):
                    self.open["tasks"].setdefault(row[3], []).append(row)
        with open(paths["documents"], encoding="utf-8") as f:
            for row in csv.reader(f, delimiter=";"):
                if row[4] == "" and row[2] != "requested_on":
                    self.open["documents"].setdefault(row[2], []).append(row)

    def open_counts(self):
        return {k: sum(len(v) for v in rows.values()) for k, rows in self.open.items()}

    def assignee(self):
        rng = self.rng
        return "" if rng.random() < 0.2 else self.emails[rng.randrange(reference.STAFF)]

    def slots(self, per_day, first, last, variants):
        """Distinct (client, variant, day) for the days first..last, at `per_day` rows a day."""
        days = (last - first).days + 1
        if days <= 0:
            return []
        count = round(per_day * days)
        found = []
        for slot in self.rng.sample(range(reference.CLIENTS * variants * days), count):
            client, rest = slot % reference.CLIENTS, slot // reference.CLIENTS
            found.append((self.sirens[client], rest % variants, first + dt.timedelta(days=rest // variants)))
        return found

    def update(self, today):
        """Writes this Monday's four files; returns their paths by kind and what they hold."""
        rng = self.rng
        files, counts = {}, {}

        # Deadlines: new ones up to +300 days; the open ones due before -60 become done.
        rows, closed = [], self.close("deadlines", today - dt.timedelta(days=-DEADLINE_WINDOW[0]))
        for row in closed:
            rows.append(row[:5] + ["faite"])
        last = today + dt.timedelta(days=DEADLINE_WINDOW[1])
        for siren, kind, due in self.slots(DEADLINES_PER_DAY, self.filled["deadlines"] + dt.timedelta(days=1), last,
                                           len(reference.DEADLINE_KINDS)):
            code, label = reference.DEADLINE_KINDS[kind]
            status = "faite" if rng.random() < 0.5 else rng.choice(["a_faire", "a_faire", "en_cours"])
            row = [siren, code, label, due.isoformat(), self.assignee(), status]
            rows.append(row)
            if status != "faite":
                self.open["deadlines"].setdefault(row[3], []).append(row)
        self.filled["deadlines"] = last
        files["deadlines"] = self.write(
            "deadlines", ["client_siren", "kind", "label", "due_date", "assignee_email", "status"], rows)
        counts["deadlines"] = (len(rows) - len(closed), len(closed))

        # Tasks: new ones up to +200 days; the open ones due before -60 become done.
        rows, closed = [], self.close("tasks", today - dt.timedelta(days=-TASK_WINDOW[0]))
        for row in closed:
            rows.append(row[:4] + ["terminee", row[5]])
        last = today + dt.timedelta(days=TASK_WINDOW[1])
        for siren, title, due in self.slots(TASKS_PER_DAY, self.filled["tasks"] + dt.timedelta(days=1), last,
                                            len(reference.TASK_TITLES)):
            status = "terminee" if rng.random() < 0.6 else rng.choice(["a_faire", "a_faire", "en_cours"])
            row = [siren, reference.TASK_TITLES[title], self.assignee(), due.isoformat(), status,
                   rng.choice(reference.PRIORITIES)]
            rows.append(row)
            if status != "terminee":
                self.open["tasks"].setdefault(row[3], []).append(row)
        self.filled["tasks"] = last
        files["tasks"] = self.write(
            "tasks", ["client_siren", "title", "assignee_email", "due_date", "status", "priority"], rows)
        counts["tasks"] = (len(rows) - len(closed), len(closed))

        # Documents: the requests made since the last update, 70% received by today; the
        # ones requested more than 90 days ago and still missing are received today.
        rows, closed = [], self.close("documents", today - dt.timedelta(days=DOCUMENT_WINDOW))
        for row in closed:
            rows.append(row[:4] + [today.isoformat(), row[5]])
        for siren, label, requested in self.slots(DOCUMENTS_PER_DAY, self.filled["documents"] + dt.timedelta(days=1),
                                                  today, len(reference.DOCUMENT_LABELS)):
            due = requested + dt.timedelta(days=rng.randint(30, 120))
            received = ""
            if rng.random() < 0.7:
                received = (requested + dt.timedelta(days=rng.randint(0, (today - requested).days))).isoformat()
            row = [siren, reference.DOCUMENT_LABELS[label], requested.isoformat(), due.isoformat(), received,
                   self.assignee()]
            rows.append(row)
            if not received:
                self.open["documents"].setdefault(row[2], []).append(row)
        self.filled["documents"] = today
        files["documents"] = self.write(
            "documents", ["client_siren", "label", "requested_on", "due_date", "received_on", "owner_email"], rows)
        counts["documents"] = (len(rows) - len(closed), len(closed))

        # Events: up to +60 days, half important, a tenth for the whole firm.
        rows = []
        first, last = self.filled["events"] + dt.timedelta(days=1), today + dt.timedelta(days=EVENT_AHEAD)
        for _ in range(round(EVENTS_PER_DAY * max(0, (last - first).days + 1))):
            i = self.events_made
            self.events_made += 1
            client = self.sirens[i % reference.CLIENTS] if i % 10 else ""
            start = dt.datetime.combine(first + dt.timedelta(days=rng.randrange((last - first).days + 1)),
                                        dt.time(9 + i % 9, 0))
            audience = self.emails[rng.randrange(reference.STAFF)] if rng.random() < 0.5 else ""
            title = f"{reference.EVENT_TITLES[i % len(reference.EVENT_TITLES)]} n°{i}"
            rows.append([client, title, start.strftime("%Y-%m-%dT%H:%M"), "haute" if i % 2 else "normale", audience])
        self.filled["events"] = last
        files["events"] = self.write(
            "events", ["client_siren", "title", "starts_at", "importance", "audience_email"], rows)
        counts["events"] = (len(rows), 0)
        return files, counts

    def close(self, kind, before):
        """Takes out the open rows of `kind` whose date is before `before`."""
        cutoff = before.isoformat()
        gone = [d for d in self.open[kind] if d < cutoff]
        return [row for d in sorted(gone) for row in self.open[kind].pop(d)]

    def write(self, kind, header, rows):
        path = self.folder / f"update-{kind}.csv"
        reference.write_csv(path, header, rows)
        return path


def store_figures(data_dir):
    """The store's bytes (file + WAL), pages, free pages and row counts, read-only."""
    db = data_dir / "vigie.db"
    size = db.stat().st_size
    wal = data_dir / "vigie.db-wal"
    size += wal.stat().st_size if wal.exists() else 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        every = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        total = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in every)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    finally:
        conn.close()
    return {"bytes": size, "rows": rows, "all_rows": total, "pages": pages, "free_pages": free}


def median_of(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def sample_days(days):
    return sorted({1, days} | set(range(30, days + 1, 30)))


def default_vigie():
    target = Path(os.environ.get("CARGO_TARGET_DIR", reference.ROOT / "target"))
    return target / "release" / "vigie"


def load():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", type=Path, default=default_vigie(), help="the release binary")
    parser.add_argument("--days", type=int, default=365, help="days to live through (default 365)")
    parser.add_argument("--quick", action="store_true", help="60 days, to try the script")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1), help="day 1")
    parser.add_argument("--email", action="store_true",
                        help="configure SMTP (a local sink) and send the emails after each check")
    parser.add_argument("--keep", type=Path, help="keep the final store, the CSV files and days.csv in this folder")
    opts = parser.parse_args()
    days = 60 if opts.quick else opts.days
    if days < 1:
        sys.exit("--days must be at least 1")
    if not opts.vigie.is_file():
        sys.exit(f"{opts.vigie} not found: cargo build --release -p vigie-engine --bin vigie")
    os.umask(0o077)  # as the command line does: the store's side files stay private

    began = time.perf_counter()
    print(f"binary: {opts.vigie}")
    print(f"machine: {reference.machine()}")
    print(f"load average at start: {load()}")
    sink = SinkServer(("127.0.0.1", 0), SmtpSink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    work = Path(tempfile.mkdtemp(prefix="vigie-year-"))
    try:
        run(opts, days, work, sink, began)
    finally:
        sink.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def run(opts, days, work, sink, began):
    start = opts.date
    t = time.perf_counter()
    paths = reference.generate(work, start)
    firm = Firm(paths, start, work)
    print(f"generated the reference firm for {start} in {time.perf_counter() - t:.1f} s; open at start: "
          + ", ".join(f"{n:,} {k}" for k, n in firm.open_counts().items()))

    data_dir = work / "store"
    vigie = Vigie(opts.vigie, data_dir, work / "vigie.log")
    setup_at = moment(start, 7)
    t = time.perf_counter()
    vigie.run(setup_at, "cabinet", "add", "Grand Cabinet")
    for kind in ["staff", "clients", "deadlines", "documents", "tasks", "events"]:
        vigie.run(setup_at, "import", kind, str(paths[kind]))
    if opts.email:
        vigie.run(setup_at, "smtp", "set", "--host", "127.0.0.1", "--port", str(sink.server_address[1]),
                  "--security", "none", "--from-email", "vigie@grand-cabinet.fr", "--from-name", "Vigie")
    print(f"set up the store (cabinet, six imports{', SMTP' if opts.email else ''}) in {time.perf_counter() - t:.1f} s")

    emails = reference.staff_emails()
    measured = emails[NEVER_READS]
    readers = [i for i in range(reference.STAFF) if i not in reference.INACTIVE and i != NEVER_READS]
    samples = sample_days(days)
    daily = []  # one dict per day
    samples_found = {}
    updates = []  # (day, {kind: (wall, created, updated)})
    print(f"living {days} days from {start}; sample days {samples}; inbox measured: {measured}")
    print(f"{'day':>4} {'date':<11}{'check 1':>9}{'CPU':>7}{'created':>9}{'check 2':>9}{'emails':>8}"
          f"{'notifs':>10}{'store':>10}  (progress: sample days and each 30th; times in s)")

    for n in range(1, days + 1):
        day = start + dt.timedelta(days=n - 1)
        at = day.isoformat()
        rec = {"day": n, "date": at}
        rec["status_update"], rec["status_update_cpu"], _ = vigie.run(moment(day, 0), "status-update", "--at", at)
        if day.weekday() == 6:
            rec["cleanup"], rec["cleanup_cpu"], _ = vigie.run(moment(day, 2), "cleanup", "--at", at)
        if day.weekday() == 0:
            files, counts = firm.update(day)
            done = {}
            for kind, path in files.items():
                wall, cpu, answer = vigie.run(moment(day, 7, 30), "import", kind, str(path))
                answer = answer or {}
                done[kind] = (wall, answer.get("created", counts[kind][0]), answer.get("updated", counts[kind][1]))
                rec[f"import_{kind}"], rec[f"import_{kind}_cpu"] = wall, cpu
            updates.append((n, done))
            rec["digest"] = vigie.run(moment(day, 8), "jobs", "run", "weekly_digest")[0]

        wall, cpu, answer = vigie.run(moment(day, 9), "check", "--at", at)
        rec["check1"], rec["check1_cpu"] = wall, cpu
        rec["created"] = sum(v for v in (answer or {}).values() if isinstance(v, int))
        before = sink.received
        if opts.email:
            rec["send1"], rec["send1_cpu"], _ = vigie.run(moment(day, 9, 1), "outbox", "send")

        for i in readers:
            if (i + n) % TURN_EVERY:
                continue
            who = ["--user", emails[i]]
            _, _, page = vigie.run(moment(day, 11), "notifications", "list", "--unread", "--limit", "20", *who)
            for item in (page or [])[:OPENED_PER_TURN]:
                vigie.run(moment(day, 11, 5), "notifications", "read", str(item["id"]), *who)
            if i % 3:
                vigie.run(moment(day, 11, 10), "notifications", "read-all", *who)

        wall, cpu, _ = vigie.run(moment(day, 14), "check", "--at", at)
        rec["check2"], rec["check2_cpu"] = wall, cpu
        if opts.email:
            rec["send2"], rec["send2_cpu"], _ = vigie.run(moment(day, 14, 1), "outbox", "send")
        rec["emails"] = sink.received - before

        if n in samples:
            who = ["--user", measured]
            page = [vigie.run(moment(day, 18), "notifications", "list", "--limit", str(PAGE), *who)
                    for _ in range(REPEATS)]
            count = [vigie.run(moment(day, 18), "notifications", "unread-count", *who) for _ in range(REPEATS)]
            store = store_figures(data_dir)
            samples_found[n] = {
                "date": at,
                "page": median_of(page),
                "page_rows": len(page[0][2] or []),
                "unread": median_of(count),
                "unread_count": (count[0][2] or {}).get("unread_count"),
                "store": store,
                "open": firm.open_counts(),
            }
            rec["store_bytes"] = store["bytes"]
            rec["notifications"] = store["rows"]["notifications"]
        daily.append(rec)
        if n in samples or n % 30 == 0:
            s = samples_found.get(n)
            print(f"{n:>4} {at:<11}{rec['check1']:>9.3f}{rec['check1_cpu']:>7.3f}{rec['created']:>9,}"
                  f"{rec['check2']:>9.3f}{rec['emails']:>8}"
                  + (f"{s['store']['rows']['notifications']:>10,}{s['store']['bytes'] / 2**20:>7.1f} MiB" if s else "")
                  + f"   [{time.perf_counter() - began:.0f} s elapsed]", flush=True)

    report(opts, days, daily, samples_found, updates, began)
    if opts.keep:
        opts.keep.mkdir(parents=True, exist_ok=True)
        shutil.copytree(data_dir, opts.keep / "store", dirs_exist_ok=True)
        for p in paths.values():
            shutil.copy(p, opts.keep)
        fields = sorted({k for rec in daily for k in rec}, key=lambda k: (k not in ("day", "date"), k))
        with open(opts.keep / "days.csv", "w", newline="", encoding="utf-8") as f:
            out = csv.DictWriter(f, fields)
            out.writeheader()
            out.writerows(daily)
        print(f"kept the store, the CSV files and days.csv in {opts.keep}")


def week_median(daily, n, key):
    """The median of `key` over the 7 days ending with day n (fewer at the start)."""
    return statistics.median(rec[key] for rec in daily[max(0, n - 7):n])


def report(opts, days, daily, found, updates, began):
    print()
    print("sample days (times: wall s of one process; CPU = user + system; page and unread: median of "
          f"{REPEATS}; check 1 w7: median of the 7 days ending there)")
    print(f"{'day':>4} {'date':<11}{'check 1':>8}{'CPU':>7}{'w7':>7}{'w7 CPU':>7}{'created':>8}{'check 2':>8}{'CPU':>7}"
          f"{'page':>7}{'CPU':>7}{'rows':>5}{'unread':>7}{'CPU':>7}{'count':>7}")
    for n, s in found.items():
        rec = daily[n - 1]
        print(f"{n:>4} {s['date']:<11}{rec['check1']:>8.3f}{rec['check1_cpu']:>7.3f}"
              f"{week_median(daily, n, 'check1'):>7.3f}{week_median(daily, n, 'check1_cpu'):>7.3f}{rec['created']:>8,}"
              f"{rec['check2']:>8.3f}{rec['check2_cpu']:>7.3f}"
              f"{s['page'][0]:>7.3f}{s['page'][1]:>7.3f}{s['page_rows']:>5}"
              f"{s['unread'][0]:>7.3f}{s['unread'][1]:>7.3f}{s['unread_count'] or 0:>7,}")
    print()
    print("store on sample days (rows: all tables; bytes/row: file + WAL over all rows; free: free pages)")
    print(f"{'day':>4}{'MiB':>8}{'free':>8}{'rows':>10}{'B/row':>7}{'notifs':>9}{'keys':>9}{'deadlines':>10}"
          f"{'documents':>10}{'tasks':>9}{'events':>7}{'outbox':>7}{'jobs':>5}   open (firm's view): dl / tasks / docs")
    for n, s in found.items():
        st, r, o = s["store"], s["store"]["rows"], s["open"]
        print(f"{n:>4}{st['bytes'] / 2**20:>8.1f}{st['free_pages']:>8,}{st['all_rows']:>10,}"
              f"{st['bytes'] / max(1, st['all_rows']):>7.0f}{r['notifications']:>9,}{r['alert_keys']:>9,}"
              f"{r['deadlines']:>10,}{r['document_requests']:>10,}{r['tasks']:>9,}{r['events']:>7,}"
              f"{r['outbox']:>7,}{r['job_runs']:>5}   {o['deadlines']:,} / {o['tasks']:,} / {o['documents']:,}")

    if updates:
        print()
        print("the firm's weekly update (Mondays, 07:30): import wall s (rows created + updated)")
        shown = [updates[0], updates[len(updates) // 2], updates[-1]] if len(updates) > 2 else updates
        slowest = {k: max(u[1][k][0] for u in updates) for k in updates[0][1]}
        for n, done in shown:
            print(f"  day {n:>3}: " + ", ".join(f"{k} {w:.2f} s ({c:,} + {u:,})" for k, (w, c, u) in done.items()))
        print("  slowest: " + ", ".join(f"{k} {w:.2f} s" for k, w in slowest.items()))
        digests = [rec["digest"] for rec in daily if "digest" in rec]
        print(f"  weekly digest job: first {digests[0]:.3f} s, last {digests[-1]:.3f} s, slowest {max(digests):.3f} s")
    months = [daily[i:i + 30] for i in range(0, len(daily), 30)]
    for key, name in [("status_update", "status-update (daily)"), ("cleanup", "cleanup (Sundays)")]:
        line = []
        for m in months:
            ran = [r for r in m if key in r]
            if ran:
                line.append(f"{statistics.median(r[key] for r in ran):.2f}/"
                            f"{statistics.median(r[key + '_cpu'] for r in ran):.2f}")
        print(f"{name}, median wall/CPU s of each 30 days: {' '.join(line)}")
    sends = [rec for rec in daily if "send1" in rec]
    if sends:
        print("outbox send after the first check (wall / CPU s, emails sent that day, outbox rows): "
              + "; ".join(f"day {n} {daily[n - 1]['send1']:.2f} / {daily[n - 1]['send1_cpu']:.2f} "
                          f"({daily[n - 1]['emails']}, {found[n]['store']['rows']['outbox']:,})" for n in found))

    print()
    base, last = (30 if 30 in found else min(found)), days
    if base != last:
        b, e = daily[base - 1], daily[last - 1]
        fb, fe = found[base], found[last]
        def ratio(after, before):
            return after / before if before else float("nan")

        def times(name, after, before, note=""):
            print(f"  {name + ':':<28}wall {ratio(after[0], before[0]):.2f}  CPU {ratio(after[1], before[1]):.2f}{note}")

        print(f"ratios, day {last} / day {base} (targets: check <= 1.5, page and unread flat, bytes per row flat):")
        times("first check, that day", (e["check1"], e["check1_cpu"]), (b["check1"], b["check1_cpu"]),
              f"   ({b['check1']:.3f} -> {e['check1']:.3f} s; created {b['created']:,} -> {e['created']:,})")
        times("first check, 7-day median",
              (week_median(daily, last, "check1"), week_median(daily, last, "check1_cpu")),
              (week_median(daily, base, "check1"), week_median(daily, base, "check1_cpu")))
        times("second check, that day", (e["check2"], e["check2_cpu"]), (b["check2"], b["check2_cpu"]))
        times("inbox page", fe["page"], fb["page"], f"   (unread of {fb['unread_count']:,} -> {fe['unread_count']:,})")
        times("unread count", fe["unread"], fb["unread"])
        sb, se = fb["store"], fe["store"]
        bpr_b, bpr_e = sb["bytes"] / max(1, sb["all_rows"]), se["bytes"] / max(1, se["all_rows"])
        print(f"  {'store bytes per row:':<28}{ratio(bpr_e, bpr_b):.2f}   ({bpr_b:.0f} -> {bpr_e:.0f} B; "
              f"{sb['bytes'] / 2**20:.1f} -> {se['bytes'] / 2**20:.1f} MiB, {sb['all_rows']:,} -> {se['all_rows']:,} rows)")
    print()
    print(f"load average at end: {load()}")
    print(f"took {(time.perf_counter() - began) / 60:.1f} min for {days} days")


if __name__ == "__main__":
    main()
