"""The email server set in the window of the real app: the password to a real keyring
(gnome-keyring on the test's bus), a test email to a real SMTP server on loopback, then the
server's 535 answer read in the window after a wrong password."""

import pytest
from conftest import APP, Vigie
from desktop import Desktop, wait_for
from smtp import SmtpServer
from test_window import demo_in_the_window
from webdriver import Session

PASSWORD = "Mot-de-p4sse-du-cabinet!"

FILL = """
const f = document.querySelector(arguments[0]);
f.value = arguments[1];
f.dispatchEvent(new Event(f.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
"""


@pytest.fixture
def keyring_desktop(tmp_path):
    d = Desktop(tmp_path / "desktop", keyring=True).start()
    yield d
    d.stop()


@pytest.fixture
def smtp_server(tmp_path):
    server = SmtpServer(tmp_path / "mail", "vigie", PASSWORD)
    yield server
    server.stop()


def test_a_server_set_in_the_window_sends_the_test_email_and_a_wrong_password_gets_the_servers_answer(
    keyring_desktop, smtp_server, tmp_path
):
    root = tmp_path / "app"
    root.mkdir()
    vigie = Vigie(keyring_desktop, root)
    w = Session(keyring_desktop, APP, env=vigie.env, log=open(vigie.log_path, "a")).start()
    try:
        demo_in_the_window(w)
        w.click('[data-testid="nav-settings"]')
        w.wait_element('[data-testid="smtp"] form')

        def fill(field, value):
            w.script(FILL, f"#smtp-{field}", value)

        def save_and_test(password):
            fill("host", "127.0.0.1")
            fill("port", str(smtp_server.port))
            fill("security", "none")
            fill("user", "vigie")
            fill("password", password)
            fill("from", "alertes@cabinet-demo.fr")
            fill("name", "Cabinet Démo")
            w.click('[data-testid="smtp"] button[type="submit"]')
            saved = wait_for(
                "the server saved (or why not)",
                lambda: w.script(
                    "const t = document.querySelector('[data-testid=\"toast\"]');"
                    "const e = document.querySelector('[data-testid=\"smtp\"] .field-error, [data-testid=\"smtp\"] .error');"
                    "return (t && t.textContent) || (e && 'REFUSED ' + e.textContent);"
                ),
                timeout=10,
            )
            assert "Serveur d’e-mails enregistré" in saved, saved
            w.press("Envoyer un e-mail de test")
            return w.wait_text('[data-testid="smtp-test-result"]', bool, timeout=30)

        result = save_and_test(PASSWORD)
        assert "le serveur l’a accepté" in result, result
        mails = wait_for("the test email", smtp_server.received, timeout=10)
        assert "To: claire.moreau@cabinet-demo.fr" in mails[0], mails[0][:400]
        # The password is in the keyring, not in the store.
        assert PASSWORD.encode() not in (vigie.data_dir / "vigie.db").read_bytes()
        assert "enregistré" in w.script("return document.querySelector('#smtp-password').placeholder")

        result = save_and_test("pas-le-bon")
        assert "535" in result, result
        assert len(smtp_server.received()) == 1
    finally:
        w.quit()
        vigie.stop()
