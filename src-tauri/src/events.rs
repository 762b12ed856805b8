//! What the shell tells the window, typed like the commands.

use serde::{Deserialize, Serialize};

/// The user's inbox changed (a check, a read, a snooze ending, another process): reload it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct InboxChanged {
    /// Unread notifications now.
    pub unread: u32,
    /// Notifications that just arrived or came back (announced to screen readers).
    pub arrived: u32,
}

/// Show this notification (a pop-up was clicked); None: show the inbox.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct OpenNotification {
    /// The notification.
    pub id: Option<i64>,
}

/// Pop-ups were muted or resumed from the tray.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct PopupsChanged {
    /// Until when they are muted (None: they show).
    pub muted_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// A tray action failed or finished with something to say ("Vérifier maintenant").
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct Toast {
    /// The French sentence.
    pub message: String,
    /// Whether it reports a failure.
    pub error: bool,
}
