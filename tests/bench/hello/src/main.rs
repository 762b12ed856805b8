//! The smallest Tauri app: one window with one line of text.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| eprintln!("hello: {e}"));
}
