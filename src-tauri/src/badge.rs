//! The unread count as the tray, the window title and the taskbar show it: one source, so that
//! they always agree.

/// The tray icon for `unread`: plain at 0, 1 to 9, then "9+" (drawn in `icons/make.sh`).
pub fn tray_icon(unread: u32) -> &'static [u8] {
    match unread {
        0 => include_bytes!("../../icons/tray/vigie.png"),
        1 => include_bytes!("../../icons/tray/vigie-1.png"),
        2 => include_bytes!("../../icons/tray/vigie-2.png"),
        3 => include_bytes!("../../icons/tray/vigie-3.png"),
        4 => include_bytes!("../../icons/tray/vigie-4.png"),
        5 => include_bytes!("../../icons/tray/vigie-5.png"),
        6 => include_bytes!("../../icons/tray/vigie-6.png"),
        7 => include_bytes!("../../icons/tray/vigie-7.png"),
        8 => include_bytes!("../../icons/tray/vigie-8.png"),
        9 => include_bytes!("../../icons/tray/vigie-9.png"),
        _ => include_bytes!("../../icons/tray/vigie-9plus.png"),
    }
}

/// The text beside the tray icon on Linux (the indicator's label): the count, none at 0.
pub fn label(unread: u32) -> String {
    if unread == 0 { String::new() } else { unread.to_string() }
}

/// The window title: "Vigie", or "Vigie (N)".
pub fn title(unread: u32) -> String {
    if unread == 0 { "Vigie".to_string() } else { format!("Vigie ({unread})") }
}

/// The tray tooltip, where the platform shows one.
pub fn tooltip(unread: u32) -> String {
    match unread {
        0 => "Vigie — aucune alerte non lue".to_string(),
        1 => "Vigie — 1 alerte non lue".to_string(),
        n => format!("Vigie — {n} alertes non lues"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_the_same_everywhere() {
        assert_eq!((title(0), label(0)), ("Vigie".to_string(), String::new()));
        assert_eq!(
            (title(3), label(3), tooltip(3)),
            ("Vigie (3)".into(), "3".into(), "Vigie — 3 alertes non lues".into())
        );
        assert_eq!(tooltip(1), "Vigie — 1 alerte non lue");
        assert_eq!(title(120), "Vigie (120)");
    }

    #[test]
    fn each_count_has_its_icon_and_ten_or_more_share_nine_plus() {
        let icons: Vec<&[u8]> = (0..=10).map(tray_icon).collect();
        for (i, a) in icons.iter().enumerate() {
            assert!(a.starts_with(b"\x89PNG"), "icon {i} is a PNG");
            for b in &icons[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(tray_icon(10), tray_icon(250));
    }
}
