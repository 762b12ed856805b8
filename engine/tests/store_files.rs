//! The store file and its folder: private modes, a newer, foreign, damaged, read-only, busy or
//! full store, and backups (before a migration, by hand, restore).

use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn vigie_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = crate::support::cli::command(dir);
    cmd.args(args).env("VIGIE_NOW", "2026-11-25T08:00:00Z").env_remove("VIGIE_DATA_DIR");
    cmd
}

fn vigie(dir: &Path, args: &[&str]) -> Output {
    vigie_cmd(dir, args).output().unwrap()
}

fn ok(dir: &Path, args: &[&str]) -> (String, String) {
    let out = vigie(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "vigie {args:?} failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// Runs a command that must fail with exit code 1 and one clear message; returns it.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = vigie(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "vigie {args:?}: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("CREATE TABLE"), "{stderr}");
    assert!(stderr.lines().count() <= 3, "a short message, not a dump: {stderr}");
    stderr
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Every table's rows, to compare a store before and after.
fn dump(store: &Path) -> Vec<String> {
    crate::support::store_dump::dump(&Connection::open(store).unwrap())
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = match std::fs::read_dir(dir.join("backups")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    found.sort();
    found
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["demo"]);
    dir
}

#[test]
fn the_data_folder_store_lock_backups_and_logs_are_private() {
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let dir = top.path().join("vigie");
    ok(&dir, &["demo"]);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("vigie.db")), 0o600);
    assert_eq!(mode(&dir.join("vigie.lock")), 0o600);
    ok(&dir, &["backup"]);
    assert_eq!(mode(&dir.join("backups")), 0o700);
    assert_eq!(mode(&backups(&dir)[0]), 0o600);
    let own = top.path().join("copy.db");
    ok(&dir, &["backup", own.to_str().unwrap()]);
    assert_eq!(mode(&own), 0o600);

    // The daemon's log file, and the store's WAL files while it runs.
    let mut daemon = Daemon::start(&dir);
    let logs = dir.join("logs");
    let log = daemon
        .wait_for("its log file", || std::fs::read_dir(&logs).ok()?.filter_map(Result::ok).map(|e| e.path()).next());
    assert_eq!(mode(&logs), 0o700);
    assert_eq!(mode(&log), 0o600, "{}", log.display());
    let wal = daemon.wait_for("the WAL file", || Some(dir.join("vigie.db-wal")).filter(|p| p.exists()));
    assert_eq!(mode(&wal), 0o600);
    daemon.stop();
}

#[test]
fn a_store_readable_by_others_is_made_private_and_said_once() {
    let dir = demo();
    chmod(dir.path(), 0o755);
    chmod(&dir.path().join("vigie.db"), 0o644);
    let (_, first) = ok(dir.path(), &["cabinet", "list"]);
    assert!(first.contains("readable by other users") && first.contains("now private"), "{first}");
    assert_eq!((mode(dir.path()), mode(&dir.path().join("vigie.db"))), (0o700, 0o600));
    let (_, second) = ok(dir.path(), &["cabinet", "list"]);
    assert_eq!(second, "");
}

#[test]
fn a_store_of_a_newer_vigie_says_so_and_is_left_alone() {
    let dir = demo();
    let store = dir.path().join("vigie.db");
    Connection::open(&store).unwrap().pragma_update(None, "user_version", 42).unwrap();
    let before = std::fs::read(&store).unwrap();
    let message = refused(dir.path(), &["cabinet", "list"]);
    // The number of schema versions this build knows grows with every migration: not pinned.
    assert!(message.contains("written by a newer version of Vigie (schema 42, this version knows "), "{message}");
    assert!(message.contains("): update Vigie"), "{message}");
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

#[test]
fn a_foreign_or_half_created_sqlite_file_is_refused_without_sql() {
    for setup in ["CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)", "CREATE TABLE cabinets (id INTEGER)"] {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("vigie.db");
        Connection::open(&store).unwrap().execute_batch(setup).unwrap();
        let message = refused(dir.path(), &["cabinet", "list"]);
        assert!(message.contains("is not a Vigie store"), "{message}");
        let conn = Connection::open(&store).unwrap();
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 1, "nothing was added to the foreign file");
    }
}

#[test]
fn a_damaged_store_names_its_path_and_the_latest_backup_and_restore_brings_it_back() {
    let dir = demo();
    ok(dir.path(), &["backup"]);
    let backup = backups(dir.path()).pop().unwrap();
    let store = dir.path().join("vigie.db");
    let good = dump(&store);
    // The header and the first pages overwritten: SQLite no longer recognises the file.
    let mut bytes = std::fs::read(&store).unwrap();
    bytes[..8192].fill(0x5a);
    std::fs::write(&store, &bytes).unwrap();
    let message = refused(dir.path(), &["cabinet", "list"]);
    assert!(message.contains(&format!("the store {} is damaged", store.display())), "{message}");
    assert!(message.contains(&format!("vigie restore {}", backup.display())), "{message}");

    let (out, _) = ok(dir.path(), &["restore", backup.to_str().unwrap()]);
    assert!(out.contains("Store restored from"), "{out}");
    assert!(dump(&store) == good, "the store changed");
    // The damaged store was kept, as its bytes, under a name never offered for a restore.
    let saved = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-damaged-store.bin"))
        .unwrap();
    assert!(std::fs::read(&saved).unwrap() == bytes, "the damaged store's bytes were kept");
    std::fs::write(&store, &bytes).unwrap();
    let message = refused(dir.path(), &["cabinet", "list"]);
    assert!(message.contains(&format!("vigie restore {}", backup.display())), "{message}");
}

#[test]
fn restoring_the_oldest_automatic_backup_keeps_it() {
    let dir = demo();
    let first = dir.path().join("first.db");
    ok(dir.path(), &["backup", first.to_str().unwrap()]);
    // Five restores fill the quota of copies taken before a restore.
    for _ in 0..5 {
        ok(dir.path(), &["restore", first.to_str().unwrap()]);
    }
    let oldest = backups(dir.path()).into_iter().find(|p| p.to_string_lossy().contains("before-restore")).unwrap();
    ok(dir.path(), &["restore", oldest.to_str().unwrap()]);
    assert!(oldest.exists(), "the restored backup was pruned");
    let restores = backups(dir.path()).iter().filter(|p| p.to_string_lossy().contains("before-restore")).count();
    assert_eq!(restores, 6, "five kept, and the one restored");
}

#[test]
fn backup_and_restore_round_trip_and_restore_refuses_what_is_not_a_backup() {
    let dir = demo();
    let copy = dir.path().join("copy.db");
    ok(dir.path(), &["backup", copy.to_str().unwrap()]);
    // An existing file is not overwritten.
    let message = refused(dir.path(), &["backup", copy.to_str().unwrap()]);
    assert!(message.contains("exists already"), "{message}");
    let before = dump(&dir.path().join("vigie.db"));
    ok(dir.path(), &["cabinet", "add", "Après la copie"]);
    ok(dir.path(), &["restore", copy.to_str().unwrap()]);
    assert!(dump(&dir.path().join("vigie.db")) == before, "the store changed");
    let (list, _) = ok(dir.path(), &["cabinet", "list"]);
    assert!(!list.contains("Après la copie"), "{list}");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (a)").unwrap();
    for (file, reason) in [
        (text.as_path(), "not a readable SQLite database"),
        (foreign.as_path(), "not a Vigie store"),
        (Path::new("/nonexistent/backup.db"), "no such file"),
    ] {
        let message = refused(dir.path(), &["restore", file.to_str().unwrap()]);
        assert!(message.contains("cannot be restored") && message.contains(reason), "{message}");
    }
    assert!(dump(&dir.path().join("vigie.db")) == before, "the store changed");
}

#[test]
fn restore_is_refused_while_a_daemon_has_the_store_open() {
    let dir = demo();
    let copy = dir.path().join("copy.db");
    ok(dir.path(), &["backup", copy.to_str().unwrap()]);
    ok(dir.path(), &["cabinet", "add", "Récent"]);
    let mut daemon = Daemon::start(dir.path());
    daemon.wait_for("the WAL file", || Some(()).filter(|_| dir.path().join("vigie.db-wal").exists()));
    let message = refused(dir.path(), &["restore", copy.to_str().unwrap()]);
    assert!(message.contains("another Vigie process has the store"), "{message}");
    daemon.stop();
    // The store was not replaced (the daemon's own runs changed it meanwhile).
    assert!(ok(dir.path(), &["cabinet", "list"]).0.contains("Récent"));
    ok(dir.path(), &["restore", copy.to_str().unwrap()]);
    assert!(!ok(dir.path(), &["cabinet", "list"]).0.contains("Récent"));
}

/// A store of schema 2, as the version before the scheduler wrote it.
fn schema2_store(dir: &Path) {
    let mut conn = Connection::open(dir.join("vigie.db")).unwrap();
    rusqlite_migration::Migrations::new(vec![
        rusqlite_migration::M::up(include_str!("../migrations/001_init.sql")),
        rusqlite_migration::M::up(include_str!("../migrations/002_email.sql")),
    ])
    .to_latest(&mut conn)
    .unwrap();
    conn.execute("INSERT INTO cabinets (name, created_at) VALUES ('Ancien', '2026-01-01T00:00:00Z')", []).unwrap();
}

#[test]
fn a_migration_is_preceded_by_a_backup_and_only_the_last_few_automatic_ones_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    schema2_store(dir.path());
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    // Older automatic backups of both kinds, and one of the user's own.
    for day in 10..16 {
        std::fs::write(
            dir.path().join(format!("backups/vigie-202611{day}-120000-00-auto-before-update-schema1.db")),
            b"x",
        )
        .unwrap();
    }
    for day in 20..22 {
        std::fs::write(dir.path().join(format!("backups/vigie-202611{day}-120000-00-auto-before-restore.db")), b"x")
            .unwrap();
    }
    std::fs::write(dir.path().join("backups/vigie-20261101-120000-00-manual.db"), b"x").unwrap();

    let (list, stderr) = ok(dir.path(), &["cabinet", "list"]);
    assert!(list.contains("Ancien"));
    assert!(stderr.contains("a copy of it was saved first"), "{stderr}");
    let all = backups(dir.path());
    let names: Vec<String> = all.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let count = |kind: &str| names.iter().filter(|n| n.contains(kind)).count();
    // Five copies before an update are kept (the new one and the four newest); restores' own
    // copies and the user's are left alone.
    assert_eq!((count("before-update"), count("before-restore")), (5, 2), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("vigie-20261110-") || n.starts_with("vigie-20261111-")), "{names:?}");
    assert!(names.contains(&"vigie-20261101-120000-00-manual.db".to_string()), "{names:?}");
    let before_update = all.iter().find(|p| p.to_string_lossy().contains("before-update-schema2")).unwrap();
    let saved = Connection::open(before_update).unwrap();
    let version: i64 = saved.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let name: String = saved.query_row("SELECT name FROM cabinets", [], |r| r.get(0)).unwrap();
    assert_eq!((version, name.as_str()), (2, "Ancien"));
    // Up to date now: the next command takes no backup.
    let count = all.len();
    ok(dir.path(), &["cabinet", "list"]);
    assert_eq!(backups(dir.path()).len(), count);
}

#[test]
fn a_read_only_store_still_answers_reading_commands() {
    let dir = demo();
    ok(dir.path(), &["check"]);
    let as_reader = |args: &[&str]| -> Output {
        let mut cmd = vigie_cmd(dir.path(), args);
        if unsafe_is_root() {
            // Root writes any file: read as another user, whom the modes below leave reading only.
            let mut wrapped = Command::new("setpriv");
            wrapped
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(cmd.get_program())
                .args(cmd.get_args());
            wrapped.env("VIGIE_NOW", "2026-11-25T08:00:00Z").env_remove("VIGIE_DATA_DIR");
            cmd = wrapped;
        }
        cmd.output().unwrap()
    };
    chmod(dir.path(), 0o555);
    chmod(&dir.path().join("vigie.db"), 0o444);
    // Other users must be able to reach the folder for the root case.
    let mut parent = dir.path().parent();
    while let Some(p) = parent {
        if mode(p) & 0o001 == 0 {
            chmod(p, mode(p) | 0o001);
        }
        parent = p.parent();
    }
    let list = as_reader(&["cabinet", "list"]);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    assert!(String::from_utf8_lossy(&list.stdout).contains("Cabinet Démo"));
    let count = as_reader(&["notifications", "unread-count", "--user", "claire.moreau@cabinet-demo.fr"]);
    assert!(count.status.success(), "{}", String::from_utf8_lossy(&count.stderr));
    let write = as_reader(&["cabinet", "add", "Nouveau"]);
    let stderr = String::from_utf8_lossy(&write.stderr);
    assert_eq!(write.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is read-only: reading commands work"), "{stderr}");
    chmod(dir.path(), 0o700);
}

fn unsafe_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

#[test]
fn a_write_kept_waiting_by_another_process_says_so() {
    let dir = demo();
    let conn = Connection::open(dir.path().join("vigie.db")).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let message = refused(dir.path(), &["cabinet", "add", "Attente"]);
    assert!(message.contains("is busy: another Vigie process"), "{message}");
    assert!(message.contains("try again when it has finished"), "{message}");
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_full_disk_says_so_and_changes_nothing() {
    let dir = demo();
    let store_path = dir.path().join("vigie.db");
    let before = dump(&store_path);
    let mut store = vigie::store::Store::open_dir(dir.path()).unwrap();
    let cabinet = vigie::cabinet::resolve(&store, None).unwrap();
    // SQLite reports a full disk when the file may not grow: the same error a full disk gives.
    let pages: i64 = store.conn().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    store.conn().pragma_update(None, "max_page_count", pages).unwrap();
    let rows: String =
        (0..3000).map(|i| format!("Client {i} avec un nom assez long pour remplir des pages\n")).collect();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T08:00:00Z").unwrap().to_utc();
    let err = vigie::import::import_text(
        &mut store,
        &cabinet,
        vigie::import::ImportKind::Clients,
        "clients.csv",
        &format!("name\n{rows}"),
        false,
        now,
    )
    .unwrap_err();
    let err = vigie::store::explain(err, &store_path);
    assert!(matches!(err, vigie::Error::StoreFull { .. }), "{err}");
    assert!(err.to_string().contains("is full: free some space"), "{err}");
    drop(store);
    assert!(dump(&store_path) == before, "the store changed");
}

/// A `vigie daemon` on a store, stopped by SIGTERM; its stderr is kept to explain a failure.
struct Daemon {
    child: Child,
    stderr: tempfile::NamedTempFile,
}

impl Daemon {
    fn start(dir: &Path) -> Self {
        let stderr = tempfile::NamedTempFile::new().unwrap();
        let child = vigie_cmd(dir, &["daemon"])
            .env_remove("VIGIE_NOW")
            .stdout(Stdio::null())
            .stderr(stderr.reopen().unwrap())
            .spawn()
            .unwrap();
        Self { child, stderr }
    }

    /// Polls `probe` until it finds something, for at most 30 s, failing at once if the daemon
    /// exits meanwhile.
    fn wait_for<T>(&mut self, what: &str, probe: impl Fn() -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(found) = probe() {
                return found;
            }
            let log = || std::fs::read_to_string(self.stderr.path()).unwrap_or_default();
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the daemon exited ({status}) before {what}:\n{}", log());
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; the daemon said:\n{}", log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the daemon once it is running (its scheduler started), as a user's SIGTERM would.
    fn stop(&mut self) {
        let log = self.stderr.path().to_path_buf();
        self.wait_for("the scheduler to start", || {
            Some(()).filter(|_| std::fs::read_to_string(&log).unwrap_or_default().contains("scheduler started"))
        });
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the daemon exited with {status}");
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_schema_3_inbox_upgrades_with_its_counts_exact_and_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut conn = Connection::open(dir.path().join("vigie.db")).unwrap();
        rusqlite_migration::Migrations::new(vec![
            rusqlite_migration::M::up(include_str!("../migrations/001_init.sql")),
            rusqlite_migration::M::up(include_str!("../migrations/002_email.sql")),
            rusqlite_migration::M::up(include_str!("../migrations/003_jobs.sql")),
        ])
        .to_latest(&mut conn)
        .unwrap();
        conn.execute_batch(
            "INSERT INTO cabinets (id, name, created_at) VALUES (1, 'Ancien', '2026-01-01T00:00:00Z');
             INSERT INTO staff (id, cabinet_id, name, email, role, created_at)
                 VALUES (1, 1, 'Léa', 'lea@a.fr', 'expert', '2026-01-01T00:00:00Z');
             INSERT INTO notifications (cabinet_id, recipient_id, kind, title, body, subject_type, subject_id,
                                        dedup_key, created_at, read_at, archived)
             VALUES (1, 1, 'taches_retard', 'Non lue', '', 'task', 1, 'task:1:overdue', '2026-11-20T08:00:00Z', NULL, 0),
                    (1, 1, 'taches_retard', 'Lue', '', 'task', 2, 'task:2:overdue', '2026-11-20T08:00:00Z',
                     '2026-11-21T08:00:00Z', 0),
                    (1, 1, 'taches_retard', 'Archivée', '', 'task', 3, 'task:3:overdue', '2026-11-20T08:00:00Z', NULL, 1);",
        )
        .unwrap();
    }
    let counts = crate::support::cli::json(
        dir.path(),
        "2026-11-25T08:00:00Z",
        &["notifications", "counts", "--user", "lea@a.fr"],
    );
    // The archived one left the badge and went to the archive; the others kept their state.
    assert_eq!(
        (counts["all"].as_u64(), counts["unread"].as_u64(), counts["archived"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    let badge = crate::support::cli::json(
        dir.path(),
        "2026-11-25T08:00:00Z",
        &["notifications", "unread-count", "--user", "lea@a.fr"],
    );
    assert_eq!(badge["unread_count"], 1);
    let saved =
        backups(dir.path()).into_iter().find(|p| p.to_string_lossy().contains("before-update-schema3")).unwrap();
    let version: i64 = Connection::open(saved).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 3);
}
