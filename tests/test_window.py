"""The window of the real app through tauri-driver (WebKitWebDriver): the first run, the inbox
filling live from another process's check, opening and snoozing alerts with the tray and the
title agreeing, and the French screens of failures."""

import sqlite3

import pytest
from conftest import APP, main_window
from desktop import wait_for
from test_tray import close_until, shows
from x11 import state
from webdriver import Session


@pytest.fixture
def window(desktop, vigie):
    sessions = []

    def start(*args, env=None):
        log = open(vigie.log_path, "a")
        s = Session(desktop, APP, args=args, env=env or vigie.env, log=log).start()
        sessions.append(s)
        return s

    yield start
    for s in sessions:
        s.quit()


def count(w, tab):
    return int(w.text(f'[data-testid="count-{tab}"]'))


def rows(w):
    return w.finds('[role="option"]')


def test_first_run_demo_then_the_inbox_fills_live_and_opening_one_updates_every_count(desktop, vigie, window, tray):
    w = window()
    w.wait_text("h1", lambda t: "Bienvenue dans Vigie" in t)
    w.press("Essayer avec la démo")
    w.wait_element('[data-testid="demo-chip"]')
    # Start at login is on once the first run is done: hidden in the tray.
    autostart = desktop.root / "home" / ".config" / "autostart" / "Vigie.desktop"
    entry = wait_for("the autostart entry", lambda: autostart.exists() and autostart.read_text(), timeout=5)
    assert "--hidden" in entry, entry
    # 8 h 30: the 9 h check has not run yet.
    w.wait_element('[data-testid="empty"]')
    assert "Rien à signaler" in w.text('[data-testid="empty"]')

    # Another process's check: rows, counts, title and tray follow without a reload.
    vigie.cli("check", "--at", "2026-11-26")
    unread = vigie.unread()
    assert unread > 0
    wait_for("the unread tab count", lambda: count(w, "unread") == unread, timeout=5)
    wait_for("rows in the list", lambda: len(rows(w)) > 0)
    wait_for("the title, tray and badge", lambda: shows(desktop, tray, unread), timeout=5)

    # Opening one shows its subject and marks it read: every count drops by one.
    w.click_element(rows(w)[0])
    w.wait_element('[data-testid="detail"] h2')
    wait_for("the unread count to drop", lambda: count(w, "unread") == unread - 1, timeout=5)
    wait_for("title and tray to drop", lambda: shows(desktop, tray, unread - 1), timeout=5)
    assert vigie.unread() == unread - 1


def test_a_snoozed_alert_leaves_and_comes_back_by_itself_with_a_pop_up(desktop, vigie, window, tray):
    # The test clock runs 360 times faster: "1 heure" is 10 s.
    env = dict(vigie.env, VIGIE_CLOCK_SPEED="360")
    w = window(env=env)
    w.wait_text("h1", lambda t: "Bienvenue dans Vigie" in t)
    w.press("Essayer avec la démo")
    w.wait_element('[data-testid="demo-chip"]')
    wait_for("alerts from the 9 h check", lambda: count(w, "all") > 0, timeout=30)
    total = count(w, "all")
    w.click_element(rows(w)[0])
    title = w.wait_text('[data-testid="detail"] h2', bool)
    w.press("Reporter")
    w.press("1 heure")
    wait_for("the alert to leave the list", lambda: count(w, "all") == total - 1, timeout=5)
    wait_for("the alert to come back", lambda: count(w, "all") == total, timeout=40)
    popups = wait_for("its reminder pop-up", lambda: [p for p in desktop.popups() if p["summary"].startswith("Rappel")],
                      timeout=10)
    # The pop-up's title is the stored one ("Rappel : <title> — <client>"); the detail shows it
    # without the client, with French typography (no-break spaces).
    assert [p for p in popups if title.replace("\u00a0", " ").replace("\u202f", " ") in
            p["summary"].replace("\u00a0", " ").replace("\u202f", " ")], (title, popups)


def test_a_store_locked_by_another_program_gets_a_french_screen_and_a_retry(desktop, vigie, window):
    vigie.cli("demo")
    lock = sqlite3.connect(vigie.data_dir / "vigie.db", timeout=1)
    lock.execute("PRAGMA locking_mode = EXCLUSIVE")
    lock.execute("BEGIN EXCLUSIVE")
    try:
        w = window()
        message = w.wait_text('[role="alert"]', bool, timeout=60)
        assert "autre programme" in message or "utilisé" in message, message
    finally:
        lock.rollback()
        lock.close()
    w.press("Réessayer")
    w.wait_text("h1", lambda t: "Bienvenue dans Vigie" in t, timeout=30)


def test_a_data_folder_that_cannot_be_used_is_named_on_the_error_screen(desktop, vigie, window, tmp_path):
    not_a_folder = tmp_path / "pas-un-dossier"
    not_a_folder.write_text("x")
    w = window(env=dict(vigie.env, VIGIE_DATA_DIR=str(not_a_folder)))
    w.wait_text("h1", lambda t: "ne peut pas ouvrir" in t)
    assert "pas-un-dossier" in w.text("body")
    assert main_window(desktop)


def demo_in_the_window(w):
    w.wait_text("h1", lambda t: "Bienvenue dans Vigie" in t)
    w.press("Essayer avec la démo")
    w.wait_element('[data-testid="demo-chip"]')


def test_clicking_a_pop_up_opens_the_window_on_that_alert(desktop, vigie, window, tmp_path):
    w = window()
    demo_in_the_window(w)
    vigie.cli("check", "--at", "2026-11-26")
    wait_for("the first alerts", lambda: len(rows(w)) > 0, timeout=5)
    desktop.popups()  # the start-up summary, closed

    # One new deadline of the user's, due the day after: the next check raises one alert.
    email, cabinet = vigie.user()
    with sqlite3.connect(f"file:{vigie.data_dir / 'vigie.db'}?mode=ro", uri=True) as db:
        siren = db.execute("SELECT c.siren FROM clients c JOIN cabinets k ON k.id = c.cabinet_id "
                            "WHERE k.name = ? AND c.siren IS NOT NULL ORDER BY c.id LIMIT 1", (cabinet,)).fetchone()[0]
    csv = tmp_path / "echeance.csv"
    csv.write_text(f"siren;type;libelle;echeance;responsable\n{siren};cfe;CFE du pop-up;27/11/2026;{email}\n")
    vigie.cli("import", "deadlines", str(csv), "--cabinet", cabinet)

    window_id = main_window(desktop)
    close_until(desktop, window_id, lambda: state(desktop.env["DISPLAY"], window_id) == "withdrawn")
    vigie.cli("check", "--at", "2026-11-26")

    desktop.click_popup()
    wait_for("the window shown", lambda: state(desktop.env["DISPLAY"], window_id) == "normal", timeout=5)
    w.wait_text('[data-testid="detail"] h2', lambda t: "CFE du pop-up" in t, timeout=5)
    assert [p for p in desktop.popups() if "CFE du pop-up" in p["summary"]]


def test_an_engine_error_behind_a_button_is_a_french_toast_and_nothing_changes(desktop, vigie, window):
    w = window()
    demo_in_the_window(w)
    vigie.cli("check", "--at", "2026-11-26")
    wait_for("the alerts", lambda: len(rows(w)) > 0, timeout=5)
    total = count(w, "all")
    w.click_element(rows(w)[0])
    w.wait_element('[data-testid="detail"] h2')

    # Another program holds the store's write lock past the app's patience (10 s).
    lock = sqlite3.connect(vigie.data_dir / "vigie.db", timeout=1)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        w.press("Archiver")
        toast = w.wait_text('[data-testid="toast"]', bool, timeout=30)
    finally:
        lock.rollback()
        lock.close()
    assert "autre programme" in toast or "utilisé" in toast, toast
    assert count(w, "all") == total
    assert vigie.as_user("list", "--tab", "archived") == []

    # The lock gone, the same button works.
    w.press("Archiver")
    wait_for("the alert archived", lambda: count(w, "all") == total - 1, timeout=5)
