//! Every row of every table of a store as text, to show that a refused operation changed nothing.

use rusqlite::types::Value;

/// `table: [values…]` for every row of every table, tables by name and rows sorted (some tables
/// have no rowid).
pub fn dump(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut rows = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let width = stmt.column_count();
        let mut query = stmt.query([]).unwrap();
        let mut table_rows = Vec::new();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<Value> = (0..width).map(|i| row.get(i).unwrap()).collect();
            table_rows.push(format!("{table}: {values:?}"));
        }
        table_rows.sort();
        rows.append(&mut table_rows);
    }
    rows
}
