//! The log viewer's reading of this data folder's daily log files.

use super::Vigie;
use crate::error::Result;
use crate::logs::{self, LogPage, LogQuery};

impl Vigie {
    /// The entries of the data folder's log files matching `query`, newest first.
    pub fn log_entries(&self, query: &LogQuery) -> Result<LogPage> {
        logs::read(&logs::dir(self.data_dir()), query)
    }
}
