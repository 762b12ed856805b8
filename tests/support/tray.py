"""The app's tray icon as a panel sees it: a StatusNotifierItem and its com.canonical.dbusmenu
menu, read and clicked over the test's session bus (Linux hosts forward no icon clicks)."""

import subprocess
from pathlib import Path

import dbus

WATCHER = ("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher")
ITEM = "org.kde.StatusNotifierItem"


class Tray:
    def __init__(self, env):
        self.bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])

    def items(self):
        watcher = self.bus.get_object(*WATCHER)
        return [str(i) for i in watcher.Get(WATCHER[0], "RegisteredStatusNotifierItems",
                                            dbus_interface=dbus.PROPERTIES_IFACE)]

    def _item(self):
        items = self.items()
        assert len(items) == 1, f"one tray item expected, got {items}"
        name, _, path = items[0].partition("/")
        return self.bus.get_object(name, "/" + path)

    def props(self):
        return self._item().GetAll(ITEM, dbus_interface=dbus.PROPERTIES_IFACE)

    def label(self):
        return str(self.props().get("XAyatanaLabel", ""))

    def icon(self):
        """The icon's pixels, as a signature (appindicator is passed a PNG file the app writes
        in XDG_RUNTIME_DIR, re-encoded: compare pixels, not bytes)."""
        props = self.props()
        name = str(props["IconName"])
        path = Path(name) if name.startswith("/") else Path(str(props["IconThemePath"])) / f"{name}.png"
        return pixels(path)


    def _menu(self):
        props = self.props()
        return self._item().bus_name, str(props["Menu"])

    def menu(self):
        """The menu's items as (id, label, enabled), depth first."""
        name, path = self._menu()
        menu = self.bus.get_object(name, path)
        _, layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface="com.canonical.dbusmenu")
        found = []

        def walk(node):
            ident, props, children = node
            if "label" in props:
                found.append((int(ident), str(props["label"]).replace("_", ""), bool(props.get("enabled", True))))
            for child in children:
                walk(child)

        walk(layout)
        return found

    def click(self, label):
        """Clicks the menu item with this label, as a panel does."""
        matches = [i for (i, text, _) in self.menu() if text == label]
        assert matches, f"no menu item {label!r} in {self.menu()}"
        name, path = self._menu()
        menu = self.bus.get_object(name, path)
        menu.Event(dbus.Int32(matches[0]), "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0),
                   dbus_interface="com.canonical.dbusmenu")


def pixels(path):
    """A signature of an image's pixels (ImageMagick's), whatever its encoding."""
    return subprocess.run(["identify", "-format", "%#", str(path)], capture_output=True, text=True,
                          check=True).stdout
