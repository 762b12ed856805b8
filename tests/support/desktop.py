"""A private desktop session for one test: a D-Bus session bus that starts nothing by itself,
an X server (Xvfb), a notification daemon (dunst) and a tray host (our StatusNotifierWatcher).
Everything runs on loopback and is stopped when the test ends."""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def wait_for(what, check, timeout=20.0, step=0.05):
    """Polls `check` (a UI or bus state, not a schedule) until it returns a truthy value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as e:  # the state is not there yet
            last = e
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def x_answers(name):
    from Xlib import display
    from Xlib.error import DisplayError

    try:
        display.Display(name).close()
        return True
    except DisplayError:
        return False


class Desktop:
    """Starts with `start()`, ends with `stop()`; `env` is what an app on this desktop needs."""

    def __init__(self, root: Path, tray_host=True, notifications=True, keyring=False):
        self.root = Path(root)
        self.tray_host = tray_host
        self.notifications = notifications
        self.keyring = keyring
        self.procs = []
        self.env = {}

    def spawn(self, args, env=None, **kw):
        p = subprocess.Popen(args, env=env or self.env, stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        return p

    def start(self):
        runtime = self.root / "run"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        conf = Path("/usr/share/dbus-1/session.conf").read_text()
        # No service activation: portals, keyrings and accessibility services stay away.
        conf = conf.replace("<standard_session_servicedirs />", "")
        conf = re.sub(r"<listen>.*?</listen>", f"<listen>unix:dir={runtime}</listen>", conf)
        (self.root / "session.conf").write_text(conf)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_", "DISPLAY", "WAYLAND"))}
        base.update(
            {
                "XDG_RUNTIME_DIR": str(runtime),
                "XDG_CONFIG_HOME": str(self.root / "config"),
                "XDG_DATA_HOME": str(self.root / "data-home"),
                "XDG_CACHE_HOME": str(self.root / "cache"),
                "HOME": str(self.root / "home"),
                "NO_AT_BRIDGE": "1",
                "GDK_BACKEND": "x11",
                "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
                "LIBGL_ALWAYS_SOFTWARE": "1",
            }
        )
        # A home as a desktop session has one (autostart entries go in ~/.config/autostart).
        (self.root / "home" / ".config").mkdir(parents=True, exist_ok=True)
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={self.root / 'session.conf'}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE, env=base, text=True,
        )
        self.procs.append(bus)
        base["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        base["DISPLAY"] = self.start_x(base)
        self.env = base
        if self.notifications:
            self.spawn(["dunst", "-config", str(HERE / "dunstrc")], stderr=open(self.root / "dunst.log", "w"))
            wait_for("dunst on the bus", lambda: self.bus_has("org.freedesktop.Notifications"))
        watcher = self.spawn(
            ["/usr/bin/python3", str(HERE / "sni_watcher.py")] + ([] if self.tray_host else ["--no-host"]),
            stdout=subprocess.PIPE, text=True,
        )
        assert watcher.stdout.readline().strip() == "ready"
        if self.keyring:
            self.start_keyring()
        return self

    def start_keyring(self):
        """A Secret Service (gnome-keyring) on this bus, its login keyring new and unlocked."""
        keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(self.root / "keyring.log", "w"), env=self.env,
        )
        self.procs.append(keyring)
        keyring.stdin.write(b"unlock")
        keyring.stdin.close()
        wait_for("the keyring on the bus", lambda: self.bus_has("org.freedesktop.secrets"))

    def start_x(self, env):
        """Starts Xvfb on the first free display (one whose lock file is free) and waits until it
        answers; returns the display's name."""
        for number in range(90, 400):
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            log = self.root / "xvfb.log"
            xvfb = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                env=env, stderr=open(log, "w"),
            )
            name = f":{number}"
            try:
                wait_for("the X server", lambda: xvfb.poll() is not None or x_answers(name))
            except AssertionError:
                xvfb.kill()
                raise
            if xvfb.poll() is None:
                self.procs.append(xvfb)
                return name
            # Another test took this display between the look and the start: the next one.
        raise AssertionError("no free X display")

    def bus_has(self, name):
        out = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
             "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
            env=self.env, capture_output=True, text=True,
        ).stdout
        return "boolean true" in out

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in reversed(self.procs):
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        self.procs.clear()

    # Pop-ups, as dunst received them.

    def popups(self):
        """Every pop-up received so far (dunst lists closed ones: close them first)."""
        subprocess.run(["dunstctl", "close-all"], env=self.env, check=True)
        out = subprocess.run(["dunstctl", "history"], env=self.env, capture_output=True, text=True, check=True).stdout
        entries = json.loads(out)["data"][0]
        return [{"summary": e["summary"]["data"], "body": e["body"]["data"], "id": e["id"]["data"]} for e in entries]

    def popups_on_screen(self):
        """How many pop-ups dunst shows now."""
        out = subprocess.run(["dunstctl", "count", "displayed"], env=self.env, capture_output=True, text=True)
        return int(out.stdout.strip() or 0)

    def click_popup(self):
        """Waits for a pop-up on screen and clicks it (its default action), as a person would."""
        wait_for("a pop-up on screen", self.popups_on_screen, timeout=5)
        subprocess.run(["dunstctl", "action", "0"], env=self.env, check=True)

    def shot(self, path):
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True)

    def windows(self, pattern):
        """Visible windows whose title matches `pattern`."""
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", pattern], env=self.env,
                             capture_output=True, text=True).stdout
        return out.split()

    def title(self, window):
        return subprocess.run(["xdotool", "getwindowname", window], env=self.env, capture_output=True,
                              text=True).stdout.strip()
