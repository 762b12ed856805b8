//! What every table of the firm's data shares: the query a table sends (search, sort, filter,
//! page) and the page it gets back with the total matching the filters.
//!
//! Text is searched with `vigie_contains` and sorted on `vigie_fold` (see `store/functions.rs`),
//! so that case and accents matter as little as in the inbox search. Sort columns come from
//! closed enums whose SQL is written in the kinds' modules, never from text the window sends;
//! every value is a bound parameter.

use crate::error::Result;
use rusqlite::Connection;
use rusqlite::types::{Value, ValueRef};
use serde::{Deserialize, Serialize};

/// Rows in a page when the query does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most rows a page holds, whatever the query says (a table shows a page, not the firm).
pub const MAX_LIMIT: u32 = 500;

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A to Z, oldest first, smallest first.
    #[default]
    Asc,
    /// Z to A, newest first, largest first.
    Desc,
}

impl Direction {
    fn sql(self) -> &'static str {
        match self {
            Direction::Asc => "ASC",
            Direction::Desc => "DESC",
        }
    }
}

/// What a table asks for: `S` is the kind's sort column, `F` its filters. Every member may be
/// left out (JSON `{}` is the first page in the default order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct ListQuery<S, F> {
    /// Only rows whose name, label or title, or client name, contains this (case and accents
    /// ignored).
    pub search: Option<String>,
    /// The column to sort on (each kind has its default).
    pub sort: S,
    /// The sort's direction; rows that tie are ordered by id in the same direction.
    pub direction: Direction,
    /// The kind's filters.
    pub filter: F,
    /// Rows per page (default 50, at most 500).
    pub limit: Option<u32>,
    /// Rows to skip (the page's start).
    pub offset: u32,
}

/// One page of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    /// The rows, in the order asked.
    pub rows: Vec<T>,
    /// How many rows match the search and filters, over every page ("1 240 échéances").
    pub total: u64,
}

/// What a sort column orders by. Constants only, so no text from outside reaches the SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SortKey {
    /// An expression on the kind's own row (its alias), such as `d.kind`.
    Own(&'static str),
    /// A date column of the kind's own row that is never NULL and leads an index, such as
    /// `d.due_date` (index `deadlines_by_due`): the page walks that index.
    IndexedDate(&'static str),
    /// The folded name of the client or staff member that the column `column` (`d.client_id`)
    /// refers to: see [`ids_by_name`].
    NameOf {
        /// The referring column, on the kind's alias.
        column: &'static str,
        /// The table named: `clients` or `staff`.
        table: &'static str,
    },
}

/// A sort column of one kind.
pub(crate) trait SortColumn: Copy {
    /// What it orders by.
    fn key(self) -> SortKey;
}

/// The text searched for, folded as `vigie_fold` folds the columns; None when there is none.
pub(crate) fn needle(search: Option<&str>) -> Option<String> {
    search.map(crate::model::normalize).filter(|s| !s.is_empty())
}

/// The search alternative of a table whose rows have a client: the client's name holds the
/// needle (the clients are searched once, then their rows found by client). `?1` is the
/// cabinet, as [`Conditions::for_cabinet`] binds it.
pub(crate) fn client_name_matches(alias: &str) -> String {
    format!("{alias}.client_id IN (SELECT id FROM clients WHERE cabinet_id = ?1 AND vigie_contains(name, {{needle}}))")
}

/// The WHERE clause of a table query being built, with its bound values.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    cabinet_id: i64,
    sql: Vec<String>,
    args: Vec<Value>,
    /// Whether text is searched: every row of the cabinet is then read anyway.
    searched: bool,
}

impl Conditions {
    /// Conditions starting with the cabinet, `?1`: every table query is scoped.
    pub fn for_cabinet(alias: &str, cabinet_id: i64) -> Self {
        let mut conditions = Self { cabinet_id, ..Self::default() };
        let cabinet = conditions.arg(cabinet_id);
        // A store mostly holds one cabinet, so this selects nearly every row: said `likely`, it
        // no longer leads SQLite to read a whole table through an index on the cabinet (in
        // that index's order, one row at a time: 8 times slower than a scan when sorting on
        // status), while an index that serves the sort or a filter is still used.
        conditions.push(format!("likely({alias}.cabinet_id = {cabinet})"));
        conditions
    }

    /// Binds `value`; returns its placeholder (`?3`) to write into a condition.
    pub fn arg(&mut self, value: impl Into<Value>) -> String {
        self.args.push(value.into());
        format!("?{}", self.args.len())
    }

    /// Adds a condition (written with placeholders from [`Conditions::arg`]).
    pub fn push(&mut self, condition: impl Into<String>) {
        self.sql.push(condition.into());
    }

    /// `column = ?` when `value` is given.
    pub fn equals(&mut self, column: &str, value: Option<impl Into<Value>>) {
        if let Some(value) = value {
            let p = self.arg(value);
            self.push(format!("{column} = {p}"));
        }
    }

    /// `column >= from AND column < until` for what is given (text bounds: dates, instants).
    pub fn range(&mut self, column: &str, from: Option<String>, until: Option<String>) {
        if let Some(from) = from {
            let p = self.arg(from);
            self.push(format!("{column} >= {p}"));
        }
        if let Some(until) = until {
            let p = self.arg(until);
            self.push(format!("{column} < {p}"));
        }
    }

    /// A search: `any_of` lists SQL conditions written with `{needle}` (such as
    /// `vigie_contains(d.label, {needle})`), any of which may hold.
    pub fn search(&mut self, needle: Option<String>, any_of: &[&str]) {
        let Some(needle) = needle else { return };
        self.searched = true;
        let p = self.arg(needle);
        let alternatives: Vec<String> = any_of.iter().map(|sql| sql.replace("{needle}", &p)).collect();
        self.push(format!("({})", alternatives.join(" OR ")));
    }

    fn clause(&self) -> String {
        self.sql.join(" AND ")
    }
}

/// How one kind's rows are read: the tables and the columns. Conditions refer to the `from`
/// alias only (and to subqueries): the total is counted, and the page's rows chosen, without
/// the joins.
pub(crate) struct Table {
    /// The kind's table with its alias (`deadlines d`).
    pub from: &'static str,
    /// Joins the rows add for the columns they show.
    pub joins: &'static str,
    /// The columns a row is read from.
    pub columns: &'static str,
    /// The id column, for the tie-break (`d.id`).
    pub id: &'static str,
}

/// The page `query` asks for, with its total.
///
/// The page's ids are chosen first, on the kind's own table alone, so that skipping to a far
/// page walks ids and not joins; then those rows are read with everything they show, in that
/// order.
pub(crate) fn page<T, S: SortColumn, F>(
    conn: &Connection,
    table: &Table,
    conditions: Conditions,
    query: &ListQuery<S, F>,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let window = Window {
        offset: query.offset as usize,
        limit: Some(query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize),
        direction: query.direction,
    };
    let (ids, total) = sorted_ids(conn, table, conditions, query.sort, &window)?;
    if ids.is_empty() {
        return Ok(Page { rows: Vec::new(), total });
    }
    let mut stmt = conn.prepare_cached(&rows_sql(table))?;
    let rows = stmt.query_map([json(&ids)?], read)?.collect::<rusqlite::Result<_>>()?;
    Ok(Page { rows, total })
}

/// Rows read per statement by [`every`]: big enough that statements cost nothing beside the
/// rows, small enough that the ids' JSON stays a few tens of kilobytes.
const EVERY_CHUNK: usize = 2_000;

/// Every row `query`'s search and filters match, in its sort order, each given to `each` (an
/// export: the query's limit and offset are ignored). Returns how many there were.
///
/// The ids are sorted once as for a page, then the rows read by chunks, so that the memory held
/// is the ids and one chunk, whatever the table's size.
pub(crate) fn every<T, S: SortColumn, F>(
    conn: &Connection,
    table: &Table,
    conditions: Conditions,
    query: &ListQuery<S, F>,
    mut read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<u64> {
    let window = Window { offset: 0, limit: None, direction: query.direction };
    let (ids, _) = sorted_ids(conn, table, conditions, query.sort, &window)?;
    let mut stmt = conn.prepare_cached(&rows_sql(table))?;
    for chunk in ids.chunks(EVERY_CHUNK) {
        let mut rows = stmt.query([json(chunk)?])?;
        while let Some(row) = rows.next()? {
            each(read(row)?)?;
        }
    }
    Ok(ids.len() as u64)
}

/// The ids `window` holds in the order of `sort`, and the total.
fn sorted_ids(
    conn: &Connection,
    table: &Table,
    conditions: Conditions,
    sort: impl SortColumn,
    window: &Window,
) -> Result<(Vec<i64>, u64)> {
    match sort.key() {
        SortKey::Own(expression) | SortKey::IndexedDate(expression) if conditions.searched => {
            ids_by_scan(conn, table, conditions, expression, window)
        }
        SortKey::Own(expression) => ids_by_own(conn, table, conditions, expression, window),
        SortKey::IndexedDate(column) => {
            let mut conditions = conditions;
            // Always true (dates are ISO text, after the empty one), but it is what makes SQLite
            // walk the date's index: otherwise an index on the cabinet that holds the date (the
            // natural keys' unique indexes) wins, and 100,000 rows are sorted to show 50.
            conditions.push(format!("{column} > ''"));
            ids_by_own(conn, table, conditions, column, window)
        }
        SortKey::NameOf { column, table: named } => ids_by_name(conn, table, conditions, column, named, window),
    }
}

/// Reads the rows whose ids `?1` lists (a JSON array), with everything they show, in that order.
fn rows_sql(table: &Table) -> String {
    format!(
        "SELECT {columns} FROM json_each(?1) page JOIN {from} ON {id} = page.value {joins} ORDER BY page.key",
        columns = table.columns,
        from = table.from,
        id = table.id,
        joins = table.joins,
    )
}

/// Which rows of the sorted table a page holds.
struct Window {
    offset: usize,
    /// None: every row from the offset on.
    limit: Option<usize>,
    direction: Direction,
}

/// A list of ids as a JSON array, for `json_each`: one bound value, however many ids.
fn json(ids: &[i64]) -> Result<String> {
    serde_json::to_string(ids).map_err(|e| crate::Error::Internal(format!("ids as JSON: {e}")))
}

/// The page's ids in the order of an expression on the kind's own row, and the total.
fn ids_by_own(
    conn: &Connection,
    table: &Table,
    mut conditions: Conditions,
    expression: &str,
    window: &Window,
) -> Result<(Vec<i64>, u64)> {
    let clause = conditions.clause();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {clause}", table.from))?
        .query_row(rusqlite::params_from_iter(&conditions.args), |r| r.get(0))?;
    let dir = window.direction.sql();
    // SQLite reads a negative limit as none.
    let limit = conditions.arg(window.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX)));
    let offset = conditions.arg(window.offset as i64);
    // NULLS LAST both ways: a row without a SIREN or a reception date is at the end either way.
    let sql = format!(
        "SELECT {id} FROM {from} WHERE {clause}
         ORDER BY {expression} {dir} NULLS LAST, {id} {dir} LIMIT {limit} OFFSET {offset}",
        id = table.id,
        from = table.from,
    );
    let ids = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(&conditions.args), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((ids, total.max(0) as u64))
}

/// The page's ids in the order of an expression on the kind's own row, and the total, for a
/// search.
///
/// Text is matched row by row, so a search reads every row of the cabinet whatever the plan.
/// Walking an index in the sort's order instead read the table one random row at a time and
/// stopped only after 50 matches (a search matching nothing read all 100,000 deadlines that
/// way, twice with the count: 100 to 140 ms); one sequential pass (`NOT INDEXED`) keeping the
/// matching rows' sort keys, sorted here, costs a tenth of that and gives the total with it.
fn ids_by_scan(
    conn: &Connection,
    table: &Table,
    conditions: Conditions,
    expression: &str,
    window: &Window,
) -> Result<(Vec<i64>, u64)> {
    let sql = format!(
        "SELECT {expression}, {id} FROM {from} NOT INDEXED WHERE {clause}",
        id = table.id,
        from = table.from,
        clause = conditions.clause()
    );
    let desc = window.direction == Direction::Desc;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(&conditions.args))?;
    let mut total = 0u64;
    let ids = match window.limit.map(|limit| window.offset + limit).filter(|&k| k <= TOP_K) {
        // A near page: only the first rows in order are kept, a row's key copied only when it
        // enters them (a search for "a" matches 80,000 deadlines, of which a page shows 50).
        Some(keep) => {
            let mut first: std::collections::BinaryHeap<Ranked> = std::collections::BinaryHeap::with_capacity(keep + 1);
            while let Some(row) = rows.next()? {
                total += 1;
                let (key, id) = (row.get_ref(0)?, row.get::<_, i64>(1)?);
                let enters = first.len() < keep
                    || first
                        .peek()
                        .is_some_and(|last| ranked_order(key, id, ValueRef::from(&last.key), last.id, desc).is_lt());
                if enters {
                    first.push(Ranked { key: owned(key), id, desc });
                    if first.len() > keep {
                        first.pop();
                    }
                }
            }
            first.into_sorted_vec().into_iter().skip(window.offset).map(|r| r.id).collect()
        }
        // A far page or every row (an export): all the matching rows' keys, sorted.
        None => {
            let mut keyed: Vec<Ranked> = Vec::new();
            while let Some(row) = rows.next()? {
                total += 1;
                keyed.push(Ranked { key: owned(row.get_ref(0)?), id: row.get(1)?, desc });
            }
            keyed.sort_unstable();
            keyed.into_iter().skip(window.offset).take(window.limit.unwrap_or(usize::MAX)).map(|r| r.id).collect()
        }
    };
    Ok((ids, total))
}

/// The most rows a search keeps while it reads (a page up to this far); past it every matching
/// row's key is kept and sorted.
const TOP_K: usize = 2_000;

/// A key read from a row, kept.
fn owned(key: ValueRef<'_>) -> Value {
    match key {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// A matching row's sort key and id, in the table's order (see [`ranked_order`]).
struct Ranked {
    key: Value,
    id: i64,
    desc: bool,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        ranked_order(ValueRef::from(&self.key), self.id, ValueRef::from(&other.key), other.id, self.desc)
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

/// The order of two rows as `ids_by_own`'s SQL sorts them: by key (NULLS LAST both ways), then
/// by id, both in the direction asked.
fn ranked_order(a: ValueRef<'_>, a_id: i64, b: ValueRef<'_>, b_id: i64, desc: bool) -> std::cmp::Ordering {
    let order = match (a, b) {
        (ValueRef::Null, ValueRef::Null) => std::cmp::Ordering::Equal,
        (ValueRef::Null, _) => return std::cmp::Ordering::Greater,
        (_, ValueRef::Null) => return std::cmp::Ordering::Less,
        (a, b) => sql_order(a, b),
    };
    let order = order.then(a_id.cmp(&b_id));
    if desc { order.reverse() } else { order }
}

/// Two non-NULL values in SQLite's order: numbers by value, before text, compared byte by byte
/// (the BINARY collation), before blobs.
fn sql_order(a: ValueRef<'_>, b: ValueRef<'_>) -> std::cmp::Ordering {
    fn class(v: ValueRef<'_>) -> u8 {
        match v {
            ValueRef::Null => 0,
            ValueRef::Integer(_) | ValueRef::Real(_) => 1,
            ValueRef::Text(_) => 2,
            ValueRef::Blob(_) => 3,
        }
    }
    fn number(v: ValueRef<'_>) -> f64 {
        match v {
            ValueRef::Integer(i) => i as f64,
            ValueRef::Real(r) => r,
            _ => 0.0,
        }
    }
    match (a, b) {
        (ValueRef::Integer(a), ValueRef::Integer(b)) => a.cmp(&b),
        (ValueRef::Text(a), ValueRef::Text(b)) | (ValueRef::Blob(a), ValueRef::Blob(b)) => a.cmp(b),
        (ValueRef::Integer(_) | ValueRef::Real(_), ValueRef::Integer(_) | ValueRef::Real(_)) => {
            number(a).total_cmp(&number(b))
        }
        (a, b) => class(a).cmp(&class(b)),
    }
}

/// The page's ids in the order of the folded name of the client or staff member `column`
/// refers to (rows without one last), ties by id; and the total.
///
/// Sorting in SQL on a name looked up per row cost 40 ms on 100,000 deadlines, and a far page
/// three times that. Instead the matching rows' ids and references are read in one pass (the
/// count comes with them), the cabinet's clients or staff (thousands at most) are ranked by
/// folded name, and the pairs sorted on that rank here.
fn ids_by_name(
    conn: &Connection,
    table: &Table,
    conditions: Conditions,
    column: &str,
    named: &str,
    window: &Window,
) -> Result<(Vec<i64>, u64)> {
    // A search reads every row anyway: sequentially (see `ids_by_scan`).
    let hint = if conditions.searched { " NOT INDEXED" } else { "" };
    let sql = format!("SELECT {column}, {} FROM {}{hint} WHERE {}", table.id, table.from, conditions.clause());
    let rows: Vec<(Option<i64>, i64)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(&conditions.args), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let names: Vec<(i64, String)> = conn
        .prepare_cached(&format!("SELECT id, name FROM {named} WHERE cabinet_id = ?1"))?
        .query_map([conditions.cabinet_id], |r| Ok((r.get(0)?, crate::model::normalize(&r.get::<_, String>(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    // Equal folded names share a rank, so that their rows are ordered by id as the tie-break
    // promises; descending reverses the ranks but keeps the rows without a name last.
    let mut folded: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
    folded.sort_unstable();
    folded.dedup();
    let last = folded.len();
    let rank: std::collections::HashMap<i64, usize> = names
        .iter()
        .map(|(id, name)| {
            let r = folded.binary_search(&name.as_str()).unwrap_or(0);
            (*id, if window.direction == Direction::Desc { last - 1 - r } else { r })
        })
        .collect();
    let mut keyed: Vec<(usize, i64)> =
        rows.iter().map(|(of, id)| (of.and_then(|of| rank.get(&of).copied()).unwrap_or(last), *id)).collect();
    match window.direction {
        Direction::Asc => keyed.sort_unstable(),
        Direction::Desc => keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1))),
    }
    let ids =
        keyed.into_iter().skip(window.offset).take(window.limit.unwrap_or(usize::MAX)).map(|(_, id)| id).collect();
    Ok((ids, rows.len() as u64))
}

/// Reads one row of `table` by id in the cabinet (None: no such row there).
pub(crate) fn one<T>(
    conn: &Connection,
    table: &Table,
    cabinet_id: i64,
    id: i64,
    read: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>> {
    use rusqlite::OptionalExtension;
    let alias = table.id.split('.').next().unwrap_or_default();
    let sql = format!(
        "SELECT {} FROM {} {} WHERE {} = ?1 AND {alias}.cabinet_id = ?2",
        table.columns, table.from, table.joins, table.id
    );
    Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params![id, cabinet_id], read).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_deserializes_from_the_window_with_every_member_optional() {
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Sort {
            #[default]
            Name,
            Date,
        }
        let query: ListQuery<Sort, ()> =
            serde_json::from_str(r#"{"search": "dupont", "sort": "date", "direction": "desc", "limit": 20}"#).unwrap();
        assert_eq!(query.sort, Sort::Date);
        assert_eq!(query.direction, Direction::Desc);
        assert_eq!((query.limit, query.offset), (Some(20), 0));
        assert_eq!(serde_json::from_str::<ListQuery<Sort, ()>>("{}").unwrap(), ListQuery::default());
        assert!(serde_json::from_str::<ListQuery<Sort, ()>>(r#"{"sort": "name; DROP TABLE clients"}"#).is_err());
        assert!(serde_json::from_str::<ListQuery<Sort, ()>>(r#"{"serach": "x"}"#).is_err(), "a misspelt member");
    }

    #[test]
    fn the_needle_is_folded_like_the_columns() {
        assert_eq!(needle(Some("  Éta ")).as_deref(), Some("eta"));
        assert_eq!(needle(Some("   ")), None);
        assert_eq!(needle(None), None);
    }

    #[test]
    fn conditions_number_their_placeholders_in_order() {
        let mut c = Conditions::for_cabinet("d", 7);
        c.equals("d.client_id", Some(3));
        c.equals("d.assignee_id", None::<i64>);
        c.range("d.due_date", Some("2026-01-01".into()), None);
        c.search(Some("tva".into()), &["vigie_contains(d.label, {needle})", "d.kind = {needle}"]);
        assert_eq!(
            c.clause(),
            "likely(d.cabinet_id = ?1) AND d.client_id = ?2 AND d.due_date >= ?3 AND (vigie_contains(d.label, ?4) OR d.kind = ?4)"
        );
        assert_eq!(c.args.len(), 4);
    }
}
