"""A small W3C WebDriver client for tauri-driver (which drives WebKitWebDriver on Linux): just
what the end-to-end tests use, over HTTP on loopback."""

import http.client
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

from desktop import wait_for

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def xpath_text(text):
    """`text` as an XPath string literal (French text has apostrophes)."""
    if "'" not in text:
        return f"'{text}'"
    parts = text.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


class WebDriverError(AssertionError):
    pass


class Session:
    """One app under tauri-driver: `start()` launches the app, `quit()` ends the session."""

    def __init__(self, desktop, application, args=(), env=None, log=None):
        self.desktop = desktop
        self.application = str(application)
        self.args = list(args)
        self.env = env or desktop.env
        self.port = free_port()
        self.native = free_port()
        self.log = log
        self.driver = None
        self.id = None

    def start(self):
        self.driver = subprocess.Popen(
            ["tauri-driver", "--port", str(self.port), "--native-port", str(self.native)],
            env=self.env, stdout=self.log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        wait_for("tauri-driver", self._ready, timeout=20)
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": self.application,
                                                                      "args": self.args}}}}
        # tauri-driver answers before WebKitWebDriver behind it listens: a session asked for too
        # early has its connection dropped. Ask again until the native driver is there.
        self.id = wait_for("a WebDriver session", lambda: self._new_session(caps), timeout=30, step=0.2)
        return self

    def _new_session(self, caps):
        try:
            return self._call("POST", "/session", caps, session=False)["sessionId"]
        except (http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError):
            return None

    def _ready(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/status", timeout=1):
                return True
        except (urllib.error.URLError, ConnectionError):
            return False

    def _call(self, method, path, body=None, session=True):
        url = f"http://127.0.0.1:{self.port}" + (f"/session/{self.id}" if session else "") + path
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        # tauri-driver forwards each command over a pooled connection that WebKitWebDriver may
        # have just closed; it then drops ours without sending the command on ("client error
        # (SendRequest)" in its log). Such a command did not reach the page: it is sent again.
        for attempt in range(4):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return json.loads(response.read() or b"{}").get("value")
            except urllib.error.HTTPError as e:
                raise WebDriverError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')}") from None
            except http.client.RemoteDisconnected:
                if attempt == 3 or not session:
                    raise
                time.sleep(0.1)

    def quit(self):
        if self.id:
            try:
                self._call("DELETE", "")
            except Exception:
                pass
            self.id = None
        if self.driver and self.driver.poll() is None:
            self.driver.terminate()
            try:
                self.driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.driver.kill()

    # What the tests use.

    def script(self, source, *args):
        return self._call("POST", "/execute/sync", {"script": source, "args": list(args)})

    def find(self, css):
        value = self._call("POST", "/element", {"using": "css selector", "value": css})
        return value[ELEMENT]

    def finds(self, css):
        return [v[ELEMENT] for v in self._call("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, css):
        self._call("POST", f"/element/{self.find(css)}/click")

    def button(self, label):
        """The button whose text contains `label` (what a person reads on it)."""
        value = self._call("POST", "/element", {"using": "xpath",
                                                "value": f"//button[contains(normalize-space(.), {xpath_text(label)})]"})
        return value[ELEMENT]

    def press(self, label):
        """Clicks the button whose text contains `label`."""
        self._call("POST", f"/element/{self.button(label)}/click")

    def click_element(self, element):
        self._call("POST", f"/element/{element}/click")

    def text(self, css):
        return self._call("GET", f"/element/{self.find(css)}/text")

    def type(self, css, text):
        self._call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def title(self):
        return self._call("GET", "/title")

    def wait_text(self, css, predicate, what=None, timeout=20):
        """Waits until the element's text satisfies `predicate`; returns the text."""
        return wait_for(what or f"text of {css}", lambda: (lambda t: t if predicate(t) else None)(self.text(css)),
                        timeout=timeout)

    def wait_element(self, css, timeout=20):
        return wait_for(f"element {css}", lambda: self.finds(css), timeout=timeout)
