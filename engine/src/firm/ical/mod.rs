//! The cabinet's deadlines, or one person's, as an iCalendar file (RFC 5545) that Outlook,
//! Thunderbird and phone calendars import: one all-day event per deadline.
//!
//! Each event's UID is stable, so that importing a newer file updates the events instead of
//! adding twins: an obligation (a deadline with a period) is named by its client's SIREN (or
//! id), kind and period, which survive its date being recomputed; any other deadline by its
//! row id. Both carry the cabinet's name, so two cabinets' files never share a UID.

use super::export::Export;
use super::words;
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::model::{DeadlineStatus, normalize};
use crate::store::{Store, date_text};
use crate::text::printable;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use std::fmt::Write;

mod content;

/// Which deadlines go into the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcsFilter {
    /// Only those of this staff member: assigned to them, or unassigned on a client they manage
    /// (the deadlines whose alerts reach them).
    pub person: Option<i64>,
    /// First due date.
    pub from: NaiveDate,
    /// Last due date.
    pub to: NaiveDate,
    /// Leave out the deadlines already done.
    pub open_only: bool,
}

/// The deadlines `filter` keeps, as an iCalendar file (UTF-8, CRLF line ends, long lines
/// folded; `rows` counts its events); `now` stamps the events, `today` names the file
/// (`vigie-echeances-2026-11-28.ics`).
pub fn ics(
    store: &Store,
    cabinet: &Cabinet,
    filter: &IcsFilter,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Export> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT d.id, d.kind, d.label, d.due_date, d.status, d.period, d.legal_date, d.source, d.generated,
                c.id, c.name, c.siren, coalesce(s.name, m.name)
         FROM deadlines d
         JOIN clients c ON c.id = d.client_id
         LEFT JOIN staff s ON s.id = d.assignee_id
         LEFT JOIN staff m ON m.id = c.manager_id
         WHERE d.cabinet_id = ?1 AND d.due_date >= ?2 AND d.due_date <= ?3
           AND (?4 IS NULL OR d.assignee_id = ?4 OR (d.assignee_id IS NULL AND c.manager_id = ?4))
           AND (?5 = 0 OR d.status <> 'faite')
         ORDER BY d.due_date, c.name, d.id",
    )?;
    let rows = stmt.query_map(
        params![cabinet.id, date_text(filter.from), date_text(filter.to), filter.person, filter.open_only],
        |r| {
            Ok(Row {
                id: r.get(0)?,
                kind: r.get(1)?,
                label: r.get(2)?,
                due_date: r.get(3)?,
                status: r.get(4)?,
                period: r.get(5)?,
                legal_date: r.get(6)?,
                source: r.get(7)?,
                generated: r.get::<_, i64>(8)? != 0,
                client_id: r.get(9)?,
                client: r.get(10)?,
                siren: r.get(11)?,
                responsible: r.get(12)?,
            })
        },
    )?;
    let cabinet_key = uid_part(&cabinet.name);
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    content::line(&mut out, "BEGIN", "VCALENDAR");
    content::line(&mut out, "VERSION", "2.0");
    content::line(&mut out, "PRODID", "-//Vigie//Echeances du cabinet//FR");
    content::line(&mut out, "CALSCALE", "GREGORIAN");
    content::line(&mut out, "METHOD", "PUBLISH");
    let name = content::text(&format!("Vigie — échéances de {}", printable(&cabinet.name)));
    content::line(&mut out, "NAME", &name);
    content::line(&mut out, "X-WR-CALNAME", &name);
    let mut events = 0;
    for row in rows {
        row?.event(&mut out, &cabinet_key, &stamp);
        events += 1;
    }
    content::line(&mut out, "END", "VCALENDAR");
    let bytes = out.into_bytes();
    Ok(Export { file_name: format!("vigie-echeances-{}.ics", date_text(today)), bytes, rows: events })
}

/// A deadline as the file needs it.
struct Row {
    id: i64,
    kind: String,
    label: String,
    due_date: NaiveDate,
    status: DeadlineStatus,
    period: Option<String>,
    legal_date: Option<NaiveDate>,
    source: Option<String>,
    generated: bool,
    client_id: i64,
    client: String,
    siren: Option<String>,
    responsible: Option<String>,
}

impl Row {
    fn uid(&self, cabinet_key: &str) -> String {
        match &self.period {
            Some(period) => {
                let client = self.siren.clone().unwrap_or_else(|| format!("c{}", self.client_id));
                format!("{}.{}.{client}.{cabinet_key}@vigie", uid_part(&self.kind), uid_part(period))
            }
            None => format!("echeance-{}.{cabinet_key}@vigie", self.id),
        }
    }

    /// Appends the deadline's VEVENT.
    fn event(&self, out: &mut String, cabinet_key: &str, stamp: &str) {
        // Stored text is data: a control character written by an older version or straight
        // into the store reaches neither the calendar application nor a terminal.
        let client = printable(&self.client);
        let label = printable(&self.label);
        let done = self.status == DeadlineStatus::Faite;
        let summary = format!("{}{label} — {client}", if done { "✓ " } else { "" });
        let mut description = String::new();
        let _ = writeln!(description, "Client : {client}");
        if let Some(siren) = &self.siren {
            let _ = writeln!(description, "SIREN : {siren}");
        }
        let _ = writeln!(description, "Type : {}", words::deadline_kind(&self.kind));
        let _ = writeln!(description, "Statut : {}", words::deadline_status(self.status));
        if let Some(who) = &self.responsible {
            let _ = writeln!(description, "Responsable : {}", printable(who));
        }
        if let Some(legal) = self.legal_date {
            let _ = writeln!(
                description,
                "Date légale : {} (le délai de tolérance court jusqu'à cette échéance)",
                legal.format("%d/%m/%Y")
            );
        }
        if let Some(source) = &self.source {
            let _ = writeln!(description, "Base légale : {}", printable(source));
        }
        if self.generated {
            let _ = writeln!(description, "Calculée par le calendrier fiscal de Vigie.");
        }
        let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
        content::line(out, "BEGIN", "VEVENT");
        content::line(out, "UID", &self.uid(cabinet_key));
        content::line(out, "DTSTAMP", stamp);
        content::line(out, "DTSTART;VALUE=DATE", &day(self.due_date));
        // An all-day event ends the next day (DTEND is not part of the event).
        content::line(out, "DTEND;VALUE=DATE", &day(self.due_date.succ_opt().unwrap_or(self.due_date)));
        content::line(out, "SUMMARY", &content::text(&summary));
        content::line(out, "DESCRIPTION", &content::text(description.trim_end()));
        content::line(out, "CATEGORIES", &content::text(&words::deadline_kind(&self.kind)));
        // A deadline does not make the person busy that day.
        content::line(out, "TRANSP", "TRANSPARENT");
        content::line(out, "STATUS", "CONFIRMED");
        content::line(out, "END", "VEVENT");
    }
}

/// Text made safe for a UID: lowercase ASCII letters, digits and hyphens.
fn uid_part(text: &str) -> String {
    let folded = normalize(text);
    let part: String = folded.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    part.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_parts_keep_letters_and_digits_only() {
        assert_eq!(uid_part("Cabinet Léa & Associés"), "cabinet-lea---associes");
        assert_eq!(uid_part("EX-2027-2"), "ex-2027-2");
        assert_eq!(uid_part("tva_ca3"), "tva-ca3");
    }
}
