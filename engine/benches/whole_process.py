#!/usr/bin/env python3
"""Measures the release `vigie` command line as users run it, on the reference firm (not a test).

Generates the reference firm's CSV files once into a temporary folder: 50 staff, 2,000
clients; 100,000 deadlines of four kinds due from 60 days before to 300 days after the check
date, half of them done; 200,000 document requests made in the last 90 days, 70% received;
100,000 tasks due from 60 days before to 200 days after, 60% done; 2,000 events, half of them
important. Then, for each run, on a fresh data folder, runs one new `vigie --data-dir D ...`
process per step:

  cabinet add, import staff|clients|deadlines|documents|tasks|events,
  check --at DATE, check --at DATE again, status-update --at DATE+1, check --at DATE+1

and prints each step's wall time, CPU time (user + system, from wait4: steadier than the wall
time on a machine others use) and peak memory, the median of N runs (3 by default). The
CSV files are read before every run, so that each import finds its file in the page cache.

Memory, per step, from /proc/PID/status read by a thread every millisecond while the child
runs:
  VmHWM       the kernel's high-water mark of the resident set, anonymous and file-backed
              pages (an mmap'ed store counts here) together; it only grows, so the last
              sample is the peak, but for a rise in the child's last millisecond;
  RssAnon     the largest anonymous resident set sampled (heap: SQLite's page cache, the
              rows read); a sample, so a peak shorter than a millisecond may be missed. The
              target of 100 MB is about this one.
(Not ru_maxrss from wait4, though the CPU time comes from there: Linux folds the parent's high-water mark at fork into the child's
when it execs, so every step would show at least this script's own 70 MB.)

Usage: python3 engine/benches/whole_process.py [--vigie PATH] [--runs N] [--date YYYY-MM-DD]
       [--keep DIR]
The binary defaults to $CARGO_TARGET_DIR/release/vigie, else target/release/vigie: build it
first with `cargo build --release -p vigie-engine --bin vigie`. Standard library only.
"""

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STAFF = 50
CLIENTS = 2_000
DEADLINES = 100_000
DOCUMENTS = 200_000
TASKS = 100_000
EVENTS = 2_000
INACTIVE = (20, 40)  # staff members marked inactive (they receive nothing)

DEADLINE_KINDS = [
    ("tva_ca3", "TVA CA3"),
    ("dsn", "DSN mensuelle"),
    ("is_acompte", "Acompte d'IS"),
    ("cfe", "CFE"),
]
DOCUMENT_LABELS = [
    "Relevés bancaires",
    "Factures d'achat",
    "Factures de vente",
    "Inventaire de stock",
    "Éléments variables de paie",
    "Justificatifs des notes de frais",
    "Contrat de prêt et tableau d'amortissement",
    "Relevé du compte courant d'associé",
    "Attestation de vigilance URSSAF",
    "Avis de taxe foncière",
]
TASK_TITLES = [
    "Saisie des pièces comptables",
    "Rapprochement bancaire",
    "Révision du dossier annuel",
    "Préparer le rendez-vous bilan",
    "Lettrage des comptes fournisseurs",
    "Établir les bulletins de paie",
    "Relancer le client pour les pièces manquantes",
    "Mettre à jour le tableau des immobilisations",
]
EVENT_TITLES = [
    "Rendez-vous client",
    "Assemblée générale ordinaire (AGO)",
    "Contrôle fiscal : visite du vérificateur",
    "Rendez-vous bilan",
    "Signature de la lettre de mission",
]
FORMS = ["SARL", "SAS", "EURL", "SCI", "EI", "SASU", "Association"]
VAT = ["mensuel", "trimestriel", "annuel", "franchise", ""]
YEAR_ENDS = ["31/12", "31/12", "31/12", "30/06", "30/09", "31/03"]
PRIORITIES = ["basse", "normale", "normale", "haute", "urgente"]


def siren(n):
    """A valid SIREN from 8 digits: Luhn check digit appended."""
    digits = f"{n:08d}"
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled: the check digit will sit to their right
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return digits + str((10 - total % 10) % 10)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(header) + "\n")
        for row in rows:
            f.write(";".join(row) + "\n")


def staff_emails():
    """The reference firm's staff emails, in the staff file's order."""
    return [f"personne{i:02}@grand-cabinet.fr" for i in range(STAFF)]


def client_sirens():
    """The reference firm's clients' SIRENs, in the clients file's order."""
    return [siren(10_000_000 + i * 44_111) for i in range(CLIENTS)]


def distinct_slots(rng, count, slots):
    """`count` distinct numbers below `slots`, so that natural keys never collide."""
    return rng.sample(range(slots), count)


def generate(folder, today):
    """Writes the reference firm's six CSV files into `folder`; returns their paths by kind."""
    rng = random.Random(0x0B16F1A3)
    day = lambda offset: (today + dt.timedelta(days=offset)).isoformat()  # noqa: E731
    paths = {k: folder / f"{k}.csv" for k in ["staff", "clients", "deadlines", "documents", "tasks", "events"]}

    emails = staff_emails()
    roles = ["expert"] * 6 + ["collaborateur"] * 30 + ["assistant"] * (STAFF - 36)
    write_csv(
        paths["staff"],
        ["name", "email", "role", "active"],
        ([f"Collaborateur {i:02}", emails[i], roles[i], "non" if i in INACTIVE else "oui"] for i in range(STAFF)),
    )
    managers = emails[:36]
    sirens = client_sirens()
    write_csv(
        paths["clients"],
        ["name", "siren", "manager_email", "vat_regime", "fiscal_year_end", "legal_form"],
        (
            [
                f"Client {i:04} {FORMS[i % len(FORMS)]}",
                sirens[i],
                managers[i % len(managers)],
                VAT[i % len(VAT)],
                YEAR_ENDS[i % len(YEAR_ENDS)],
                FORMS[i % len(FORMS)],
            ]
            for i in range(CLIENTS)
        ),
    )

    def assignee():
        return "" if rng.random() < 0.2 else emails[rng.randrange(STAFF)]

    # Deadlines: 50 per client, distinct (kind, due date), due from -60 to +300 days; half done.
    per_client = DEADLINES // CLIENTS
    span = 361
    rows = []
    for c in range(CLIENTS):
        for slot in distinct_slots(rng, per_client, len(DEADLINE_KINDS) * span):
            kind, label = DEADLINE_KINDS[slot % len(DEADLINE_KINDS)]
            due = slot // len(DEADLINE_KINDS) - 60
            status = "faite" if rng.random() < 0.5 else rng.choice(["a_faire", "a_faire", "en_cours"])
            rows.append([sirens[c], kind, label, day(due), assignee(), status])
    write_csv(paths["deadlines"], ["client_siren", "kind", "label", "due_date", "assignee_email", "status"], rows)

    # Document requests: 100 per client, distinct (label, requested on) over the last 90 days,
    # due 30 to 120 days after the request; 70% received, between the request and today.
    per_client = DOCUMENTS // CLIENTS
    rows = []
    for c in range(CLIENTS):
        for slot in distinct_slots(rng, per_client, len(DOCUMENT_LABELS) * 90):
            label = DOCUMENT_LABELS[slot % len(DOCUMENT_LABELS)]
            requested = -(slot // len(DOCUMENT_LABELS))
            due = requested + rng.randint(30, 120)
            received = day(rng.randint(requested, 0)) if rng.random() < 0.7 else ""
            rows.append([sirens[c], label, day(requested), day(due), received, assignee()])
    write_csv(
        paths["documents"],
        ["client_siren", "label", "requested_on", "due_date", "received_on", "owner_email"],
        rows,
    )

    # Tasks: 50 per client, distinct (title, due date), due from -60 to +200 days; 60% done.
    per_client = TASKS // CLIENTS
    span = 261
    rows = []
    for c in range(CLIENTS):
        for slot in distinct_slots(rng, per_client, len(TASK_TITLES) * span):
            title = TASK_TITLES[slot % len(TASK_TITLES)]
            due = slot // len(TASK_TITLES) - 60
            status = "terminee" if rng.random() < 0.6 else rng.choice(["a_faire", "a_faire", "en_cours"])
            rows.append([sirens[c], title, assignee(), day(due), status, rng.choice(PRIORITIES)])
    write_csv(
        paths["tasks"],
        ["client_siren", "title", "assignee_email", "due_date", "status", "priority"],
        rows,
    )

    # Events: one per client, from 30 days before to 60 after, half important; a few for the
    # whole firm.
    rows = []
    for i in range(EVENTS):
        client = sirens[i % CLIENTS] if i % 10 else ""
        start = dt.datetime.combine(today + dt.timedelta(days=rng.randint(-30, 60)), dt.time(9 + i % 9, 0))
        audience = emails[rng.randrange(STAFF)] if rng.random() < 0.5 else ""
        title = f"{EVENT_TITLES[i % len(EVENT_TITLES)]} n°{i}"
        rows.append([client, title, start.strftime("%Y-%m-%dT%H:%M"), "haute" if i % 2 else "normale", audience])
    write_csv(paths["events"], ["client_siren", "title", "starts_at", "importance", "audience_email"], rows)
    return paths


def memory(pid):
    """VmHWM and RssAnon of /proc/PID/status, in kB ({} once the child has exited)."""
    found = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "RssAnon:")):
                    name, kb, _ = line.split()
                    found[name] = int(kb)
    except OSError:
        pass
    return found


def run_step(vigie, data_dir, args, log):
    """Runs `vigie --data-dir data_dir args`: (wall s, VmHWM kB, peak RssAnon kB, CPU s); the
    memory figures sampled, the CPU time (user + system) the kernel's count for that child."""
    out = open(log, "ab")
    start = time.perf_counter()
    proc = subprocess.Popen([vigie, "--data-dir", str(data_dir), *args], stdout=out, stderr=out)
    peak = {"VmHWM:": 0, "RssAnon:": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            for name, kb in memory(proc.pid).items():
                peak[name] = max(peak[name], kb)
            done.wait(0.001)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    if proc.returncode != 0:
        sys.exit(f"`vigie {' '.join(args)}` exited {proc.returncode}; see {log}:\n{Path(log).read_text()[-2000:]}")
    return wall, peak["VmHWM:"], peak["RssAnon:"], usage.ru_utime + usage.ru_stime


def steps(paths, date):
    next_day = (date + dt.timedelta(days=1)).isoformat()
    yield "cabinet add", ["cabinet", "add", "Grand Cabinet"]
    for kind in ["staff", "clients", "deadlines", "documents", "tasks", "events"]:
        yield f"import {kind}", ["import", kind, str(paths[kind])]
    yield "check (first)", ["check", "--at", date.isoformat()]
    yield "check (again)", ["check", "--at", date.isoformat()]
    yield "status-update (next day)", ["status-update", "--at", next_day]
    yield "check (next day)", ["check", "--at", next_day]


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, {platform.system()} {platform.release()}"


def default_vigie():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "vigie"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", type=Path, default=default_vigie(), help="the release binary")
    parser.add_argument("--runs", type=int, default=3, help="runs, each on a fresh store (median shown)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 11, 25), help="the check date")
    parser.add_argument("--keep", type=Path, help="keep the CSV files and the last run's store in this folder")
    opts = parser.parse_args()
    if not opts.vigie.is_file():
        sys.exit(f"{opts.vigie} not found: cargo build --release -p vigie-engine --bin vigie")

    work = Path(tempfile.mkdtemp(prefix="vigie-whole-"))
    try:
        t = time.perf_counter()
        paths = generate(work, opts.date)
        lines = {k: sum(1 for _ in open(p, "rb")) - 1 for k, p in paths.items()}
        print(f"generated the reference firm in {time.perf_counter() - t:.1f} s: "
              + ", ".join(f"{n:,} {k}" for k, n in lines.items()))
        print(f"binary: {opts.vigie}")
        print(f"machine: {machine()}")

        figures = {}
        said = {}  # what each step printed in the last run
        for run in range(opts.runs):
            for p in paths.values():  # into the page cache
                p.read_bytes()
            data_dir = work / f"run{run}"
            for i, (name, args) in enumerate(steps(paths, opts.date)):
                log = work / f"step{i}.log"
                log.unlink(missing_ok=True)
                figures.setdefault(name, []).append(run_step(opts.vigie, data_dir, args, log))
                said[name] = " ".join(log.read_text(errors="replace").split())
            store = data_dir / "vigie.db"
            size = store.stat().st_size / 2**20
            if run + 1 < opts.runs:
                shutil.rmtree(data_dir)
        print(f"store after the last step: {size:.1f} MiB (+ WAL)")
        print()
        print(f"median of {opts.runs} run(s); VmHWM and RssAnon: the largest of /proc/PID/status sampled every ms")
        print(f"{'step':<26}{'wall':>10}{'(min-max)':>15}{'rows/s':>10}{'CPU':>9}{'VmHWM':>12}{'RssAnon':>12}")
        for name, runs in figures.items():
            walls = [r[0] for r in runs]
            wall = statistics.median(walls)
            spread = f"({min(walls):.2f}-{max(walls):.2f})"
            rss = statistics.median(r[1] for r in runs) / 1024
            anon = statistics.median(r[2] for r in runs) / 1024
            cpu = statistics.median(r[3] for r in runs)
            kind = name.removeprefix("import ")
            rate = f"{lines[kind] / wall:,.0f}" if name.startswith("import ") else ""
            print(f"{name:<26}{wall:>9.3f}s{spread:>15}{rate:>10}{cpu:>8.3f}s{rss:>8.1f} MiB{anon:>8.1f} MiB")
        print()
        print("what each step printed (last run):")
        for name, text in said.items():
            print(f"  {name:<26}{text[:100]}")
        if opts.keep:
            opts.keep.mkdir(parents=True, exist_ok=True)
            for p in paths.values():
                shutil.copy(p, opts.keep)
            shutil.copytree(data_dir, opts.keep / "store", dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
