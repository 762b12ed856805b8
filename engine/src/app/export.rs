//! "Exporter en CSV" under any table of the firm's data: every row its search and filters
//! match, as a file for French Excel (see [`crate::firm::export`]). The shell decides where the
//! bytes go.

use crate::app::Vigie;
use crate::cabinet;
use crate::error::Result;
use crate::firm::export::{self, Export, ExportTable};

impl Vigie {
    /// The table as CSV bytes with the file name to suggest (`vigie-echeances-2026-11-28.csv`,
    /// the cabinet's date by the clock), in the cabinet named (None: the only one).
    pub fn export_table(&self, cabinet: Option<&str>, table: &ExportTable) -> Result<Export> {
        let store = self.store();
        let cabinet = cabinet::resolve(&store, cabinet)?;
        let today = self.clock().now().with_timezone(&cabinet.timezone).date_naive();
        export::export(&store, &cabinet, table, today)
    }
}
