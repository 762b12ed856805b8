//! A small firm built row by row, for engine integration tests.

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::params;
use vigie::cabinet::{self, Cabinet};
use vigie::clock::FixedClock;
use vigie::detect::CheckReport;
use vigie::inbox::{self, Filter, Notification};
use vigie::staff::{self, StaffMember};
use vigie::store::Store;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A store with one cabinet ("A") and a clock at 2026-11-25 08:00 UTC.
pub struct Firm {
    pub store: Store,
    pub clock: FixedClock,
    pub cabinet: Cabinet,
}

impl Firm {
    pub fn new() -> Self {
        let store = Store::open_in_memory().unwrap();
        let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap());
        let cabinet = cabinet::add(&store, &clock, "A", None).unwrap();
        Self { store, clock, cabinet }
    }

    pub fn add_cabinet(&self, name: &str) -> Cabinet {
        cabinet::add(&self.store, &self.clock, name, None).unwrap()
    }

    pub fn staff_in(&self, cabinet: &Cabinet, name: &str, email: &str, role: &str, active: bool) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO staff (cabinet_id, name, email, role, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, '2026-01-01T00:00:00Z')",
                params![cabinet.id, name, email, role, active],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    pub fn staff(&self, name: &str, email: &str, role: &str) -> i64 {
        self.staff_in(&self.cabinet, name, email, role, true)
    }

    pub fn client_in(&self, cabinet: &Cabinet, name: &str, siren: Option<&str>, manager: Option<i64>) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO clients (cabinet_id, name, siren, manager_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z')",
                params![cabinet.id, name, siren, manager],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    pub fn client(&self, name: &str, manager: Option<i64>) -> i64 {
        self.client_in(&self.cabinet, name, None, manager)
    }

    pub fn deadline_in(
        &self,
        cabinet: &Cabinet,
        client: i64,
        label: &str,
        due: &str,
        assignee: Option<i64>,
        status: &str,
    ) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO deadlines (cabinet_id, client_id, kind, label, due_date, status, assignee_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![cabinet.id, client, vigie::model::normalize(label), label, due, status, assignee],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    pub fn deadline(&self, client: i64, label: &str, due: &str, assignee: Option<i64>) -> i64 {
        self.deadline_in(&self.cabinet, client, label, due, assignee, "a_faire")
    }

    pub fn document(
        &self,
        client: i64,
        label: &str,
        requested: &str,
        due: &str,
        received: Option<&str>,
        owner: Option<i64>,
    ) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO document_requests (cabinet_id, client_id, label, requested_on, due_date, received_on, owner_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![self.cabinet.id, client, label, requested, due, received, owner],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    pub fn task(&self, client: Option<i64>, title: &str, due: &str, assignee: Option<i64>, status: &str) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO tasks (cabinet_id, client_id, title, assignee_id, due_date, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![self.cabinet.id, client, title, assignee, due, status],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    /// `starts_at` in UTC RFC 3339.
    pub fn event(
        &self,
        client: Option<i64>,
        title: &str,
        starts_at: &str,
        importance: &str,
        audience: Option<i64>,
    ) -> i64 {
        self.store
            .conn()
            .execute(
                "INSERT INTO events (cabinet_id, client_id, title, starts_at, importance, audience_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![self.cabinet.id, client, title, starts_at, importance, audience],
            )
            .unwrap();
        self.store.conn().last_insert_rowid()
    }

    pub fn check(&mut self, day: &str) -> CheckReport {
        self.check_cabinet(&self.cabinet.clone(), day)
    }

    pub fn check_cabinet(&mut self, cabinet: &Cabinet, day: &str) -> CheckReport {
        use vigie::clock::Clock;
        vigie::detect::check(&mut self.store, cabinet, date(day), self.clock.now()).unwrap()
    }

    pub fn member(&self, id: i64) -> StaffMember {
        let (cabinet_id, email): (i64, String) = self
            .store
            .conn()
            .query_row("SELECT cabinet_id, email FROM staff WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        staff::by_email(&self.store, cabinet_id, &email).unwrap().unwrap()
    }

    pub fn inbox(&self, staff_id: i64) -> Vec<Notification> {
        inbox::list(&self.store, &self.member(staff_id), &Filter::default()).unwrap()
    }

    /// Dedup keys of every notification of a staff member, sorted.
    pub fn keys(&self, staff_id: i64) -> Vec<String> {
        let mut stmt = self
            .store
            .conn()
            .prepare("SELECT dedup_key FROM notifications WHERE recipient_id = ?1 ORDER BY dedup_key")
            .unwrap();
        stmt.query_map([staff_id], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    }

    /// SMTP settings for the cabinet (enough to queue emails; nothing is sent).
    pub fn configure_smtp(&self) {
        smtp_settings().save(&self.store, self.cabinet.id).unwrap();
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

/// SMTP settings that let emails be queued (a server nobody connects to).
pub fn smtp_settings() -> vigie::email::smtp::SmtpSettings {
    vigie::email::smtp::SmtpSettings {
        host: "smtp.example.fr".into(),
        port: 587,
        security: vigie::email::smtp::Security::Starttls,
        user: None,
        from_email: "alertes@example.fr".into(),
        from_name: "Vigie".into(),
        ca_file: None,
        timeout_secs: 30,
        allow_cleartext_password: false,
    }
}
