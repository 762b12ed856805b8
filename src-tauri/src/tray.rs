//! The tray icon: the unread badge, and the menu (Ouvrir Vigie, Vérifier maintenant, Suspendre
//! les pop-ups, Reprendre les pop-ups, Quitter). Linux tray hosts forward no clicks on the icon,
//! so there the menu's first item opens the window; elsewhere a left click does too.

use crate::commands::actions::{self, MuteFor};
use crate::desk::Desk;
use crate::events::{PopupsChanged, Toast};
use crate::{badge, quit, window};
use tauri::image::Image;
use tauri::menu::{Menu, MenuBuilder, MenuItem, MenuItemBuilder, SubmenuBuilder};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use vigie::schedule::history::Outcome;
use vigie::settings::pause::Pause;

/// The tray icon's id.
const TRAY: &str = "vigie";

/// The menu item that is enabled only while pop-ups are muted.
struct ResumeItem<R: Runtime>(MenuItem<R>);

/// Puts the icon in the tray.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayIcon<R>> {
    let resume = MenuItemBuilder::with_id("resume", "Reprendre les pop-ups").enabled(false).build(app)?;
    let mute = SubmenuBuilder::new(app, "Suspendre les pop-ups")
        .text("mute-hour", "1 heure")
        .text("mute-tomorrow", "Jusqu'à demain 9 h")
        .build()?;
    let menu: Menu<R> = MenuBuilder::new(app)
        .text("open", "Ouvrir Vigie")
        .text("check", "Vérifier maintenant")
        .separator()
        .item(&mute)
        .item(&resume)
        .separator()
        .text("quit", "Quitter")
        .build()?;
    app.manage(ResumeItem(resume));
    TrayIconBuilder::with_id(TRAY)
        .icon(Image::from_bytes(badge::tray_icon(0))?)
        .tooltip(badge::tooltip(0))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                window::show(tray.app_handle());
            }
        })
        .build(app)
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id {
        "open" => window::open_on(app, None),
        "check" => {
            let app = app.clone();
            // A check takes a moment: off the main thread, which draws the menu.
            tauri::async_runtime::spawn_blocking(move || check(&app));
        }
        "mute-hour" => mute(app, Some(MuteFor::OneHour)),
        "mute-tomorrow" => mute(app, Some(MuteFor::UntilTomorrow)),
        "resume" => mute(app, None),
        "quit" => quit(app),
        other => tracing::warn!("unknown tray menu item {other}"),
    }
}

/// "Vérifier maintenant": the result goes to the window, and as a pop-up when it failed.
fn check<R: Runtime>(app: &AppHandle<R>) {
    let desk = app.state::<Desk>();
    let toast = match actions::check(&desk) {
        Ok(done) if done.outcome == Outcome::Skipped => {
            Toast { message: "Vérification non faite : les alertes du cabinet sont suspendues.".into(), error: false }
        }
        Ok(done) if done.outcome != Outcome::Ok => {
            Toast { message: format!("La vérification a échoué : {}", done.error.unwrap_or_default()), error: true }
        }
        Ok(done) => Toast {
            message: match done.created {
                0 => "Vérification faite : rien de nouveau.".to_string(),
                1 => "Vérification faite : 1 nouvelle alerte.".to_string(),
                n => format!("Vérification faite : {n} nouvelles alertes."),
            },
            error: false,
        },
        Err(e) => Toast { message: e.0.message, error: true },
    };
    if toast.error {
        crate::popups::notice(app, "Vigie", &toast.message);
    }
    let _ = toast.emit(app);
}

/// Mutes pop-ups for a while, or resumes them (None).
fn mute<R: Runtime>(app: &AppHandle<R>, span: Option<MuteFor>) {
    let desk = app.state::<Desk>();
    let result = match span {
        Some(span) => actions::mute(&desk, span),
        None => desk.run(|v| v.resume_popups().map(|()| Pause::No)),
    };
    match result {
        Ok(pause) => show_muted(app, &pause),
        Err(e) => crate::popups::notice(app, "Vigie", &e.0.message),
    }
}

/// Enables "Reprendre les pop-ups" while they are muted, and tells the window.
pub fn show_muted<R: Runtime>(app: &AppHandle<R>, pause: &Pause) {
    let muted_until = match pause {
        Pause::Until { until } => Some(*until),
        Pause::No | Pause::Indefinite => None,
    };
    if let Some(item) = app.try_state::<ResumeItem<R>>() {
        let _ = item.0.set_enabled(*pause != Pause::No);
    }
    let _ = (PopupsChanged { muted_until }).emit(app);
}

/// The unread count on the icon, beside it (Linux) and in the tooltip.
pub fn show_unread<R: Runtime>(app: &AppHandle<R>, unread: u32) {
    let Some(tray) = app.tray_by_id(TRAY) else { return };
    match Image::from_bytes(badge::tray_icon(unread)) {
        Ok(icon) => {
            if let Err(e) = tray.set_icon(Some(icon)) {
                tracing::warn!("the tray icon was not updated: {e}");
            }
        }
        Err(e) => tracing::error!("a tray icon cannot be read: {e}"),
    }
    let label = badge::label(unread);
    let _ = tray.set_title((!label.is_empty()).then_some(label));
    let _ = tray.set_tooltip(Some(badge::tooltip(unread)));
}
