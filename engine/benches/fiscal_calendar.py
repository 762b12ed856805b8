#!/usr/bin/env python3
"""The fiscal calendar at firm scale, measured as users run it: the release `vigie`, a new
process per step, the store file on disk.

The firm: the reference firm's 50 staff and 2,000 clients (whole_process.py), each with every
fact the calendar reads (legal form, taxation, VAT regime, closing, tax office, payroll,
thresholds), so that every rule fires. Steps, each timed (median of --runs):

  import staff, import clients (which generates the next 15 months for every client),
  calendar generate (again: nothing to create), calendar generate --from next month (the
  monthly roll), calendar show --client (one client's year), calendar ics (the whole firm,
  15 months).

Usage: python3 engine/benches/fiscal_calendar.py [--vigie PATH] [--runs N] [--date YYYY-MM-DD]
"""

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from whole_process import STAFF, client_sirens, default_vigie, machine, run_step, staff_emails, write_csv

FORMS = ["SARL", "SAS", "EURL", "SASU", "SA", "EI", "SCI", "SNC"]
TAXATION = {"SARL": "is", "SAS": "is", "EURL": "ir_bic", "SASU": "is", "SA": "is", "EI": "ir_bnc", "SCI": "ir_bic",
            "SNC": "ir_bic"}
VAT = ["mensuel", "mensuel", "trimestriel", "annuel", "franchise"]
YEAR_ENDS = ["31/12", "31/12", "31/12", "30/06", "30/09", "31/03"]
DEPARTMENTS = ["75", "92", "93", "94", "69", "13", "33", "59", "2A", "971"]
PAYROLL = ["sans_salarie", "moins_de_50", "moins_de_50", "50_et_plus_paie_du_mois", "50_et_plus_paie_decalee"]


def write_firm(folder):
    emails = staff_emails()
    staff = folder / "staff.csv"
    write_csv(staff, ["name", "email", "role"],
              ([f"Personne {i:02}", e, "expert" if i < 5 else "collaborateur"] for i, e in enumerate(emails)))
    clients = folder / "clients.csv"
    sirens = client_sirens()
    rows = []
    for i, siren in enumerate(sirens):
        form = FORMS[i % len(FORMS)]
        rows.append([
            f"Client {i:04} {form}", siren, emails[i % 36], VAT[i % len(VAT)], YEAR_ENDS[i % len(YEAR_ENDS)], form,
            TAXATION[form], DEPARTMENTS[i % len(DEPARTMENTS)], PAYROLL[i % len(PAYROLL)],
            "oui" if i % 3 == 0 else "non", "oui" if i % 4 else "non", "oui" if i % 5 == 0 else "non",
        ])
    write_csv(clients, ["name", "siren", "manager_email", "vat_regime", "fiscal_year_end", "legal_form", "taxation",
                        "tax_department", "payroll", "cfe_over_3000", "is_over_3000", "cvae_filer"], rows)
    return staff, clients, sirens


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vigie", type=Path, default=default_vigie(), help="the release binary")
    parser.add_argument("--runs", type=int, default=5, help="runs, each on a fresh store (median shown)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 11, 25), help="today")
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vigie-calendar-"))
    try:
        staff, clients, sirens = write_firm(work)
        print(f"binary: {opts.vigie}")
        print(f"machine: {machine()}")
        next_month = (opts.date.replace(day=1) + dt.timedelta(days=32)).replace(day=1).isoformat()
        steps = [
            ("import staff", ["import", "staff", str(staff), "--no-welcome"]),
            ("import clients + calendar", ["import", "clients", str(clients)]),
            ("calendar generate (again)", ["calendar", "generate"]),
            ("calendar generate (next month)", ["calendar", "generate", "--from", next_month]),
            ("calendar show (one client)", ["calendar", "show", "--client", sirens[7], "--year", "2027"]),
            ("calendar ics (whole firm)", ["calendar", "ics", "-o", str(work / "firm.ics")]),
        ]
        figures = {}
        said = {}
        for run in range(opts.runs):
            data = work / f"run{run}"
            os.environ["VIGIE_NOW"] = f"{opts.date.isoformat()}T08:00:00Z"
            run_step(opts.vigie, data, ["cabinet", "add", "Grand Cabinet"], work / "setup.log")
            for i, (name, args) in enumerate(steps):
                log = work / f"step{i}.log"
                log.unlink(missing_ok=True)
                figures.setdefault(name, []).append(run_step(opts.vigie, data, args, log))
                said[name] = " ".join(log.read_text(errors="replace").split())
            deadlines = (data / "vigie.db").stat().st_size / 2**20
            if run + 1 < opts.runs:
                shutil.rmtree(data)
        ics = (work / "firm.ics").stat().st_size / 2**20
        print(f"store after the last step: {deadlines:.1f} MiB; firm.ics {ics:.1f} MiB")
        print()
        print(f"median of {opts.runs} run(s); VmHWM and RssAnon: the largest of /proc/PID/status sampled every ms")
        print(f"{'step':<34}{'wall':>10}{'(min-max)':>15}{'CPU':>9}{'VmHWM':>12}{'RssAnon':>12}")
        for name, runs in figures.items():
            walls = [r[0] for r in runs]
            spread = f"({min(walls):.2f}-{max(walls):.2f})"
            rss = statistics.median(r[1] for r in runs) / 1024
            anon = statistics.median(r[2] for r in runs) / 1024
            cpu = statistics.median(r[3] for r in runs)
            print(f"{name:<34}{statistics.median(walls):>9.3f}s{spread:>15}{cpu:>8.3f}s{rss:>8.1f} MiB{anon:>8.1f} MiB")
        print()
        print("what each step printed (last run):")
        for name, text in said.items():
            print(f"  {name:<34}{text[:150]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
