"""The Debian package `tauri build` makes: the app, the `vigie` command, the menu entry and the
icons, and both programs run once unpacked."""

import subprocess

from conftest import TARGET


def test_the_deb_holds_the_app_the_command_the_menu_entry_and_the_icons(tmp_path):
    debs = sorted((TARGET / "bundle" / "deb").glob("*.deb"))
    assert debs, f"no .deb in {TARGET / 'bundle' / 'deb'}: run `tauri build` first"
    deb = debs[-1]
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    files = {line.split()[-1].removeprefix("./") for line in listing.splitlines()}
    for path in ["usr/bin/vigie-desktop", "usr/bin/vigie", "usr/share/applications/Vigie.desktop",
                 "usr/share/icons/hicolor/128x128/apps/vigie-desktop.png"]:
        assert path in files, f"{path} missing from {deb.name}:\n{listing}"
    info = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "Package: vigie" in info and "libwebkit2gtk-4.1-0" in info and "libayatana-appindicator3-1" in info, info

    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    desktop_entry = (tmp_path / "usr/share/applications/Vigie.desktop").read_text()
    assert "Exec=vigie-desktop" in desktop_entry and "Name=Vigie" in desktop_entry, desktop_entry
    version = subprocess.run([str(tmp_path / "usr/bin/vigie"), "--version"], capture_output=True, text=True,
                             check=True).stdout
    assert version.startswith("vigie "), version
    # The command line works from the package on a store of its own.
    out = subprocess.run([str(tmp_path / "usr/bin/vigie"), "--data-dir", str(tmp_path / "data"), "demo"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
