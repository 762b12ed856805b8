//! Whether a tray host shows our icon: closing the window hides it to the tray only then, so
//! nobody is left with an app they cannot reach (stock GNOME has no tray host).

/// True when a tray is there to bring the window back.
#[cfg(target_os = "linux")]
pub fn tray_host_present() -> bool {
    // The StatusNotifierWatcher knows whether a host (a panel's tray) is registered.
    let answer = zbus::blocking::Connection::session().and_then(|bus| {
        let proxy = zbus::blocking::Proxy::new(
            &bus,
            "org.kde.StatusNotifierWatcher",
            "/StatusNotifierWatcher",
            "org.kde.StatusNotifierWatcher",
        )?;
        proxy.get_property::<bool>("IsStatusNotifierHostRegistered")
    });
    match answer {
        Ok(present) => present,
        Err(e) => {
            tracing::info!("no tray host on the session bus ({e})");
            false
        }
    }
}

/// Windows and macOS always have a notification area or a menu bar.
#[cfg(not(target_os = "linux"))]
pub fn tray_host_present() -> bool {
    true
}
