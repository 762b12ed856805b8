//! Who works in the cabinet and who manages which client: the basis of recipient rules.

use crate::model::Role;
use rusqlite::Connection;
use std::collections::HashMap;

/// A client as detection needs it.
pub(crate) struct ClientInfo {
    pub name: String,
    pub manager_id: Option<i64>,
}

/// The cabinet's staff and clients, loaded once per check.
pub(crate) struct Directory {
    active: HashMap<i64, Role>,
    experts: Vec<i64>,
    everyone: Vec<i64>,
    clients: HashMap<i64, ClientInfo>,
}

/// Who is alerted when nobody in the chain is an active staff member.
#[derive(Clone, Copy)]
pub(crate) enum Fallback {
    /// Every active expert of the cabinet.
    Experts,
    /// Every active staff member of the cabinet.
    Everyone,
}

impl Directory {
    /// Loads the directory of one cabinet.
    pub fn load(conn: &Connection, cabinet_id: i64) -> rusqlite::Result<Self> {
        let mut active = HashMap::new();
        let mut stmt =
            conn.prepare_cached("SELECT id, role FROM staff WHERE cabinet_id = ?1 AND active = 1 ORDER BY id")?;
        let mut experts = Vec::new();
        let mut everyone = Vec::new();
        for row in stmt.query_map([cabinet_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Role>(1)?)))? {
            let (id, role) = row?;
            if role == Role::Expert {
                experts.push(id);
            }
            everyone.push(id);
            active.insert(id, role);
        }
        let mut stmt = conn.prepare_cached("SELECT id, name, manager_id FROM clients WHERE cabinet_id = ?1")?;
        let clients = stmt
            .query_map([cabinet_id], |r| Ok((r.get(0)?, ClientInfo { name: r.get(1)?, manager_id: r.get(2)? })))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Self { active, experts, everyone, clients })
    }

    /// The client with this id (always of this cabinet).
    pub fn client(&self, id: Option<i64>) -> Option<&ClientInfo> {
        id.and_then(|id| self.clients.get(&id))
    }

    /// The client's name, or a dash for subjects without a client.
    pub fn client_name(&self, id: Option<i64>) -> &str {
        self.client(id).map_or("—", |c| c.name.as_str())
    }

    /// The first active person of `chain`, else the fallback group.
    pub fn recipients(&self, chain: &[Option<i64>], fallback: Fallback) -> Vec<i64> {
        if let Some(id) = chain.iter().flatten().find(|id| self.active.contains_key(id)) {
            return vec![*id];
        }
        match fallback {
            Fallback::Experts => self.experts.clone(),
            Fallback::Everyone => self.everyone.clone(),
        }
    }

    /// `[person, client's manager]`, the usual chain.
    pub fn chain(&self, person: Option<i64>, client_id: Option<i64>) -> [Option<i64>; 2] {
        [person, self.client(client_id).and_then(|c| c.manager_id)]
    }
}
