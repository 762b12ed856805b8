#!/usr/bin/env python3
"""What each index and trigger on the notification write path costs the check, and what it
saves the reads it serves (not a test: a benchmark that prints figures).

Imports the reference firm of whole_process.py once (50 staff, 2,000 clients, 100,000
deadlines, 200,000 document requests, 100,000 tasks, 2,000 events), then for each variant
(the schema as shipped, then without one index or trigger) runs the release `vigie check` as
users do (a new process, the store file in the page cache) on fresh copies of that store and
prints the median CPU (user + system, from wait4) and wall time of the first check, which
writes 37,529 notifications; the variants take turns, run after run.

Then, on the store after that check, it times the reads each index is there for, with and
without it, through Python's sqlite3 (the same SQL the engine runs; Python's SQLite is not the
bundled one, so read these as orders of magnitude): an inbox page of each tab for the person
with the most notifications.

Not measured here: the UNIQUE (cabinet, recipient, dedup_key) of notifications, which the
check's INSERT names in its conflict clause and which finds one subject's alerts (a "done"
click), and the primary key of alert_keys, the ledger itself.

Usage: python3 engine/benches/index_cost.py [--vigie PATH] [--runs N] [--keep DIR]
Build first: cargo build --release -p vigie-engine --bin vigie
"""

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import whole_process as wp  # noqa: E402

DATE = "2026-11-25"

# (label, SQL run on a copy of the imported store before the check)
VARIANTS = [
    ("as shipped", ""),
    ("without notifications_inbox (cabinet, recipient, id)", "DROP INDEX notifications_inbox"),
    ("without notifications_unread (… WHERE read_at IS NULL)", "DROP INDEX notifications_unread"),
    ("without notifications_by_kind (cabinet, recipient, kind, id)", "DROP INDEX notifications_by_kind"),
    ("without the counter trigger inbox_counts_insert", "DROP TRIGGER inbox_counts_insert"),
]


def prepare(base, into, sql, label):
    if into.exists():
        shutil.rmtree(into)
    shutil.copytree(base, into)
    if sql:
        conn = sqlite3.connect(into / "vigie.db")
        conn.executescript(sql)
        conn.close()


def import_firm(vigie, folder, csvs):
    store = folder / "store"
    log = folder / "import.log"
    for name, args in wp.steps(csvs, wp.dt.date.fromisoformat(DATE)):
        if name.startswith("check") or name.startswith("status"):
            continue
        wp.run_step(vigie, store, args, log)
    return store


# The reads, as the engine writes them (engine/src/inbox.rs `list`, engine/src/firm/alerts.rs
# `Scope::condition`), for recipient ?1 of cabinet ?2.
READS = [
    (
        "page of Toutes",
        "notifications_inbox",
        "SELECT id, title FROM notifications WHERE recipient_id = ?1 AND cabinet_id = ?2"
        " AND archived_at IS NULL AND snoozed_until IS NULL ORDER BY id DESC LIMIT 50",
    ),
    (
        "page of Non lues",
        "notifications_unread",
        "SELECT id, title FROM notifications WHERE recipient_id = ?1 AND cabinet_id = ?2"
        " AND archived_at IS NULL AND snoozed_until IS NULL AND read_at IS NULL ORDER BY id DESC LIMIT 50",
    ),
    (
        "page of one kind's tab",
        "notifications_by_kind",
        "SELECT id, title FROM notifications WHERE recipient_id = ?1 AND cabinet_id = ?2"
        " AND archived_at IS NULL AND snoozed_until IS NULL AND kind = ?3 ORDER BY id DESC LIMIT 50",
    ),
]


def time_read(db, sql, args, repeat=20):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.execute(sql, args).fetchall()  # warm the page cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        conn.execute(sql, args).fetchall()
        times.append(time.perf_counter() - t)
    conn.close()
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", type=Path, default=wp.default_vigie(), help="the release binary")
    parser.add_argument("--runs", type=int, default=5, help="checks per variant (median shown)")
    parser.add_argument("--keep", type=Path, help="keep the imported store and CSV files in this folder")
    opts = parser.parse_args()
    if not opts.vigie.is_file():
        sys.exit(f"{opts.vigie} not found: cargo build --release -p vigie-engine --bin vigie")
    work = opts.keep or Path(tempfile.mkdtemp(prefix="vigie-index-cost-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"binary: {opts.vigie}")
    print(f"machine: {wp.machine()}")
    csvs = wp.generate(work, wp.dt.date.fromisoformat(DATE))
    base = import_firm(opts.vigie, work, csvs)

    print(f"\nfirst check on the reference firm (37,529 notifications), median of {opts.runs}")
    print(f"{'variant':<66}{'CPU':>8}{'wall':>8}{'CPU saved':>11}")
    # Round robin, so that whatever else the machine does falls on every variant alike.
    cpu = {label: [] for label, _ in VARIANTS}
    wall = {label: [] for label, _ in VARIANTS}
    for _ in range(opts.runs):
        for label, sql in VARIANTS:
            copy = work / "variant"
            prepare(base, copy, sql, label)
            w, _, _, c = wp.run_step(opts.vigie, copy, ["check", "--at", DATE], work / "check.log")
            cpu[label].append(c)
            wall[label].append(w)
    shipped = statistics.median(cpu[VARIANTS[0][0]])
    for label, _ in VARIANTS:
        c, w = statistics.median(cpu[label]), statistics.median(wall[label])
        saved = "" if label == VARIANTS[0][0] else f"{(shipped - c) * 1000:+.0f} ms"
        print(f"{label:<66}{c:>7.3f}s{w:>7.3f}s{saved:>11}")

    # The reads, after a check, with and without each index.
    checked = work / "checked"
    prepare(base, checked, "", "as shipped")
    wp.run_step(opts.vigie, checked, ["check", "--at", DATE], work / "check.log")
    conn = sqlite3.connect(f"file:{checked / 'vigie.db'}?mode=ro", uri=True)
    recipient, cabinet, n = conn.execute(
        "SELECT recipient_id, cabinet_id, count(*) FROM notifications GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1"
    ).fetchone()
    rare_kind = conn.execute(
        "SELECT kind FROM notifications WHERE recipient_id = ?1 GROUP BY 1 ORDER BY count(*) LIMIT 1", (recipient,)
    ).fetchone()[0]
    conn.close()
    # As a person's inbox is most of the time: read but for the 30 oldest, which the tabs'
    # indexes must find without walking the rest.
    conn = sqlite3.connect(checked / "vigie.db")
    conn.execute(
        "UPDATE notifications SET read_at = '2026-11-25T10:00:00Z' WHERE recipient_id = ?1"
        " AND id > (SELECT id FROM notifications WHERE recipient_id = ?1 ORDER BY id LIMIT 1 OFFSET 29)",
        (recipient,),
    )
    conn.commit()
    conn.close()
    print(f"\nreads for the person with the most notifications ({n}, all read but the 30 oldest; the kind")
    print(f"tab is their rarest kind, {rare_kind}), median of 20, Python's sqlite3")
    print(f"{'read':<26}{'index':<24}{'with':>10}{'without':>10}")
    for label, index, sql in READS:
        args = (recipient, cabinet, rare_kind) if "?3" in sql else (recipient, cabinet)
        with_ms = time_read(checked / "vigie.db", sql, args)
        without = work / "without"
        prepare(checked, without, f"DROP INDEX {index}", label)
        without_ms = time_read(without / "vigie.db", sql, args)
        print(f"{label:<26}{index:<24}{with_ms:>8.2f}ms{without_ms:>8.2f}ms")
    if not opts.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
