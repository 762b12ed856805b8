//! The cabinet's existing staff and clients, to resolve the emails and SIRENs a file refers to.

use super::fields;
use super::problem::{Reason, quoted};
use super::row::RowReader;
use super::source::Column;
use crate::cabinet::Cabinet;
use std::cell::RefCell;
use std::collections::HashMap;

/// The column naming a row's client by SIREN (`N° SIREN` in French files).
pub(crate) const CLIENT_SIREN: Column = Column {
    name: "client_siren",
    aliases: &[
        "siren",
        "siren_client",
        "siren_du_client",
        "numero_siren",
        "numero_de_siren",
        "n°_siren",
        "n°siren",
        "no_siren",
        "n_siren",
    ],
    required: false,
    multiline: false,
};

/// The column naming a client without SIREN by its name.
pub(crate) const CLIENT_NAME: Column = Column {
    name: "client_name",
    aliases: &["client", "nom_client", "nom_du_client"],
    required: false,
    multiline: false,
};

/// The columns of which a kind whose rows need a client must have one.
pub(crate) const CLIENT_COLUMNS: &[&str] = &["client_siren", "client_name"];

/// Staff by email and clients by SIREN or name, of one cabinet only.
pub(crate) struct Lookup {
    staff: HashMap<String, i64>,
    clients_by_siren: HashMap<String, i64>,
    clients_by_name: HashMap<String, i64>,
    /// The last SIREN cell found, as typed, and its client: files list a client's rows
    /// together, and reading the same SIREN again gives the same client.
    last_siren: RefCell<(String, i64)>,
}

impl Lookup {
    /// Loads the cabinet's staff and clients.
    pub fn load(conn: &rusqlite::Connection, cabinet: &Cabinet) -> rusqlite::Result<Self> {
        let mut stmt = conn.prepare("SELECT lower(email), id FROM staff WHERE cabinet_id = ?1")?;
        let staff = stmt.query_map([cabinet.id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare("SELECT siren, name, id FROM clients WHERE cabinet_id = ?1")?;
        let mut clients_by_siren = HashMap::new();
        let mut clients_by_name = HashMap::new();
        for row in stmt.query_map([cabinet.id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))
        })? {
            let (siren, name, id) = row?;
            match siren {
                Some(siren) => clients_by_siren.insert(siren, id),
                None => clients_by_name.insert(crate::model::normalize(&name), id),
            };
        }
        Ok(Self { staff, clients_by_siren, clients_by_name, last_siren: RefCell::new((String::new(), 0)) })
    }

    /// The staff member named by an email column, if filled in.
    pub fn staff(&self, row: &mut RowReader<'_>, column: &str) -> Option<i64> {
        let email = match fields::email_folded(row.text(column)?) {
            Ok(email) => email,
            Err(reason) => {
                row.error(column, reason);
                return None;
            }
        };
        let id = self.staff.get(email.as_ref()).copied();
        if id.is_none() {
            row.error(
                column,
                Reason::new(
                    format!("no staff member with email {email} in this cabinet (import staff first)"),
                    format!("aucun collaborateur avec l'adresse {email} dans ce cabinet (importez l'équipe d'abord)"),
                ),
            );
        }
        id
    }

    /// The client named by `client_siren` (or, for clients without SIREN, `client_name`).
    /// Returns `Some(None)` when neither is filled in, for kinds where the client is optional.
    pub fn client(&self, row: &mut RowReader<'_>, required: bool) -> Option<Option<i64>> {
        if let Some(text) = row.text("client_siren") {
            let mut last = self.last_siren.borrow_mut();
            if !last.0.is_empty() && last.0 == text {
                return Some(Some(last.1));
            }
            let siren = match fields::siren(text) {
                Ok(siren) => siren,
                Err(reason) => {
                    row.error("client_siren", reason);
                    return None;
                }
            };
            let Some(id) = self.clients_by_siren.get(&siren).copied() else {
                row.error(
                    "client_siren",
                    Reason::new(
                        format!("no client with SIREN {siren} in this cabinet (import clients first)"),
                        format!("aucun client avec le SIREN {siren} dans ce cabinet (importez les clients d'abord)"),
                    ),
                );
                return None;
            };
            last.0.clear();
            last.0.push_str(text);
            last.1 = id;
            return Some(Some(id));
        }
        if let Some(name) = row.text("client_name") {
            let id = self.clients_by_name.get(&crate::model::normalize(name)).copied();
            if id.is_none() {
                row.error(
                    "client_name",
                    Reason::new(
                        format!("no client without SIREN named \"{name}\" in this cabinet"),
                        format!("aucun client sans SIREN nommé {} dans ce cabinet", quoted(name)),
                    ),
                );
                return None;
            }
            return Some(id);
        }
        if required {
            // Named after the column the file has, so that the person knows which cell to fill.
            let column =
                if row.has("client_siren") || !row.has("client_name") { "client_siren" } else { "client_name" };
            row.missing(column);
            return None;
        }
        Some(None)
    }
}
