//! Native pop-ups (notify-rust): one per new notification of this computer's user, or one
//! summary; clicking one opens the window on it. Without a notification service the app goes on
//! without pop-ups and says why once in the log.

use crate::window;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{AppHandle, Runtime};
use vigie::popups::PopUp;

/// Set once the missing notification service has been logged.
static UNAVAILABLE_LOGGED: AtomicBool = AtomicBool::new(false);

/// Shows each pop-up; a click on one (its default action) opens the window on it.
pub fn show<R: Runtime>(app: &AppHandle<R>, popups: Vec<PopUp>) {
    for popup in popups {
        let app = app.clone();
        // Each pop-up waits for its click or its closing on a thread of its own (notify-rust's
        // wait is blocking); there are at most a few at once, since more than 3 are grouped.
        let spawned = std::thread::Builder::new().name("vigie-popup".into()).spawn(move || {
            let id = popup.notification_id;
            display(&popup.title, &popup.body, move |action| {
                if action == "default" {
                    window::open_on(&app, id);
                }
            });
        });
        if let Err(e) = spawned {
            tracing::warn!("a pop-up was not shown: {e}");
        }
    }
}

/// A pop-up that is not about a notification (a failed "Vérifier maintenant").
pub fn notice<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    let (app, title, body) = (app.clone(), title.to_string(), body.to_string());
    let _ = std::thread::Builder::new().name("vigie-popup".into()).spawn(move || {
        display(&title, &body, move |action| {
            if action == "default" {
                window::show(&app);
            }
        });
    });
}

/// Shows one pop-up and waits (on this thread) for what the user does with it.
fn display(title: &str, body: &str, on_action: impl FnOnce(&str)) {
    let mut notification = notify_rust::Notification::new();
    notification.appname("Vigie").summary(&printable(title)).body(&body_text(body)).action("default", "Ouvrir");
    match notification.show() {
        Ok(handle) => {
            UNAVAILABLE_LOGGED.store(false, Ordering::Relaxed);
            #[cfg(all(unix, not(target_os = "macos")))]
            handle.wait_for_action(on_action);
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let _ = (handle, on_action);
            }
        }
        Err(e) => {
            if !UNAVAILABLE_LOGGED.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    "no pop-ups: the notification service cannot be reached ({e}); the inbox and the badge go on"
                );
            }
        }
    }
}

/// Stored text is data: control characters are replaced, so a title never styles a terminal or
/// breaks the pop-up.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{FFFD}' } else { c }).collect()
}

/// The body as the service shows it: services that read markup get `<`, `>` and `&` escaped,
/// so stored text never becomes markup.
fn body_text(body: &str) -> String {
    let text = printable(body);
    if reads_markup() { escape_markup(&text) } else { text }
}

fn reads_markup() -> bool {
    static MARKUP: OnceLock<bool> = OnceLock::new();
    *MARKUP.get_or_init(|| {
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            notify_rust::get_capabilities().is_ok_and(|caps| caps.iter().any(|c| c == "body-markup"))
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            false
        }
    })
}

fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_never_becomes_markup_or_control() {
        assert_eq!(escape_markup("<b>SARL A&B</b>"), "&lt;b&gt;SARL A&amp;B&lt;/b&gt;");
        assert_eq!(printable("TVA\u{1b}[31m\tmars\nligne 2"), "TVA\u{FFFD}[31m\u{FFFD}mars\nligne 2");
    }
}
