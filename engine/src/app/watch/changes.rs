//! What changed in the store since the last look, as events: the notifications above a
//! watermark and the unread counts that differ from the last ones known.

use crate::app::events::{AppEvent, UnreadCounts, unread_counts};
use crate::error::Result;
use crate::store::Store;
use std::collections::BTreeMap;

/// What this process last knew of the store: the highest notification id announced, and each
/// staff member's unread count as last published (absent: 0).
#[derive(Debug)]
pub(super) struct Known {
    /// Per-process, never stored: each shell starts from the store as it finds it.
    watermark: i64,
    unread: UnreadCounts,
}

impl Known {
    /// The store as it is now: nothing in it is news.
    pub fn now(store: &Store) -> Result<Self> {
        Ok(Self { watermark: max_id(store)?, unread: unread_counts(store)? })
    }

    /// Takes in an event this process published itself (a check run by this shell, a mark-read
    /// from its window), so that the look after its write finds nothing new to repeat.
    pub fn saw(&mut self, event: &AppEvent) {
        match event {
            AppEvent::NotificationsCreated { by_recipient, .. } => {
                let top = by_recipient.values().flatten().copied().max().unwrap_or(0);
                self.watermark = self.watermark.max(top);
            }
            AppEvent::UnreadChanged { cabinet_id, staff_id, unread } => {
                self.set_unread((*cabinet_id, *staff_id), *unread);
            }
            _ => {}
        }
    }

    /// Reads the store and returns what changed since the last look, updating what is known:
    /// the new notifications (one event per cabinet), then the unread counts that moved.
    pub fn look(&mut self, store: &Store) -> Result<Vec<AppEvent>> {
        let mut events = Vec::new();
        let mut created: BTreeMap<i64, BTreeMap<i64, Vec<i64>>> = BTreeMap::new();
        let mut top = self.watermark;
        {
            let mut stmt = store
                .conn()
                .prepare_cached("SELECT id, cabinet_id, recipient_id FROM notifications WHERE id > ?1 ORDER BY id")?;
            let rows = stmt.query_map([self.watermark], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                let (id, cabinet_id, recipient_id) = row?;
                created.entry(cabinet_id).or_default().entry(recipient_id).or_default().push(id);
                top = top.max(id);
            }
        }
        let unread = unread_counts(store)?;
        // Rows are deleted by a cleanup: without AUTOINCREMENT, SQLite gives the next row the
        // highest id left plus one, which may be at or below the watermark. Following the top
        // down keeps those new rows above it.
        self.watermark = if created.is_empty() { max_id(store)?.min(self.watermark) } else { top };
        for (cabinet_id, by_recipient) in created {
            events.push(AppEvent::NotificationsCreated { cabinet_id, by_recipient });
        }
        let keys: Vec<(i64, i64)> = self.unread.keys().chain(unread.keys()).copied().collect();
        let mut moved = BTreeMap::new();
        for key in keys {
            let now = unread.get(&key).copied().unwrap_or(0);
            if self.unread.get(&key).copied().unwrap_or(0) != now {
                moved.insert(key, now);
            }
        }
        for ((cabinet_id, staff_id), unread) in moved {
            self.set_unread((cabinet_id, staff_id), unread);
            events.push(AppEvent::UnreadChanged { cabinet_id, staff_id, unread });
        }
        Ok(events)
    }

    fn set_unread(&mut self, key: (i64, i64), unread: u64) {
        if unread == 0 {
            self.unread.remove(&key);
        } else {
            self.unread.insert(key, unread);
        }
    }
}

/// The highest notification id in the store (0 when there is none).
fn max_id(store: &Store) -> Result<i64> {
    let id: i64 =
        store.conn().prepare_cached("SELECT coalesce(max(id), 0) FROM notifications")?.query_row([], |r| r.get(0))?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    fn store() -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO cabinets (id, name, timezone, created_at) VALUES (1, 'A', 'Europe/Paris', '2026-01-01T00:00:00Z');
                 INSERT INTO staff (id, cabinet_id, name, email, role, active, created_at)
                 VALUES (7, 1, 'Claire', 'c@x.fr', 'expert', 1, '2026-01-01T00:00:00Z');",
            )
            .unwrap();
        store
    }

    fn notify(store: &Store, key: &str) -> i64 {
        store
            .conn()
            .execute(
                "INSERT INTO notifications (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id, dedup_key, created_at)
                 VALUES (1, 7, 'echeance_proche', 't', 'b', 'deadline', 1, ?1, '2026-01-01T00:00:00Z')",
                params![key],
            )
            .unwrap();
        store.conn().last_insert_rowid()
    }

    #[test]
    fn a_look_finds_new_rows_and_moved_counts_once() {
        let store = store();
        notify(&store, "old");
        let mut known = Known::now(&store).unwrap();
        assert!(known.look(&store).unwrap().is_empty(), "nothing changed");
        let id = notify(&store, "new");
        let events = known.look(&store).unwrap();
        assert!(
            matches!(&events[0], AppEvent::NotificationsCreated { cabinet_id: 1, by_recipient } if by_recipient[&7] == vec![id])
        );
        assert!(matches!(events[1], AppEvent::UnreadChanged { cabinet_id: 1, staff_id: 7, unread: 2 }));
        assert_eq!(events.len(), 2);
        assert!(known.look(&store).unwrap().is_empty(), "a second look repeats nothing");
        store.conn().execute("UPDATE notifications SET read_at = '2026-01-02T00:00:00Z'", []).unwrap();
        let events = known.look(&store).unwrap();
        assert!(matches!(events[..], [AppEvent::UnreadChanged { unread: 0, .. }]), "{events:?}");
    }

    #[test]
    fn what_this_process_published_is_not_repeated() {
        let store = store();
        let mut known = Known::now(&store).unwrap();
        let id = notify(&store, "mine");
        known.saw(&AppEvent::NotificationsCreated { cabinet_id: 1, by_recipient: [(7, vec![id])].into() });
        known.saw(&AppEvent::UnreadChanged { cabinet_id: 1, staff_id: 7, unread: 1 });
        assert!(known.look(&store).unwrap().is_empty());
    }

    #[test]
    fn ids_given_again_after_a_cleanup_are_still_news() {
        let store = store();
        notify(&store, "a");
        let top = notify(&store, "b");
        let mut known = Known::now(&store).unwrap();
        store.conn().execute("DELETE FROM notifications WHERE id = ?1", [top]).unwrap();
        known.look(&store).unwrap();
        let again = notify(&store, "c");
        assert_eq!(again, top, "SQLite reuses the id");
        let events = known.look(&store).unwrap();
        assert!(
            matches!(&events[0], AppEvent::NotificationsCreated { by_recipient, .. } if by_recipient[&7] == vec![again])
        );
    }
}
