"""The engine's test SMTP server (engine/tests/support/smtp_server.py, aiosmtpd) on loopback,
for the whole-app tests: plain SMTP with a login, every message kept as a file."""

import subprocess
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "engine" / "tests" / "support" / "smtp_server.py"


class SmtpServer:
    def __init__(self, out: Path, user: str, password: str):
        self.out = Path(out)
        self.proc = subprocess.Popen(
            ["python3", str(SERVER), "--mode", "plain", "--user", user, "--password", password, "--out", str(self.out)],
            stdout=subprocess.PIPE, text=True,
        )
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "READY", f"the SMTP server did not start: {line}"
        self.port = int(line[1])

    def received(self):
        """The raw messages received, in order."""
        return [p.read_text(errors="replace") for p in sorted(self.out.glob("*.eml"), key=lambda p: int(p.stem))]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
