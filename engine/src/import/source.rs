//! Reading a CSV file as French Excel writes it: `;` or `,`, UTF-8 with or without BOM, or
//! Windows-1252; headers matched to canonical column names through French aliases.

use super::fields;
use super::problem::{ImportProblem, Reason, quoted};
use super::quotes;
use crate::model::normalize;

/// A column of an import kind: its canonical name, accepted aliases, whether it is required,
/// and whether it is free text that may span lines (names, emails and codes never do).
pub(crate) struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    pub multiline: bool,
}

impl Column {
    /// Whether a normalized header name designates this column.
    fn matches(&self, name: &str) -> bool {
        name == self.name || self.aliases.contains(&name)
    }
}

/// Where the kind's columns sit in a file's header.
pub(crate) struct Layout {
    /// For each canonical column of the kind, its position in the file, if present.
    pub positions: Vec<Option<usize>>,
    /// For each header cell, the kind's column that reads it, if any (`positions` inverted).
    pub read_as: Vec<Option<usize>>,
    /// The header's cells as shown in messages; a row may fill them all.
    pub headers: Vec<String>,
    /// Header columns that are not read, each as `file:1: column "X" …`.
    pub warnings: Vec<String>,
    /// The same warnings in French, for the window.
    pub warnings_french: Vec<String>,
}

/// A file read one data row at a time, after its header: no row is kept once the next is read,
/// so that a file of 200,000 rows is not held as 200,000 rows of cells.
pub(crate) struct Source<'a> {
    /// The header's layout.
    pub layout: Layout,
    /// The data rows, read one at a time.
    pub rows: Rows<'a>,
}

/// The data rows of a file, after its header.
pub(crate) struct Rows<'a> {
    file: &'a str,
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
}

/// One data row: its line in the file (the header is line 1) and its cells, trimmed.
pub(crate) struct Row<'r> {
    pub line: u64,
    pub cells: Vec<&'r str>,
}

/// Guesses the separator from the header line: the most frequent of `;`, `,` and tab.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    [(b';', count(';')), (b',', count(',')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|&(sep, n)| (n, sep == b';'))
        .map_or(b';', |(sep, _)| sep)
}

/// A header cell as shown in messages: Excel headers wrapped on several lines read as one.
fn header_text(cell: &str) -> String {
    cell.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Opens the file `text` (whose lines end with LF: the csv crate miscounts the lines of CRLF
/// files, see `encoding::decode`) for reading its rows, its header's columns mapped onto
/// `columns`; the header must hold at least one of `one_of` when it is not empty.
///
/// Header and quoting problems are all reported at once; the whole text is scanned for
/// quoting before any row is read, so that an unclosed quote refuses the file first.
pub(crate) fn open<'a>(
    file: &'a str,
    text: &'a str,
    columns: &[Column],
    one_of: &[&str],
) -> Result<Source<'a>, Vec<ImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = separator(text);
    let quoting = quotes::check(text, delimiter);
    if let Some(problem) = quoting.as_ref().filter(|q| q.line == 1) {
        return Err(vec![ImportProblem::new(file, 1, "header", problem.reason.english, problem.reason.french)]);
    }
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| vec![ImportProblem::at(file, 1, "header", unreadable(&e))])?.clone();
    // Header cells are not stored, but they are printed in messages: no control character.
    let mut errors: Vec<ImportProblem> = headers
        .iter()
        .filter_map(|h| fields::cell(h, true).err())
        .map(|reason| ImportProblem::at(file, 1, "header", reason))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let shown: Vec<String> = headers.iter().map(header_text).collect();
    let names: Vec<String> = shown.iter().map(|h| normalize(h)).collect();
    let found = || shown.join(", ");
    let mut positions = Vec::with_capacity(columns.len());
    for col in columns {
        let pos = names.iter().position(|h| col.matches(h));
        if pos.is_none() && col.required {
            errors.push(ImportProblem::new(
                file,
                1,
                col.name,
                format!("required column missing (header found: {})", found()),
                format!("colonne obligatoire absente (en-tête trouvé : {})", found()),
            ));
        }
        positions.push(pos);
    }
    let present = |name: &str| columns.iter().zip(&positions).any(|(c, p)| c.name == name && p.is_some());
    if !one_of.is_empty() && !one_of.iter().any(|name| present(name)) {
        errors.push(ImportProblem::new(
            file,
            1,
            one_of[0],
            format!("required column missing (the header needs {}; header found: {})", one_of.join(" or "), found()),
            format!(
                "colonne obligatoire absente (l'en-tête doit avoir {} ; en-tête trouvé : {})",
                one_of.join(" ou "),
                found()
            ),
        ));
    }
    if let Some(problem) = quoting {
        // Named after the cell's column, so that the person knows which cell to look at.
        let field = match columns.iter().zip(&positions).find(|(_, p)| **p == Some(problem.cell)) {
            Some((col, _)) => col.name,
            None => shown.get(problem.cell).filter(|h| !h.is_empty()).map_or("row", String::as_str),
        };
        errors.push(ImportProblem::new(file, problem.line, field, problem.reason.english, problem.reason.french));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (warnings, warnings_french) = unused_columns(file, &shown, &names, columns, &positions);
    let read_as = (0..shown.len()).map(|cell| positions.iter().position(|p| *p == Some(cell))).collect();
    let layout = Layout { positions, read_as, headers: shown, warnings, warnings_french };
    Ok(Source { layout, rows: Rows { file, reader, record: csv::StringRecord::new() } })
}

impl<'a> Rows<'a> {
    /// The file, as named in messages.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// The next data row, None at the end; a row the csv crate cannot read is a problem.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, ImportProblem>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return None,
                Ok(true) => {
                    // Excel leaves rows of bare separators after the data; they carry nothing.
                    if self.record.iter().all(|v| v.trim().is_empty()) {
                        continue;
                    }
                    break;
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    return Some(Err(ImportProblem::at(self.file, line, "row", unreadable(&e))));
                }
            }
        }
        let line = self.record.position().map_or(0, |p| p.line());
        Some(Ok(Row { line, cells: self.record.iter().map(str::trim).collect() }))
    }
}

/// A line the csv crate cannot read (it reads text, so this is not expected to happen).
fn unreadable(error: &csv::Error) -> Reason {
    Reason::new(error.to_string(), format!("cette ligne n'a pas pu être lue (détail technique : {error})"))
}

/// Warnings for the header columns no canonical column reads, so that a misspelt column is not
/// silently ignored; unnamed columns (Excel's trailing separators) are left out. In English
/// for the command line, and in French for the window.
fn unused_columns(
    file: &str,
    headers: &[String],
    names: &[String],
    columns: &[Column],
    positions: &[Option<usize>],
) -> (Vec<String>, Vec<String>) {
    let expected = columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
    let (mut english, mut french) = (Vec::new(), Vec::new());
    for (index, (header, name)) in headers.iter().zip(names).enumerate() {
        if name.is_empty() || positions.contains(&Some(index)) {
            continue;
        }
        match columns.iter().find(|c| c.matches(name)) {
            Some(col) => {
                english.push(format!(
                    "{file}:1: column \"{header}\" repeats {} and is not used (only the first is read)",
                    col.name
                ));
                french.push(format!(
                    "la colonne {} répète la colonne {} et n'est pas lue (seule la première est lue)",
                    quoted(header),
                    col.name
                ));
            }
            None => {
                english.push(format!("{file}:1: column \"{header}\" is not used (expected: {expected})"));
                french.push(format!("la colonne {} n'est pas lue (colonnes attendues : {expected})", quoted(header)));
            }
        }
    }
    (english, french)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column { name: "name", aliases: &["nom"], required: true, multiline: false },
        Column { name: "email", aliases: &["courriel", "e_mail"], required: true, multiline: false },
        Column { name: "active", aliases: &["actif"], required: false, multiline: false },
    ];

    /// The file read whole, as the tests look at it.
    struct Table {
        positions: Vec<Option<usize>>,
        headers: Vec<String>,
        warnings: Vec<String>,
        rows: Vec<(u64, Vec<String>)>,
    }

    fn read(file: &str, text: &str, columns: &[Column], one_of: &[&str]) -> Result<Table, Vec<ImportProblem>> {
        let text = super::super::encoding::lf_lines(text);
        let mut source = open(file, &text, columns, one_of)?;
        let mut rows = Vec::new();
        let mut unreadable = Vec::new();
        while let Some(row) = source.rows.next_row() {
            match row {
                Ok(row) => rows.push((row.line, row.cells.iter().map(|c| c.to_string()).collect())),
                Err(problem) => unreadable.push(problem),
            }
        }
        if !unreadable.is_empty() {
            return Err(unreadable);
        }
        let Layout { positions, headers, warnings, .. } = source.layout;
        Ok(Table { positions, headers, warnings, rows })
    }

    fn problems(result: Result<Table, Vec<ImportProblem>>) -> Vec<String> {
        result.err().unwrap().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn semicolons_bom_and_french_headers() {
        let text = "\u{feff}Nom;Courriel\r\nZoé Roux;zoe@x.fr\r\n;\r\n";
        let table = read("f.csv", text, COLS, &[]).unwrap();
        assert_eq!(table.positions, vec![Some(0), Some(1), None]);
        assert_eq!(table.rows, vec![(2, vec!["Zoé Roux".to_string(), "zoe@x.fr".to_string()])]);
    }

    #[test]
    fn missing_required_columns_are_each_reported() {
        let errors = problems(read("f.csv", "nom;actif\nA;oui\n", COLS, &[]));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("f.csv:1: email: required column missing"), "{errors:?}");
    }

    #[test]
    fn quoted_separators_survive() {
        let table = read("f.csv", "nom;email\n\"Dupont; fils\";d@x.fr\n", COLS, &[]).unwrap();
        assert_eq!(table.rows[0].1[0], "Dupont; fils");
    }

    #[test]
    fn an_unclosed_quote_is_refused_at_its_line_whatever_the_columns() {
        // With only optional columns after it, the csv crate would read the rest of the file
        // into the one cell.
        let mut text = String::from("nom;email;actif\n\"Dupont;d@x.fr;oui\n");
        for i in 0..50 {
            text.push_str(&format!("Client {i};c{i}@x.fr;oui\n"));
        }
        assert_eq!(
            problems(read("f.csv", &text, COLS, &[])),
            ["f.csv:2: name: quote opened here is never closed (a cell starting with \" needs a closing \")"]
        );
        let errors = problems(read("f.csv", "nom;email;Note\nA;a@x.fr;ok\nB;b@x.fr;\"x\n", COLS, &[]));
        assert_eq!(
            errors,
            ["f.csv:3: Note: quote opened here is never closed (a cell starting with \" needs a closing \")"]
        );
        let errors = problems(read("f.csv", "\"nom;email\nA;a@x.fr\n", COLS, &[]));
        assert_eq!(
            errors,
            ["f.csv:1: header: quote opened here is never closed (a cell starting with \" needs a closing \")"]
        );
    }

    #[test]
    fn header_cells_with_control_characters_are_refused_and_wrapped_ones_read() {
        let errors = problems(read("f.csv", "nom;email;\u{1b}[31mX\nA;a@x.fr;\n", COLS, &[]));
        assert_eq!(errors, ["f.csv:1: header: control character U+001B is not allowed"]);
        // Excel headers typed with Alt+Enter.
        let table = read("f.csv", "nom;\"e\nmail\";\"Date de\nclôture\"\nA;a@x.fr;\n", COLS, &[]).unwrap();
        assert_eq!(table.positions, [Some(0), Some(1), None]);
        assert_eq!(table.headers, ["nom", "e mail", "Date de clôture"]);
        assert_eq!(table.warnings, ["f.csv:1: column \"Date de clôture\" is not used (expected: name, email, active)"]);
    }

    #[test]
    fn unknown_and_repeated_columns_are_warnings_and_the_width_is_the_header_s() {
        let table = read("f.csv", "Nom;Commentaire;Courriel;;E-mail\nA;x;a@x.fr;;\n", COLS, &[]).unwrap();
        assert_eq!(table.positions, vec![Some(0), Some(2), None]);
        assert_eq!(table.headers.len(), 5);
        assert_eq!(
            table.warnings,
            [
                "f.csv:1: column \"Commentaire\" is not used (expected: name, email, active)",
                "f.csv:1: column \"E-mail\" repeats email and is not used (only the first is read)",
            ]
        );
    }

    #[test]
    fn one_of_a_group_of_columns_must_be_present() {
        const CLIENT: &[Column] = &[
            Column { name: "client_siren", aliases: &[], required: false, multiline: false },
            Column { name: "client_name", aliases: &["client"], required: false, multiline: false },
            Column { name: "label", aliases: &[], required: true, multiline: false },
        ];
        let one_of = &["client_siren", "client_name"];
        assert!(read("f.csv", "client;label\n", CLIENT, one_of).is_ok());
        assert_eq!(
            problems(read("f.csv", "label\n", CLIENT, one_of)),
            [
                "f.csv:1: client_siren: required column missing (the header needs client_siren or client_name; header found: label)"
            ]
        );
    }
}
