//! How an engine error crosses to the window: the engine's `{ code, message, details }` with the
//! message in French, never a bare string.

use serde::Serialize;
use std::path::Path;
use vigie::error::ErrorPayload;

/// An error as the window receives it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct IpcError(pub ErrorPayload);

impl IpcError {
    /// The payload of an engine error, store failures explained (busy, damaged, full…) first.
    pub fn from_engine(error: vigie::Error, store: &Path) -> Self {
        IpcError(ErrorPayload::french(&vigie::store::explain(error, store)))
    }

    /// The stable code, for tests and logs.
    pub fn code(&self) -> vigie::error::ErrorCode {
        self.0.code
    }
}

/// What every command returns.
pub type Answer<T> = Result<T, IpcError>;
