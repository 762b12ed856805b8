//! The main window: created hidden or shown, closed to the tray (or minimised when no tray host
//! would bring it back), titled with the unread count.

use crate::events::OpenNotification;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder, WindowEvent};
use tauri_specta::Event;

/// The main window's label.
pub const MAIN: &str = "main";

/// Creates the main window, first at the size its screens are drawn for (1280×800: a table
/// shows its row buttons without scrolling sideways); then the window-state plugin restores
/// the size and position the person left it at.
pub fn create<R: Runtime>(app: &AppHandle<R>, visible: bool) -> tauri::Result<WebviewWindow<R>> {
    let window = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Vigie")
        .inner_size(1280.0, 800.0)
        .min_inner_size(640.0, 480.0)
        .visible(visible)
        .build()?;
    window.on_window_event({
        let window = window.clone();
        move |event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                hide_or_minimise(&window);
            }
        }
    });
    Ok(window)
}

/// Closing: to the tray when a tray host shows it, else minimised so it stays reachable.
fn hide_or_minimise<R: Runtime>(window: &WebviewWindow<R>) {
    let result = if crate::host::tray_host_present() {
        window.hide()
    } else {
        tracing::info!("no tray host to bring the window back: it is minimised, not hidden");
        window.minimize()
    };
    if let Err(e) = result {
        tracing::warn!("the window could not be closed to the tray: {e}");
    }
}

/// Shows the main window in front ("Ouvrir Vigie", a second launch, a pop-up clicked).
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    let window = match app.get_webview_window(MAIN) {
        Some(window) => window,
        None => match create(app, true) {
            Ok(window) => window,
            Err(e) => {
                tracing::error!("the window cannot be opened: {e}");
                return;
            }
        },
    };
    for result in [window.unminimize(), window.show(), window.set_focus()] {
        if let Err(e) = result {
            tracing::warn!("showing the window: {e}");
        }
    }
}

/// Shows the window on one notification (None: the inbox).
pub fn open_on<R: Runtime>(app: &AppHandle<R>, id: Option<i64>) {
    show(app);
    if let Err(e) = (OpenNotification { id }).emit(app) {
        tracing::warn!("the window was not told which notification to open: {e}");
    }
}

/// "Vigie (N)" in the title, and N on the taskbar or dock where the platform has a badge.
pub fn show_unread<R: Runtime>(app: &AppHandle<R>, unread: u32) {
    let Some(window) = app.get_webview_window(MAIN) else { return };
    if let Err(e) = window.set_title(&crate::badge::title(unread)) {
        tracing::warn!("the window title was not updated: {e}");
    }
    // Only some platforms have a badge (macOS, Unity launchers on Linux): elsewhere it fails.
    let _ = window.set_badge_count((unread > 0).then_some(i64::from(unread)));
}
