//! SQL functions Vigie adds to every connection it opens.
//!
//! `vigie_fold(text)` is [`crate::model::normalize`] inside SQL, and `vigie_contains(text,
//! needle)` tells whether the folded text holds a folded needle, so that the firm's tables are
//! sorted and searched the way the inbox search matches: case and French accents do not matter
//! ("Établissements" sorts with the E's and is found by "etabl"). Searching uses
//! `vigie_contains`, which builds no string (a search reads every row). They are registered on
//! the connection only, never used in the schema (an index or a view on them would make the
//! store unreadable to any other SQLite tool).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

/// Registers Vigie's functions on `conn`.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    // Deterministic, so SQLite may factor calls out; direct-only, so that no schema object (a
    // trigger, a view, an index written by another tool) can come to depend on it.
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_DIRECTONLY;
    conn.create_scalar_function("vigie_contains", 2, flags, |ctx| {
        Ok(match (ctx.get_raw(0), ctx.get_raw(1)) {
            (ValueRef::Text(text), ValueRef::Text(needle)) => {
                crate::model::folded_contains(&String::from_utf8_lossy(text), &String::from_utf8_lossy(needle))
            }
            _ => false,
        })
    })?;
    conn.create_scalar_function("vigie_fold", 1, flags, |ctx| {
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
        let contains = |sql: &str| -> bool { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert!(contains("SELECT vigie_contains('Écriture de CLÔTURE', 'de_cloture')"));
        assert!(!contains("SELECT vigie_contains('Garage', 'garages')"));
        assert!(!contains("SELECT vigie_contains(NULL, 'x')"));
        let mut stmt = conn
            .prepare("SELECT column1 FROM (VALUES ('zoé'), ('Établi'), ('eau'), ('Fort')) ORDER BY vigie_fold(column1)")
            .unwrap();
        let sorted: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        assert_eq!(sorted, ["eau", "Établi", "Fort", "zoé"]);
    }
}
