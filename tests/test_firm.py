"""The firm's data in the real app (tauri-driver), one test per flow a person follows: a client
and its deadline due tomorrow created in the window, then the check's alert in the inbox; a CSV
file with one bad row refused with its line, then imported once fixed; a task marked done in one
click, and its alert stops (read, off the badge)."""

import sqlite3

from desktop import wait_for
from test_window import demo_in_the_window, rows, window  # noqa: F401 (the fixture)

# A SIREN no demo client has, with its check digit right.
SIREN = "443061841"


def go(w, name):
    w.click(f'[data-testid="nav-{name}"]')


def store(vigie):
    return sqlite3.connect(f"file:{vigie.data_dir / 'vigie.db'}?mode=ro", uri=True)


def fill(w, css, text):
    """Types `text` into an empty field (what a person types, key by key)."""
    w.script("const f = document.querySelector(arguments[0]); f.value = ''; f.dispatchEvent(new Event('input'));", css)
    w.type(css, text)


def choose_option(w, css, label):
    """Picks the option of a <select> whose text holds `label`, as a click on it would."""
    w.script(
        "const s = document.querySelector(arguments[0]);"
        "const o = [...s.options].find((o) => o.text.includes(arguments[1]));"
        "s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true }));",
        css,
        label,
    )


def toast(w, predicate, timeout=10):
    return w.wait_text('[data-testid="toast"]', predicate, timeout=timeout)


def test_a_client_and_its_deadline_due_tomorrow_created_in_the_window_raise_an_alert(desktop, vigie, window):  # noqa: F811
    w = window()
    demo_in_the_window(w)
    email, cabinet = vigie.user()
    with store(vigie) as db:
        me = db.execute("SELECT name FROM staff WHERE email = ?", (email,)).fetchone()[0]

    go(w, "clients")
    w.wait_element('[data-testid="clients"] tbody tr')
    w.press("Nouveau client")
    fill(w, "#clients-form-field-name", "Fromagerie des Alpes")
    fill(w, "#clients-form-field-siren", SIREN)
    fill(w, "#clients-form-field-fiscal_year_end", "31/12")
    w.press("Créer")
    toast(w, lambda t: "Fromagerie des Alpes" in t)

    go(w, "deadlines")
    w.wait_element('[data-testid="deadlines"] tbody tr')
    w.press("Nouvelle échéance")
    fill(w, "#deadlines-form-field-client_id", "Fromagerie")
    option = '#deadlines-form-field-client_id-list [role="option"]'
    w.wait_text(option, lambda t: "Fromagerie des Alpes" in t, timeout=5)
    w.click(option)
    fill(w, "#deadlines-form-field-kind", "cfe")
    fill(w, "#deadlines-form-field-label", "CFE Fromagerie")
    # The test clock is on Wednesday 25 November 2026: due tomorrow.
    fill(w, "#deadlines-form-field-due_date", "26/11/2026")
    choose_option(w, "#deadlines-form-field-assignee_id", me)
    w.press("Créer")
    toast(w, lambda t: "CFE Fromagerie" in t)
    with store(vigie) as db:
        stored = db.execute(
            "SELECT d.due_date, d.status, s.email FROM deadlines d JOIN clients c ON c.id = d.client_id "
            "JOIN staff s ON s.id = d.assignee_id WHERE c.siren = ?", (SIREN,)).fetchall()
    assert stored == [("2026-11-26", "a_faire", email)], stored

    unread = vigie.unread()
    w.press("Vérifier maintenant")
    wait_for("the check's new alert", lambda: vigie.unread() > unread, timeout=15)
    go(w, "inbox")
    wait_for("the alert in the inbox", lambda: w.script(
        "return [...document.querySelectorAll('[role=\"option\"]')].some((o) => o.textContent.includes(arguments[0]))",
        "CFE Fromagerie"), timeout=10)
    listed = vigie.as_user("list", "--unread")
    assert [n for n in listed if "CFE Fromagerie" in n["title"] and n["kind"] == "echeance_proche"], listed


def test_a_csv_file_with_a_bad_row_is_refused_with_its_line_then_imported_once_fixed(desktop, vigie, window, tmp_path):  # noqa: F811
    w = window()
    demo_in_the_window(w)
    email, _ = vigie.user()
    with store(vigie) as db:
        siren = db.execute("SELECT siren FROM clients WHERE siren IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
        before = db.execute("SELECT count(*) FROM deadlines").fetchone()[0]
    header = "siren;type;libelle;echeance;responsable\n"
    bad = tmp_path / "echeances.csv"
    # Neither row is one the demo's fiscal calendar generated (its CFE falls on 15/12).
    bad.write_text(header + f"{siren};depot_comptes;Dépôt des comptes 2026;30/06/2027;{email}\n"
                   f"{siren};tva_ca3;TVA CA3 janvier;31/02/2027;{email}\n", encoding="utf-8")

    go(w, "import")
    w.wait_element('input[name="import-kind"]')
    w.click('input[name="import-kind"][value="deadlines"]')
    w.wait_element('[data-testid="import-expected"]')
    w.type('[data-testid="import-file"]', str(bad))
    problems = w.wait_text('[data-testid="import-problems"]', lambda t: "ligne 3" in t, timeout=10)
    assert "31/02/2027" in problems and "date" in problems, problems
    assert w.script("return document.querySelector('[data-testid=\"import-blocked\"]') !== null")
    assert w.script("return document.querySelector('[data-testid=\"import-run\"]').disabled"), \
        "Importer is disabled while a row is wrong"
    with store(vigie) as db:
        assert db.execute("SELECT count(*) FROM deadlines").fetchone()[0] == before, "the preview wrote nothing"

    fixed = tmp_path / "echeances-corrigees.csv"
    fixed.write_text(bad.read_text(encoding="utf-8").replace("31/02/2027", "28/02/2027"), encoding="utf-8")
    w.type('[data-testid="import-file"]', str(fixed))
    w.wait_text('[data-testid="import-counts"]', lambda t: "2 à créer" in t, timeout=10)
    w.click('[data-testid="import-run"]')
    done = w.wait_text('[data-testid="import-done"]', lambda t: "Import terminé" in t, timeout=10)
    assert "2\u00a0lignes créées" in done or "2 lignes créées" in done, done
    with store(vigie) as db:
        added = db.execute("SELECT label, due_date FROM deadlines "
                           "WHERE label IN ('Dépôt des comptes 2026', 'TVA CA3 janvier') ORDER BY due_date").fetchall()
    assert added == [("TVA CA3 janvier", "2027-02-28"), ("Dépôt des comptes 2026", "2027-06-30")], added


def test_a_task_marked_done_in_one_click_stops_its_alert(desktop, vigie, window):  # noqa: F811
    w = window()
    demo_in_the_window(w)
    vigie.cli("check", "--at", "2026-11-26")
    wait_for("the first alerts", lambda: len(rows(w)) > 0, timeout=10)
    email, _ = vigie.user()
    with store(vigie) as db:
        found = db.execute(
            "SELECT n.id, t.title FROM notifications n JOIN tasks t ON t.id = n.subject_id "
            "JOIN staff s ON s.id = n.recipient_id "
            "WHERE n.subject_type = 'task' AND n.read_at IS NULL AND s.email = ? ORDER BY n.id LIMIT 1",
            (email,)).fetchone()
    assert found, "the demo gives this computer's user a late task"
    notification, title = found
    unread = vigie.unread()

    go(w, "tasks")
    w.wait_element('[data-testid="tasks"] tbody tr')
    fill(w, "#tasks-search", title)
    w.wait_text('[data-testid="tasks"] tbody', lambda t: title in t, timeout=10)
    w.click(f'button[aria-label="Marquer terminée : {title}"]')
    toast(w, lambda t: "alerte" in t)

    wait_for("the alert read", lambda: vigie.unread() == unread - 1, timeout=10)
    with store(vigie) as db:
        status, read_at = db.execute(
            "SELECT t.status, n.read_at FROM notifications n JOIN tasks t ON t.id = n.subject_id WHERE n.id = ?",
            (notification,)).fetchone()
    assert status == "terminee" and read_at is not None, (status, read_at)
    # The badge of the window's navigation follows.
    w.wait_text('[data-testid="nav-inbox"]', lambda t: str(unread - 1) in t or unread - 1 == 0, timeout=10)


def test_a_clients_fiscal_calendar_in_the_window_says_what_is_missing_then_follows_the_form(desktop, vigie, window):  # noqa: F811,E501
    w = window()
    demo_in_the_window(w)
    go(w, "clients")
    w.wait_element('[data-testid="clients"] tbody tr')
    w.press("Nouveau client")
    fill(w, "#clients-form-field-name", "Fromagerie des Alpes")
    fill(w, "#clients-form-field-siren", SIREN)
    fill(w, "#clients-form-field-legal_form", "SAS")
    choose_option(w, "#clients-form-field-vat_regime", "Mensuel")
    fill(w, "#clients-form-field-fiscal_year_end", "31/12")
    w.press("Créer")
    toast(w, lambda t: "Fromagerie des Alpes" in t)

    w.script("[...document.querySelectorAll('.client-link')].find((b) => b.textContent.includes('Fromagerie')).click()")
    missing = w.wait_text('[data-testid="calendar-missing"]', lambda t: "Département" in t, timeout=10)
    # Without its tax office, a company in Paris or elsewhere has no VAT day; without its
    # taxation, no liasse nor IS; without its payroll, no DSN.
    for said in ["le jour de dépôt de la TVA", "ni liasse fiscale", "aucune DSN"]:
        assert said in missing, missing
    with store(vigie) as db:
        client = db.execute("SELECT id FROM clients WHERE siren = ?", (SIREN,)).fetchone()[0]
        kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM deadlines WHERE client_id = ?", (client,))}
    assert "tva_ca3" not in kinds and "dsn" not in kinds, kinds

    # « Compléter » opens the client's form: the facts given, the calendar follows at once.
    w.click('button[aria-label^="Compléter : Département"]')
    form = "#client-page-form-field-"
    w.wait_element(form + "tax_department")
    fill(w, form + "tax_department", "75")
    choose_option(w, form + "taxation", "IS")
    choose_option(w, form + "payroll", "Moins de 50")
    choose_option(w, form + "is_over_3000", "Oui")
    w.click('[data-testid="client-page-form-form"] button[type="submit"]')
    # SIREN 44…: a Paris company files on the 19th; 19 December 2026 is a Saturday.
    table = '[data-testid="client-calendar"] table'
    text = w.wait_text(table, lambda t: "TVA CA3 — novembre 2026" in t, timeout=10)
    assert "DSN — novembre 2026" in text and "IS acompte n° 4 — exercice 2026" in text, text
    with store(vigie) as db:
        due = db.execute("SELECT due_date, generated FROM deadlines WHERE client_id = ? AND kind = 'tva_ca3' "
                         "AND period = '2026-11'", (client,)).fetchone()
    assert due == ("2026-12-21", 1), due

    # The tax office gave this client another day for November's return.
    w.click('button[aria-label^="Changer la date : TVA CA3 — novembre 2026"]')
    field = '[data-testid="obligation-date-dialog"] input'
    w.wait_element(field)
    save = '[data-testid="obligation-date-dialog"] button[type="submit"]'
    fill(w, field, "31/02/2027")
    w.click(save)
    error = w.wait_text('[data-testid="error-obligation-date"]', bool, timeout=10)
    assert "31/02/2027" in error, error
    fill(w, field, "18/12/2026")
    w.click(save)
    w.wait_text(table, lambda t: "règle : " in t, timeout=10)
    with store(vigie) as db:
        moved = db.execute("SELECT due_date FROM deadlines WHERE client_id = ? AND kind = 'tva_ca3' "
                           "AND period = '2026-11'", (client,)).fetchone()[0]
    assert moved == "2026-12-18", moved

    # Its payroll is done elsewhere: no more DSN for it.
    w.click('button[aria-label="Ne plus générer : DSN"]')
    w.wait_element('button[aria-label="Générer à nouveau : DSN"]', timeout=10)
    with store(vigie) as db:
        dsn = db.execute("SELECT count(*) FROM deadlines WHERE client_id = ? AND kind = 'dsn' AND due_date >= '2026-11-25'",
                         (client,)).fetchone()[0]
    assert dsn == 0, dsn
