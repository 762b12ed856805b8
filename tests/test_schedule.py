"""The app's embedded scheduler beside a `vigie daemon` on the same store: each job instant
runs once, whichever process gets there first (the store's leases)."""

import subprocess
import time

from conftest import CLI
from desktop import wait_for


def test_the_app_and_a_daemon_on_one_store_never_run_an_instant_twice(desktop, vigie, tray):
    # Both clocks start at 08:30 in Paris and run 7,200 times faster: a day every 12 s.
    env = dict(vigie.env, VIGIE_CLOCK_SPEED="7200")
    vigie.launch("--demo", env=env)
    wait_for("the tray icon", tray.items)
    daemon = subprocess.Popen([str(CLI), "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    try:
        # A day and a half of schedule: checks at 9 h and 14 h, the status update at midnight.
        wait_for("a day and a half of runs", lambda: len(vigie.cli("jobs", "history")) >= 5, timeout=60)
    finally:
        daemon.terminate()
        _, daemon_log = daemon.communicate(timeout=30)
    assert "scheduler started" in daemon_log and "scheduler started" in vigie.log()
    runs = vigie.cli("jobs", "history")
    instants = [(r["cabinet"], r["job"], r["scheduled_for"]) for r in runs if r["trigger"] != "manual"]
    assert len(instants) == len(set(instants)), f"an instant ran twice: {runs}"
    # A run may still be going (the app goes on) or be recorded as missed (a fast clock on a
    # loaded machine); none failed.
    assert all(r["outcome"] != "failed" for r in runs), [(r["job"], r["outcome"], r["error"]) for r in runs]
