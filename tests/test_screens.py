"""The screens beside the inbox on the real app (tauri-driver): a schedule edited in
"Planification" with its meaning and next runs, then saved and read back by the command line;
"Lancer maintenant" recorded in the history; the app's own log lines in "Journal"."""

from test_window import demo_in_the_window, window  # noqa: F401 (the fixture)


def go(w, name):
    w.click(f'[data-testid="nav-{name}"]')


def test_a_schedule_is_edited_in_the_window_and_the_scheduler_follows_it(desktop, vigie, window):  # noqa: F811
    w = window()
    demo_in_the_window(w)
    go(w, "jobs")
    w.wait_text('[data-testid="job-check-description"]', lambda t: "tous les jours à 9" in t)

    w.click('[data-testid="job-check"] .link-btn')
    field = '[data-testid="job-check"] input'
    w.wait_element(field)
    w.script("const f = document.querySelector(arguments[0]); f.value = ''; f.dispatchEvent(new Event('input'));", field)
    w.type(field, "0 25 * * *")
    error = w.wait_text('[data-testid="cron-error"]', bool, timeout=5)
    assert "heures : 25 est hors de l’intervalle 0–23" in error, error

    w.script("const f = document.querySelector(arguments[0]); f.value = ''; f.dispatchEvent(new Event('input'));", field)
    w.type(field, "30 8 * * 1-5")
    meaning = w.wait_text('[data-testid="job-check"] .meaning', lambda t: "du lundi au vendredi" in t, timeout=5)
    # The test clock starts on Wednesday 25 November 2026 at 08:30 in Paris: the next run is
    # Thursday 26 November at 8 h 30.
    # (WebDriver reads no-break spaces as spaces.)
    assert "jeudi 26 novembre à 8 h 30" in meaning.replace("\u00a0", " "), meaning
    w.press("Enregistrer")
    w.wait_text('[data-testid="job-check-description"]', lambda t: "du lundi au vendredi à 8" in t, timeout=5)
    # The command line reads the same store: the scheduler runs on the new schedule.
    check = next(j for j in vigie.cli("jobs", "list") if j["job"] == "check")
    assert check["cron"] == "30 8 * * 1-5", check
    assert check["next_run"] == "2026-11-26T08:30:00+01:00", check


def test_lancer_maintenant_is_recorded_and_the_journal_shows_the_apps_log(desktop, vigie, window):  # noqa: F811
    w = window()
    demo_in_the_window(w)
    go(w, "jobs")
    w.wait_element('[data-testid="job-status_update"] button', timeout=30)
    w.click('[data-testid="job-status_update"] button')
    w.wait_text('[data-testid="toast"]', lambda t: "Mise à jour des statuts" in t, timeout=10)
    w.wait_text('[data-testid="history"] tbody tr', lambda t: "Manuelle" in t, timeout=5)

    go(w, "logs")
    entries = w.wait_text('[data-testid="log-entries"]', lambda t: "scheduler started" in t, timeout=10)
    assert "vigie::schedule" in entries, entries
