"""Fixtures of the whole-app tests: the release app and command line (built once by
`.ci/test`), each test on its own desktop session and its own store."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))

from desktop import Desktop, wait_for  # noqa: E402
from tray import Tray  # noqa: E402

TARGET = Path(os.environ.get("VIGIE_TARGET", ROOT / "target" / "release"))
APP = TARGET / "vigie-desktop"
CLI = TARGET / "vigie"
# A fixed start for the test clock (it runs at real speed from there): Wednesday 25 November
# 2026, 08:30 in Paris, before the 09:00 check.
CLOCK_START = "2026-11-25T07:30:00Z"


@pytest.fixture
def desktop(tmp_path):
    d = Desktop(tmp_path / "desktop").start()
    yield d
    d.stop()


class Vigie:
    """The app and the command line on one store, with the test clock."""

    def __init__(self, desktop, root):
        self.desktop = desktop
        self.data_dir = root / "data"
        self.env = dict(desktop.env, VIGIE_DATA_DIR=str(self.data_dir), VIGIE_CLOCK_START=CLOCK_START,
                        VIGIE_LOG="info")
        self.log_path = root / "app.log"
        self.procs = []

    def launch(self, *args, env=None):
        log = open(self.log_path, "a")
        p = subprocess.Popen([str(APP), *args], env=env or self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def cli(self, *args, check=True):
        out = subprocess.run([str(CLI), "--json", *args], env=self.env, capture_output=True, text=True)
        if check and out.returncode != 0:
            raise AssertionError(f"vigie {' '.join(args)}: {out.stdout}{out.stderr}")
        return json.loads(out.stdout) if out.stdout.strip() else None

    def user(self):
        """This computer's user: (email, cabinet name)."""
        user = self.cli("workstation")["workstation"]
        return user["member"]["email"], user["cabinet"]["name"]

    def as_user(self, *args):
        """A `notifications` command for this computer's user."""
        email, cabinet = self.user()
        return self.cli("notifications", *args, "--user", email, "--cabinet", cabinet)

    def unread(self):
        return self.as_user("unread-count")["unread_count"]

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()


@pytest.fixture
def vigie(desktop, tmp_path):
    assert APP.exists() and CLI.exists(), f"build the release app first ({APP}, {CLI})"
    v = Vigie(desktop, tmp_path)
    yield v
    v.stop()


@pytest.fixture
def tray(desktop):
    return Tray(desktop.env)


def main_window(desktop, pattern="^Vigie"):
    return wait_for("the Vigie window", lambda: desktop.windows(pattern))[0]
