//! Migration 12 (see `migrations/012_check_lists.sql`): the CHECK constraints on lists of values
//! of the tables written by the thousand, rewritten from `x IN ('a', 'b')` to
//! `(x = 'a' OR x = 'b')`.
//!
//! The table's text in `sqlite_schema` is rewritten in place and the schema version bumped, in
//! the migration's transaction: the procedure SQLite's documentation gives for changes that
//! leave the stored content as it is ("Making Other Kinds Of Table Schema Changes",
//! <https://sqlite.org/lang_altertable.html>). Every stored row satisfies the new text, which
//! accepts exactly the values the old one did.

use rusqlite::{Transaction, params};
use rusqlite_migration::HookResult;

/// The tables rewritten: each is written row by row by a check or an import.
const TABLES: &[&str] = &["deadlines", "tasks", "events", "notifications", "inbox_counts"];

/// The migration's hook.
pub(super) fn rewrite(tx: &Transaction) -> HookResult {
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    let mut changed = false;
    tx.pragma_update(None, "writable_schema", true)?;
    for table in TABLES {
        let sql: Option<String> = tx
            .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
            .ok();
        let Some(sql) = sql else { continue };
        let rewritten = rewrite_lists(&sql);
        if rewritten != sql {
            tx.execute(
                "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
                params![rewritten, table],
            )?;
            changed = true;
        }
    }
    tx.pragma_update(None, "writable_schema", false)?;
    if changed {
        // Every connection, in this process or another, reads the new text before its next
        // statement.
        tx.pragma_update(None, "schema_version", version + 1)?;
    }
    // The new text must parse: a query after the version change reloads the schema, and an
    // error here rolls the migration back (the store stays as it was, and backed up).
    tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// Every `name IN (literal, …)` of `sql` as `(name = literal OR …)`; the rest unchanged.
/// Literals are quoted strings without quotes inside, or integers; anything else is left as is.
pub(super) fn rewrite_lists(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 64);
    let mut rest = sql;
    while let Some(at) = rest.find(" IN (") {
        let before = &rest[..at];
        let name_start = before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let name = &before[name_start..];
        let after = &rest[at + " IN (".len()..];
        let list = after.find(')').map(|end| (&after[..end], &after[end + 1..]));
        match (name.is_empty(), list.and_then(|(items, tail)| literals(items).map(|l| (l, tail)))) {
            (false, Some((items, tail))) => {
                out.push_str(&before[..name_start]);
                out.push('(');
                let tests: Vec<String> = items.iter().map(|item| format!("{name} = {item}")).collect();
                out.push_str(&tests.join(" OR "));
                out.push(')');
                rest = tail;
            }
            _ => {
                out.push_str(&rest[..at + " IN (".len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The items of a list of plain literals, or None.
fn literals(items: &str) -> Option<Vec<&str>> {
    let items: Vec<&str> = items.split(',').map(str::trim).collect();
    let plain = |item: &&str| {
        let quoted = item.len() >= 2
            && item.starts_with('\'')
            && item.ends_with('\'')
            && !item[1..item.len() - 1].contains('\'');
        quoted || (!item.is_empty() && item.bytes().all(|b| b.is_ascii_digit()))
    };
    items.iter().all(plain).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::rewrite_lists;
    use crate::store::Store;

    #[test]
    fn lists_become_equalities_and_the_rest_stays() {
        assert_eq!(
            rewrite_lists("status TEXT CHECK (status IN ('a', 'b')), n INTEGER CHECK (n IN (0, 1))"),
            "status TEXT CHECK ((status = 'a' OR status = 'b')), n INTEGER CHECK ((n = 0 OR n = 1))"
        );
        assert_eq!(rewrite_lists("CHECK (v IS NULL OR v IN ('x'))"), "CHECK (v IS NULL OR (v = 'x'))");
        for kept in ["CHECK (x IN (SELECT y FROM t))", "CHECK (x IN ('it''s'))", "no list here", "CHECK (x IN (a, b))"]
        {
            assert_eq!(rewrite_lists(kept), kept);
        }
    }

    #[test]
    fn the_rewritten_tables_refuse_what_they_refused_and_build_no_list_per_row() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        for table in super::TABLES {
            let sql: String =
                conn.query_row("SELECT sql FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0)).unwrap();
            assert!(!sql.contains(" IN ("), "{table}: {sql}");
        }
        conn.execute_batch(
            "INSERT INTO cabinets (id, name, created_at) VALUES (1, 'A', '2026-01-01T00:00:00Z');
             INSERT INTO clients (id, cabinet_id, name, created_at) VALUES (1, 1, 'C', '2026-01-01T00:00:00Z');",
        )
        .unwrap();
        let insert = "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status)
                      VALUES (1, 1, 'tva', 'TVA', '2026-12-01', ?1)";
        for good in ["a_faire", "en_cours", "faite", "depassee"] {
            conn.execute(insert, [good]).unwrap();
            conn.execute("DELETE FROM deadlines", []).unwrap();
        }
        let refused = conn.execute(insert, ["fini"]).unwrap_err().to_string();
        assert!(refused.contains("CHECK constraint failed"), "{refused}");
        // No temporary b-tree opened for the list: SQLite's OpenEphemeral.
        let ops: Vec<String> = conn
            .prepare(&format!("EXPLAIN {insert}"))
            .unwrap()
            .query_map(["a_faire"], |r| r.get(1))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(!ops.iter().any(|op| op == "OpenEphemeral"), "{ops:?}");
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
    }
}
