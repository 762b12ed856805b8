//! CSV import from the window ("Importer"): the kinds and their columns, the preview of a
//! chosen file, and the import itself, refused whole while any row is wrong.
//!
//! The file's bytes cross as base64 text: measured for a 5 MB file, a `Vec<u8>` is an 18.7 MB
//! JSON array of numbers that takes about 0.8 s to build in the window and 0.5 s to read here,
//! where base64 is 7 MB, about 0.15 s and 0.01 s.

use crate::desk::Desk;
use crate::ipc::Answer;
use base64::Engine as _;
use tauri::State;
use vigie::app::import::ImportSummary;
use vigie::import::ImportKind;
use vigie::import::columns::ImportKindInfo;
use vigie::import::preview::ImportPreview;

/// Every kind of file the window imports, with its columns in French.
#[tauri::command]
#[specta::specta]
pub fn import_kinds(desk: State<'_, Desk>) -> Answer<Vec<ImportKindInfo>> {
    desk.run(|v| Ok(v.import_kinds()))
}

/// What importing the file would do in the user's cabinet (nothing is written).
#[tauri::command]
#[specta::specta]
pub fn preview_import(
    desk: State<'_, Desk>,
    kind: ImportKind,
    file_name: String,
    content_base64: String,
) -> Answer<ImportPreview> {
    desk.as_user(|v, who| v.preview_import(who.cabinet.as_deref(), kind, &file_name, &bytes(&content_base64)?))
}

/// Imports the file into the user's cabinet, or refuses it whole with every problem.
#[tauri::command]
#[specta::specta]
pub fn import_file(
    desk: State<'_, Desk>,
    kind: ImportKind,
    file_name: String,
    content_base64: String,
) -> Answer<ImportSummary> {
    desk.as_user(|v, who| v.import_bytes(who.cabinet.as_deref(), kind, &file_name, &bytes(&content_base64)?))
}

/// The file's bytes, from the base64 text the window sends.
fn bytes(content_base64: &str) -> vigie::Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(content_base64).map_err(|e| {
        vigie::Error::InvalidInput(format!("le contenu du fichier envoyé par la fenêtre est illisible (base64 : {e})"))
    })
}
