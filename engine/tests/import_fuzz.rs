//! Hostile and broken CSV files, written by hand and generated: the import never panics,
//! refuses a file without changing the store, and when it accepts one stores what it says.

use crate::support::firm::Firm;
use crate::support::store_dump::dump;

use vigie::Error;
use vigie::clock::Clock as _;
use vigie::import::{ImportKind, import_file};
use vigie::text::check_line;

/// A small deterministic generator (xorshift64*), so that a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The generator's seed: `VIGIE_FUZZ_SEED` to try others or replay a failure, else `default`.
fn seed(default: u64) -> u64 {
    std::env::var("VIGIE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// How many files to generate: `VIGIE_FUZZ_CASES` for a longer run, else `default`.
fn cases(default: usize) -> usize {
    std::env::var("VIGIE_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// Characters a cell is made of: ordinary and accented letters, what CSV gives meaning to,
/// line breaks, control characters, bidirectional overrides, characters outside Windows-1252.
const ALPHABET: &[char] = &[
    'a', 'b', 'M', 'z', ' ', ' ', '-', '\'', 'é', 'É', 'ç', 'à', '’', '€', '°', '"', ';', ',', '\n', '\r', '\t', '\0',
    '\u{1b}', '\u{7}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2028}', '😀', '\u{a0}',
];

/// The first characters of [`ALPHABET`], which any name may hold.
const SAFE: usize = 19;

/// A cell's text; a `hostile` one may hold anything, others only what a name may hold.
fn cell(rng: &mut Rng, hostile: bool) -> String {
    let len = match rng.below(20) {
        0 if hostile => 250 + rng.below(60),
        1..=3 => 0,
        _ => 1 + rng.below(12),
    };
    let pool = if hostile { ALPHABET.len() } else { SAFE };
    (0..len)
        .map(|_| if rng.chance(60) { ['a', 'e', 'r', 't', ' '][rng.below(5)] } else { ALPHABET[rng.below(pool)] })
        .collect()
}

/// One row of a generated `name;siren;legal_form` clients file, as the cells were meant.
struct Row {
    name: String,
    siren: String,
    siren_valid: bool,
    legal_form: String,
}

/// Rows of a file: in a hostile one (half of them), any cell may be bad.
fn rows(rng: &mut Rng, case: usize) -> Vec<Row> {
    let hostile = rng.chance(50);
    (0..1 + rng.below(6))
        .map(|i| {
            let bad_cell = hostile && rng.chance(40);
            let (siren, siren_valid) = match rng.below(if bad_cell { 8 } else { 6 }) {
                0..=2 => (String::new(), true),
                3..=5 => (vigie::siren::with_check_digit(20_000_000 + (case * 10 + i) as u32 * 7_919), true),
                6 => ("000000000".to_string(), false),
                _ => {
                    // Garbage, unless it happens to be blank or a SIREN.
                    let text = cell(rng, true);
                    let valid = text.trim().is_empty() || vigie::siren::parse(text.trim()).is_ok();
                    (text, valid)
                }
            };
            let name = cell(rng, bad_cell);
            let legal_form = if rng.chance(50) { cell(rng, bad_cell) } else { String::new() };
            Row { name, siren, siren_valid, legal_form }
        })
        .collect()
}

/// The file's text, each cell quoted when it must be.
fn csv_text(rows: &[Row], sep: char) -> String {
    let quote = |v: &str| {
        if v.contains(['"', sep, '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_string() }
    };
    let mut text = format!("name{sep}siren{sep}legal_form\n");
    for r in rows {
        text.push_str(&format!("{}{sep}{}{sep}{}\n", quote(&r.name), quote(&r.siren), quote(&r.legal_form)));
    }
    text
}

/// Whether the import must accept these rows: every row that is not blank is valid, and no two
/// rows name the same client.
fn acceptable(rows: &[Row]) -> bool {
    let mut keys = std::collections::HashSet::new();
    for r in rows {
        let (name, siren, form) = (r.name.trim(), r.siren.trim(), r.legal_form.trim());
        if name.is_empty() && siren.is_empty() && form.is_empty() {
            continue;
        }
        let valid = !name.is_empty() && check_line(name).is_ok() && check_line(form).is_ok() && r.siren_valid;
        let key = if siren.is_empty() { format!("name:{}", vigie::model::normalize(name)) } else { siren.to_string() };
        if !valid || !keys.insert(key) {
            return false;
        }
    }
    true
}

/// How the file's bytes were made from the rows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    /// UTF-8, as written.
    Clean,
    /// Windows-1252, when every character has a byte there.
    Windows1252,
    /// Broken: stray or missing quotes, truncation, random bytes, one line in another encoding.
    Broken,
}

fn bytes_of(rng: &mut Rng, text: &str) -> (Vec<u8>, Variant) {
    let mut bytes = text.as_bytes().to_vec();
    match rng.below(10) {
        0..=4 => return (bytes, Variant::Clean),
        5 => {
            let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
            if !unmappable {
                return (encoded.into_owned(), Variant::Windows1252);
            }
        }
        6 => {
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, b'"');
        }
        7 => {
            if let Some(at) = bytes.iter().position(|&b| b == b'"') {
                bytes.remove(at);
            }
            bytes.truncate(rng.below(bytes.len() + 1));
        }
        8 => {
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(bytes.len() + 1);
                bytes.insert(at, rng.next() as u8);
            }
        }
        _ => {
            // The last line re-encoded in Windows-1252, as a hand edit in another program does.
            let last = text.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(last);
            bytes.extend_from_slice(&encoded);
            bytes.push(b'\n');
        }
    }
    (bytes, Variant::Broken)
}

/// The cells of `text` (lines ending with LF) read by the plain RFC 4180 rules, to tell what a
/// broken file says once the import has found its quoting sound.
fn rfc4180_cells(text: &str, sep: char) -> std::collections::HashSet<String> {
    let mut cells = std::collections::HashSet::new();
    let (mut cell, mut quoted, mut at_start) = (String::new(), false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c != '"' {
                cell.push(c);
            } else if chars.peek() == Some(&'"') {
                chars.next();
                cell.push('"');
            } else {
                quoted = false;
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == sep || c == '\n' {
            cells.insert(std::mem::take(&mut cell).trim().to_string());
            at_start = true;
        } else {
            cell.push(c);
            at_start = false;
        }
    }
    cells.insert(cell.trim().to_string());
    cells
}

/// What the import accepted, checked against the file: clean files exactly, broken ones by
/// making sure every stored name is a safe one-line value that is a cell of the file.
fn check_accepted(f: &Firm, rows: &[Row], bytes: &[u8], variant: Variant, before: &[String], case: &str) {
    let clients: Vec<(String, Option<String>, Option<String>)> = {
        let mut stmt = f.store.conn().prepare("SELECT name, siren, legal_form FROM clients").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
    };
    if variant == Variant::Broken {
        let text = match (encoding_rs::Encoding::for_bom(bytes), std::str::from_utf8(bytes)) {
            (Some((encoding, bom)), _) => encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned(),
            (None, Ok(text)) => text.to_string(),
            (None, Err(_)) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let header = text.lines().next().unwrap_or("");
        let sep = [';', ',', '\t'].into_iter().max_by_key(|&c| (header.matches(c).count(), c == ';')).unwrap_or(';');
        let cells = rfc4180_cells(text, sep);
        let changed = dump(f.store.conn()) != before;
        for (name, _, form) in &clients {
            assert!(check_line(name).is_ok() && !name.is_empty(), "{case}: stored name {name:?}");
            let base = name == "Boulangerie Martin" || name == "SCI Les Tilleuls";
            assert!(!changed || base || cells.contains(name), "{case}: stored name {name:?} is not a cell of {text:?}");
            if let Some(form) = form {
                assert!(check_line(form).is_ok(), "{case}: stored legal form {form:?}");
            }
        }
        return;
    }
    // Windows-1252 text that happens to be valid UTF-8 (`É’` is C9 92, which is `ɒ`) is read
    // as UTF-8: valid UTF-8 stays UTF-8, by rule. Rare in practice, and not this check's subject.
    if variant == Variant::Windows1252 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        return;
    }
    for r in rows {
        let (name, siren, form) = (r.name.trim(), r.siren.trim(), r.legal_form.trim());
        if name.is_empty() && siren.is_empty() && form.is_empty() {
            continue;
        }
        // A later row without SIREN but of the same name updates that client (clients.rs).
        if rows.iter().filter(|other| other.name.trim() == name).count() > 1 {
            continue;
        }
        let form = (!form.is_empty()).then(|| form.to_string());
        let stored = clients
            .iter()
            .any(|(n, s, l)| n == name && l == &form && (siren.is_empty() || s.as_deref() == Some(siren)));
        assert!(
            stored,
            "{case}: row {name:?} {siren:?} {form:?} is not stored as written: {clients:?} from {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

fn firm() -> Firm {
    let mut f = Firm::new();
    let cabinet = f.cabinet.clone();
    let now = f.clock.now();
    let base = "name;siren;legal_form\nBoulangerie Martin;732829320;SARL\nSCI Les Tilleuls;552100554;\n";
    vigie::import::import_text(&mut f.store, &cabinet, ImportKind::Clients, "base.csv", base, false, now).unwrap();
    f
}

/// Imports `bytes` as a clients file into a firm that already has clients, and checks the
/// outcome against `rows` (what the file was meant to say).
fn run_case(case: &str, rows: &[Row], bytes: &[u8], variant: Variant, dir: &tempfile::TempDir) {
    let mut f = firm();
    let cabinet = f.cabinet.clone();
    let path = dir.path().join("clients.csv");
    std::fs::write(&path, bytes).unwrap();
    let before = dump(f.store.conn());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        import_file(&mut f.store, &cabinet, ImportKind::Clients, &path, false, f.clock.now())
    }));
    let result = result.unwrap_or_else(|_| panic!("{case}: the import panicked on {bytes:?}"));
    let expected = acceptable(rows);
    match result {
        Ok(_) => {
            assert!(variant == Variant::Broken || expected, "{case}: accepted {bytes:?}");
            check_accepted(&f, rows, bytes, variant, &before, case);
        }
        Err(Error::Import { problems, .. }) => {
            assert!(!problems.is_empty(), "{case}");
            assert_eq!(dump(f.store.conn()), before, "{case}: a refused file changed the store");
            // A Windows-1252 file holding by chance a valid UTF-8 sequence (`É` then `€`) is
            // taken for a mixed file: refused with a clear reason, never garbled.
            let encoding_only = problems.iter().all(|p| p.column == "encoding");
            let tolerated = variant == Variant::Windows1252 && encoding_only;
            assert!(variant == Variant::Broken || !expected || tolerated, "{case}: refused {bytes:?}: {problems:?}");
        }
        Err(other) => panic!("{case}: unexpected error {other}"),
    }
}

#[test]
fn generated_files_never_panic_and_are_stored_as_written_or_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed(0x5eed_cafe_f00d_0001));
    let (mut accepted, mut refused) = (0, 0);
    for case in 0..cases(300) {
        let rows = rows(&mut rng, case);
        let sep = if rng.chance(80) { ';' } else { ',' };
        let (bytes, variant) = bytes_of(&mut rng, &csv_text(&rows, sep));
        run_case(&format!("case {case} ({variant:?})"), &rows, &bytes, variant, &dir);
        if acceptable(&rows) && variant != Variant::Broken { accepted += 1 } else { refused += 1 }
    }
    // The generator must exercise both outcomes, or the test proves little.
    assert!(accepted > 30 && refused > 30, "accepted {accepted}, refused {refused}");
}

/// Hand-written broken files: each is refused, or accepted only with safe values.
const CORPUS: &[&[u8]] = &[
    b"",
    b"\xef\xbb\xbf",
    b"\n\n\n",
    b"name;siren\n\"Dupont;\nMartin;\n",
    b"\"name;siren\nA;\n",
    b"name;siren\n\"A\"\"\n",
    b"name;siren\n\"A\"B\";\n",
    b"name;siren\nA;\"\n",
    b"name;siren\r\"A\r\nB\";\r",
    b"name;siren\nSoci\xc3\xa9t\xc3\xa9;\nCaf\xe9;\n",
    b"name;siren\nCaf\xe9\x81;\n",
    b"name;siren\n\x00\x00\x00;\n",
    b"\xff\xfen\x00a\x00m\x00e\x00\n\x00A\x00\n\x00",
    b"\xff\xfen\x00a\x00\x00\xd8",
    b"\xfe\xff\x00n",
    b"name\x1b[31m;siren\nA;\n",
    b"name;siren\nA\x1b]0;pwned\x07;\n",
    b"name;siren\nA;000000000\n",
    b"name;siren\nA;;;;;;;;x\n",
    b"name;siren;;;\n;;;;\n",
    b"name;siren\n\xe2\x80\xaeexe.txt;\n",
    b"name;siren\n\xc2\x9b31m;\n",
    b";;;\nA;B;C\n",
];

#[test]
fn a_corpus_of_broken_files_never_panics_nor_changes_the_store_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (i, bytes) in CORPUS.iter().enumerate() {
        run_case(&format!("corpus {i}"), &[], bytes, Variant::Broken, &dir);
    }
    let long = format!("name;siren\n{};\n", "x".repeat(100_000));
    run_case("long cell", &[], long.as_bytes(), Variant::Broken, &dir);
}

/// A few dozen of the generated files through the real binary: exit 0 or 1, the store unchanged
/// on refusal, and nothing from the file that could drive a terminal in what it prints.
#[test]
fn the_binary_refuses_with_exit_1_and_prints_no_control_character() {
    let dir = tempfile::tempdir().unwrap();
    let vigie = |args: &[&str]| {
        crate::support::cli::command(dir.path())
            .args(args)
            .env("VIGIE_NOW", "2026-11-25T08:00:00Z")
            .env_remove("VIGIE_DATA_DIR")
            .output()
            .unwrap()
    };
    assert!(vigie(&["cabinet", "add", "Alpha"]).status.success());
    let store_dump = || dump(vigie::store::Store::open_dir(dir.path()).unwrap().conn());
    let path = dir.path().join("clients.csv");
    let path_text = path.to_str().unwrap();
    let mut rng = Rng(seed(0x5eed_cafe_f00d_0002));
    let mut codes = [0; 2];
    for case in 0..cases(40) {
        let rows = rows(&mut rng, case);
        let (bytes, variant) = bytes_of(&mut rng, &csv_text(&rows, ';'));
        std::fs::write(&path, &bytes).unwrap();
        let before = store_dump();
        for json in [false, true] {
            let args: &[&str] =
                if json { &["--json", "import", "clients", path_text] } else { &["import", "clients", path_text] };
            let out = vigie(args);
            let code = out.status.code();
            assert!(matches!(code, Some(0 | 1)), "case {case}: exit {code:?}");
            let printed = [out.stdout, out.stderr].concat();
            let printed = String::from_utf8(printed).unwrap_or_else(|e| panic!("case {case}: output not UTF-8: {e}"));
            assert!(
                !printed
                    .chars()
                    .any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)),
                "case {case}: {printed:?}"
            );
            if code == Some(1) {
                assert_eq!(store_dump(), before, "case {case}: a refused file changed the store");
                if json {
                    let refusal: serde_json::Value = serde_json::from_str(&printed).unwrap();
                    assert_eq!(refusal["code"], "import_refused", "case {case}");
                }
            } else if variant == Variant::Clean {
                assert!(acceptable(&rows), "case {case}: accepted {bytes:?}");
            }
            codes[code.unwrap_or(1) as usize] += 1;
        }
    }
    assert!(codes[0] > 5 && codes[1] > 5, "{codes:?}");
}
