"""The fiscal calendar's iCalendar export, read by a calendar library (Python's icalendar, the
reader behind many calendar tools): a file Outlook or Thunderbird imports, whose events keep
their UID when a date moves, so that importing the newer file updates them."""

import json
import sqlite3
import subprocess
from datetime import date

import icalendar
from conftest import CLI

NOW = "2026-11-25T08:00:00Z"
CLIENTS = (
    "nom;siren;forme;régime tva;clôture;imposition;département;salariés;cfe 3000;is 3000;cvae;responsable\n"
    "Boulangerie Léa;732829320;SARL;mensuel;31/12;IS;75;moins de 50;oui;oui;non;claire@a.fr\n"
    "\"Garage; Martin, \"\"Fils\"\"\";;SAS;trimestriel;30/06;IS;69;50 et plus, paie du mois;non;oui;oui;paul@a.fr\n"
)


def run(data, *args, json_out=False):
    cmd = [str(CLI), "--data-dir", str(data), *(["--json"] if json_out else []), *args]
    out = subprocess.run(cmd, env={"VIGIE_NOW": NOW, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    assert out.returncode == 0, f"vigie {' '.join(args)}: {out.stdout}{out.stderr}"
    return json.loads(out.stdout) if json_out else out.stdout


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_the_icalendar_export_reads_back_and_keeps_its_uids_when_a_date_moves(tmp_path):
    data = tmp_path / "data"
    run(data, "cabinet", "add", "Cabinet Léa")
    staff = tmp_path / "staff.csv"
    staff.write_text("name;email;role\nClaire Moreau;claire@a.fr;expert\nPaul Martin;paul@a.fr;collaborateur\n",
                     encoding="utf-8")
    run(data, "import", "staff", str(staff), "--no-welcome")
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    imported = run(data, "import", "clients", str(clients), "--no-welcome", json_out=True)
    assert imported["created"] == 2, imported

    ics = tmp_path / "echeances.ics"
    run(data, "calendar", "ics", "--months", "15", "-o", str(ics))
    found = events(ics)
    with sqlite3.connect(data / "vigie.db") as db:
        stored = db.execute("SELECT count(*) FROM deadlines WHERE due_date BETWEEN '2026-11-25' AND '2028-02-24' "
                            "AND status <> 'faite'").fetchone()[0]
    assert len(found) == stored > 60, (len(found), stored)
    assert len({str(e["UID"]) for e in found}) == len(found), "one UID per event"
    for e in found:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is date and (end - start).days == 1, (e["SUMMARY"], start, end)

    by_summary = {str(e["SUMMARY"]): e for e in found}
    vat = by_summary["TVA CA3 — novembre 2026 — Boulangerie Léa"]
    # Paris, a company whose SIREN starts with 73: the 20th, a Sunday in December 2026.
    assert vat.decoded("DTSTART") == date(2026, 12, 21)
    assert str(vat["UID"]) == "tva-ca3.2026-11.732829320.cabinet-lea@vigie"
    assert "Responsable : Claire Moreau" in str(vat["DESCRIPTION"])
    # The escaped name reads back whole.
    garage = [s for s in by_summary if s.endswith('Garage; Martin, "Fils"')]
    assert garage, sorted(by_summary)[:5]
    # The liasse of a 31 December closing: the legal date and the 15 days' tolerance.
    liasse = by_summary["Liasse fiscale 2065 — exercice 2026 — Boulangerie Léa"]
    assert liasse.decoded("DTSTART") == date(2027, 5, 19)
    assert "Date légale : 04/05/2027" in str(liasse["DESCRIPTION"])

    # The tax office gave the client another day: the newer file moves the same event.
    run(data, "calendar", "date", "--client", "732829320", "--kind", "tva_ca3", "--period", "2026-11", "18/12/2026")
    run(data, "calendar", "ics", "--months", "15", "-o", str(ics))
    moved = {str(e["UID"]): e for e in events(ics)}
    assert moved[str(vat["UID"])].decoded("DTSTART") == date(2026, 12, 18)
    assert set(moved) == {str(e["UID"]) for e in found}

    # One person's file: Paul's client only.
    paul = tmp_path / "paul.ics"
    run(data, "calendar", "ics", "--months", "15", "--user", "paul@a.fr", "-o", str(paul))
    mine = events(paul)
    assert mine and all(str(e["SUMMARY"]).endswith('Garage; Martin, "Fils"') for e in mine)
