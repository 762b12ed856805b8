"""The tray, the title and the pop-ups of the real app, driven as a person and another process
would: over D-Bus (the tray's menu, the notification daemon) and with the `vigie` command."""


from conftest import ROOT, main_window
from desktop import wait_for
from tray import pixels
from x11 import close, state


def badge_icon(unread):
    name = "vigie" if unread == 0 else ("vigie-9plus" if unread > 9 else f"vigie-{unread}")
    return pixels(ROOT / "icons" / "tray" / f"{name}.png")


def shows(desktop, tray, unread):
    """True when the tray's label and icon and the window's title all say `unread`."""
    windows = desktop.windows("^Vigie")
    title = desktop.title(windows[0]) if windows else None
    return (
        tray.label() == (str(unread) if unread else "")
        and title == (f"Vigie ({unread})" if unread else "Vigie")
        and tray.icon() == badge_icon(unread)
    )


def close_until(desktop, window, handled):
    """Closes the window as its close button does, again if the first request came before the
    window listened for it (right after it is mapped)."""
    for _ in range(10):
        close(desktop.env["DISPLAY"], window)
        try:
            return wait_for("the close to be handled", handled, timeout=2)
        except AssertionError:
            continue
    raise AssertionError("the window never handled its close")


def test_badge_title_and_pop_ups_follow_every_process_and_the_tray_menu(desktop, vigie, tray):
    vigie.launch("--demo")
    wait_for("the tray icon", tray.items)
    labels = [label for (_, label, _) in tray.menu()]
    assert labels == ["Ouvrir Vigie", "Vérifier maintenant", "Suspendre les pop-ups", "1 heure",
                      "Jusqu'à demain 9 h", "Reprendre les pop-ups", "Quitter"]
    # Whatever the scheduler caught up at start, tray and title show the store's count.
    wait_for("the badge to show the store's count", lambda: shows(desktop, tray, vigie.unread()))

    # Another process reads everything: the badge clears within 5 s (the store watch).
    vigie.as_user("read-all")
    wait_for("the badge to clear", lambda: shows(desktop, tray, 0), timeout=5)

    # Another process's check two days later: new alerts, a pop-up, the badge.
    desktop.popups()  # those of the start-up are closed and counted out
    before = len(desktop.popups())
    vigie.cli("check", "--at", "2026-11-27")
    unread = vigie.unread()
    assert unread > 0
    wait_for("the new count everywhere", lambda: shows(desktop, tray, unread), timeout=5)
    popups = wait_for("a pop-up", lambda: desktop.popups()[before:] or None, timeout=5)
    texts = " ".join(p["summary"] + " " + p["body"] for p in popups)
    assert "alerte" in texts or "Échéance" in texts or "Document" in texts, texts

    # "Vérifier maintenant" from the tray's menu runs a manual check in the user's cabinet.
    tray.click("Vérifier maintenant")
    wait_for("a manual check in the history",
             lambda: any(r["trigger"] == "manual" and r["job"] == "check" for r in vigie.cli("jobs", "history")))


def test_pop_ups_are_muted_from_the_tray_and_resumed(desktop, vigie, tray):
    vigie.launch("--demo")
    wait_for("the tray icon", tray.items)
    wait_for("the badge to show the store's count", lambda: shows(desktop, tray, vigie.unread()))
    tray.click("1 heure")
    wait_for("Reprendre enabled", lambda: ("Reprendre les pop-ups" in [l for (_, l, on) in tray.menu() if on]))
    seen = len(desktop.popups())
    vigie.cli("check", "--at", "2026-11-28")
    unread = vigie.unread()
    # Muted: the inbox and the badge go on, no pop-up.
    wait_for("the badge", lambda: shows(desktop, tray, unread), timeout=5)
    assert desktop.popups()[seen:] == []
    tray.click("Reprendre les pop-ups")
    wait_for("Reprendre disabled", lambda: ("Reprendre les pop-ups" not in [l for (_, l, on) in tray.menu() if on]))
    vigie.cli("check", "--at", "2026-12-03")
    assert vigie.unread() > unread, "the later check alerts the user again"
    wait_for("a pop-up again", lambda: desktop.popups()[seen:] or None, timeout=5)


def test_closing_the_window_hides_it_to_the_tray_and_a_second_launch_shows_it(desktop, vigie, tray):
    first = vigie.launch("--demo")
    wait_for("the tray icon", tray.items)
    window = main_window(desktop)
    close_until(desktop, window, lambda: state(desktop.env["DISPLAY"], window) == "withdrawn")
    assert first.poll() is None, "the app goes on in the tray"
    assert len(tray.items()) == 1

    second = vigie.launch()
    assert second.wait(timeout=20) == 0, "the second instance hands over and exits"
    wait_for("the first window shown again", lambda: state(desktop.env["DISPLAY"], window) == "normal")
    assert first.poll() is None


def test_quitter_stops_the_scheduler_and_ends_the_app(desktop, vigie, tray):
    app = vigie.launch("--demo")
    wait_for("the tray icon", tray.items)
    wait_for("the scheduler", lambda: "scheduler started" in vigie.log())
    tray.click("Quitter")
    assert app.wait(timeout=30) == 0
    assert "scheduler stopped" in vigie.log() or "stopping" in vigie.log(), vigie.log()[-2000:]
    runs = vigie.cli("jobs", "history")
    assert all(r["outcome"] != "running" for r in runs), runs


def test_without_a_tray_host_closing_minimises_instead_of_hiding(tmp_path):
    from conftest import Vigie
    from desktop import Desktop

    desktop = Desktop(tmp_path / "desktop", tray_host=False).start()
    vigie = Vigie(desktop, tmp_path)
    try:
        app = vigie.launch("--demo")
        window = main_window(desktop)
        close_until(desktop, window, lambda: "it is minimised, not hidden" in vigie.log())
        assert state(desktop.env["DISPLAY"], window) != "withdrawn", "the window must stay reachable"
        assert app.poll() is None
    finally:
        vigie.stop()
        desktop.stop()


def test_without_a_notification_service_the_app_goes_on_and_says_why_once(tmp_path):
    from conftest import Vigie
    from desktop import Desktop
    from tray import Tray

    desktop = Desktop(tmp_path / "desktop", notifications=False).start()
    vigie = Vigie(desktop, tmp_path)
    tray = Tray(desktop.env)
    try:
        app = vigie.launch("--demo")
        wait_for("the tray icon", tray.items)
        vigie.cli("check", "--at", "2026-11-26")
        vigie.cli("check", "--at", "2026-11-27")
        unread = vigie.unread()
        wait_for("the badge", lambda: shows(desktop, tray, unread), timeout=5)
        wait_for("the reason in the log", lambda: "no pop-ups: the notification service cannot be reached" in vigie.log())
        assert vigie.log().count("no pop-ups: the notification service cannot be reached") == 1
        assert app.poll() is None
    finally:
        vigie.stop()
        desktop.stop()


def test_clicking_a_pop_up_opens_the_window(desktop, vigie, tray):
    vigie.launch("--demo")
    wait_for("the tray icon", tray.items)
    window = main_window(desktop)
    close_until(desktop, window, lambda: state(desktop.env["DISPLAY"], window) == "withdrawn")
    vigie.cli("check", "--at", "2026-11-26")

    desktop.click_popup()
    wait_for("the window shown", lambda: state(desktop.env["DISPLAY"], window) == "normal", timeout=5)
