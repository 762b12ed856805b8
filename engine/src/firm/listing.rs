//! What every table of the firm's data shares: the query a table sends (search, sort, filter,
//! page) and the page it gets back with the total matching the filters.
//!
//! Searching and sorting text go through `vigie_fold` (see `store/functions.rs`), so that case
//! and accents matter as little as in the inbox search. Sort columns come from closed enums
//! whose SQL is written here, never from text the window sends; every value is a bound
//! parameter.

use crate::error::Result;
use rusqlite::Connection;
use rusqlite::types::Value;
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

/// A sort column of one kind: its SQL expression on the aliases of the kind's page query.
pub(crate) trait SortColumn: Copy {
    /// The expression to order by; a constant, so no text from outside reaches the SQL.
    fn expression(self) -> &'static str;
}

/// The text searched for, folded as `vigie_fold` folds the columns; None when there is none.
pub(crate) fn needle(search: Option<&str>) -> Option<String> {
    search.map(crate::model::normalize).filter(|s| !s.is_empty())
}

/// The search alternative of a table whose rows have a client: the client's name holds the
/// needle (the clients are searched once, then their rows found by client).
pub(crate) fn client_name_matches(alias: &str) -> String {
    format!(
        "{alias}.client_id IN (SELECT id FROM clients WHERE cabinet_id = ?1 AND instr(vigie_fold(name), {{needle}}) > 0)"
    )
}

/// The WHERE clause of a table query being built, with its bound values.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    sql: Vec<String>,
    args: Vec<Value>,
}

impl Conditions {
    /// Conditions starting with `alias.cabinet_id = ?1`: every table query is scoped.
    pub fn for_cabinet(alias: &str, cabinet_id: i64) -> Self {
        let mut conditions = Self::default();
        let cabinet = conditions.arg(cabinet_id);
        conditions.push(format!("{alias}.cabinet_id = {cabinet}"));
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

    /// A search: `folded` is a list of SQL expressions (folded texts, or a subquery condition
    /// written with `{needle}`) any of which may hold the needle.
    pub fn search(&mut self, needle: Option<String>, any_of: &[&str]) {
        let Some(needle) = needle else { return };
        let p = self.arg(needle);
        let alternatives: Vec<String> = any_of.iter().map(|sql| sql.replace("{needle}", &p)).collect();
        self.push(format!("({})", alternatives.join(" OR ")));
    }

    fn clause(&self) -> String {
        self.sql.join(" AND ")
    }
}

/// How one kind's rows are read: the tables, the columns, and the row reader.
pub(crate) struct Table {
    /// `FROM` clause for counting: the kind's table with its alias only.
    pub from: &'static str,
    /// Joins the page adds for the columns it shows.
    pub joins: &'static str,
    /// The columns a row is read from.
    pub columns: &'static str,
    /// The id column, for the tie-break.
    pub id: &'static str,
}

/// The page `query` asks for, with its total.
pub(crate) fn page<T, S: SortColumn, F>(
    conn: &Connection,
    table: &Table,
    mut conditions: Conditions,
    query: &ListQuery<S, F>,
    read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let clause = conditions.clause();
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM {} WHERE {clause}", table.from))?
        .query_row(rusqlite::params_from_iter(&conditions.args), |r| r.get(0))?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    let dir = query.direction.sql();
    let limit_p = conditions.arg(limit);
    let offset_p = conditions.arg(query.offset);
    // NULLS LAST both ways: a row without an assignee or a SIREN is at the end of either order.
    let sql = format!(
        "SELECT {} FROM {} {} WHERE {clause} ORDER BY {} {dir} NULLS LAST, {} {dir} LIMIT {limit_p} OFFSET {offset_p}",
        table.columns,
        table.from,
        table.joins,
        query.sort.expression(),
        table.id
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(&conditions.args), read)?.collect::<rusqlite::Result<_>>()?;
    Ok(Page { rows, total: total.max(0) as u64 })
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
        c.search(Some("tva".into()), &["instr(vigie_fold(d.label), {needle}) > 0", "d.kind = {needle}"]);
        assert_eq!(
            c.clause(),
            "d.cabinet_id = ?1 AND d.client_id = ?2 AND d.due_date >= ?3 AND (instr(vigie_fold(d.label), ?4) > 0 OR d.kind = ?4)"
        );
        assert_eq!(c.args.len(), 4);
    }
}
