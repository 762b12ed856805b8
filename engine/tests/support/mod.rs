//! What the engine's integration tests share: a small firm built row by row, the `vigie`
//! binary run on a private data folder, a real SMTP server, a dump of a store.

pub mod cli;
pub mod firm;
pub mod smtp;
pub mod store_dump;
