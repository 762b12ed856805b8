//! SQL functions Vigie adds to every connection it opens.
//!
//! `vigie_fold(text)` is [`crate::model::normalize`] inside SQL, so that the firm's tables
//! are searched and sorted the way the inbox search matches: case and French accents do not
//! matter ("Établissements" sorts with the E's and is found by "etabl"). It is registered on
//! the connection only, never used in the schema (an index or a view on it would make the
//! store unreadable to any other SQLite tool).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// The name of the folding function in SQL.
pub(crate) const FOLD: &str = "vigie_fold";

/// Registers Vigie's functions on `conn`.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // Deterministic, so SQLite may factor calls out; direct-only, so that no schema object (a
    // trigger, a view, an index written by another tool) can come to depend on it.
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_DIRECTONLY;
    conn.create_scalar_function(FOLD, 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(bytes) => Some(crate::model::normalize(&String::from_utf8_lossy(bytes))),
            // A name is never NULL, but a LEFT JOIN's missing person is: it stays NULL, and
            // sorts last with NULLS LAST.
            ValueRef::Null => None,
            ValueRef::Integer(n) => Some(n.to_string()),
            ValueRef::Real(x) => Some(x.to_string()),
            ValueRef::Blob(_) => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents_and_keeps_null() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let fold = |sql: &str| -> Option<String> { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(fold("SELECT vigie_fold('  Établissements Léa-Çà ')").as_deref(), Some("etablissements_lea_ca"));
        assert_eq!(fold("SELECT vigie_fold(NULL)"), None);
        assert_eq!(fold("SELECT vigie_fold(42)").as_deref(), Some("42"));
        let mut stmt = conn
            .prepare("SELECT column1 FROM (VALUES ('zoé'), ('Établi'), ('eau'), ('Fort')) ORDER BY vigie_fold(column1)")
            .unwrap();
        let sorted: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(sorted, ["eau", "Établi", "Fort", "zoé"]);
    }
}
