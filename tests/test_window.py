"""The window of the real app through tauri-driver (WebKitWebDriver): the first run, the inbox
filling live from another process's check, opening and snoozing alerts with the tray and the
title agreeing, and the French screens of failures."""

import sqlite3

import pytest
from conftest import APP, main_window
from desktop import wait_for
from test_tray import shows
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
    assert title.split("—")[0].strip()[:20] in popups[-1]["summary"] or popups, popups


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
