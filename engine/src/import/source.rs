//! Reading a CSV file as French Excel writes it: `;` or `,`, UTF-8 with or without BOM, or
//! Windows-1252; headers matched to canonical column names through French aliases.

use crate::model::normalize;

/// A column of an import kind: its canonical name, accepted aliases, and whether it is required.
pub(crate) struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

impl Column {
    /// Whether a normalized header name designates this column.
    fn matches(&self, name: &str) -> bool {
        name == self.name || self.aliases.contains(&name)
    }
}

/// The decoded file: which canonical column sits at which position, and the data rows.
pub(crate) struct Table {
    /// For each canonical column of the kind, its position in the file, if present.
    pub positions: Vec<Option<usize>>,
    /// How many columns the header has, used or not: a row may fill them all.
    pub width: usize,
    /// Header columns that are not read, each as `file:1: column "X" …`.
    pub warnings: Vec<String>,
    /// Data rows with their line numbers in the file (the header is line 1).
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Decodes bytes: UTF-8 (BOM or not); bytes that are not UTF-8 are read as Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
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

/// Parses the file into a table whose columns are mapped onto `columns`; the header must hold
/// at least one of `one_of` when it is not empty.
///
/// Errors are `file:line: field: reason` strings; header problems are all reported at once.
pub(crate) fn read(file: &str, text: &str, columns: &[Column], one_of: &[&str]) -> Result<Table, Vec<String>> {
    // The csv crate miscounts the lines of CRLF files; old Mac Excel ends lines with CR alone.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| vec![format!("{file}:1: header: {e}")])?.clone();
    let names: Vec<String> = headers.iter().map(normalize).collect();
    let found = || headers.iter().collect::<Vec<_>>().join(", ");
    let mut errors = Vec::new();
    let mut positions = Vec::with_capacity(columns.len());
    for col in columns {
        let pos = names.iter().position(|h| col.matches(h));
        if pos.is_none() && col.required {
            errors.push(format!("{file}:1: {}: required column missing (header found: {})", col.name, found()));
        }
        positions.push(pos);
    }
    let present = |name: &str| columns.iter().zip(&positions).any(|(c, p)| c.name == name && p.is_some());
    if !one_of.is_empty() && !one_of.iter().any(|name| present(name)) {
        errors.push(format!(
            "{file}:1: {}: required column missing (the header needs {}; header found: {})",
            one_of[0],
            one_of.join(" or "),
            found()
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let warnings = unused_columns(file, &headers, &names, columns, &positions);
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let values: Vec<String> = record.iter().map(|v| v.trim().to_string()).collect();
                // Excel leaves rows of bare separators after the data; they carry nothing.
                if values.iter().all(String::is_empty) {
                    continue;
                }
                rows.push((line, values));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("{file}:{line}: row: {e}"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Table { positions, width: headers.len(), warnings, rows })
}

/// Warnings for the header columns no canonical column reads, so that a misspelt column is not
/// silently ignored; unnamed columns (Excel's trailing separators) are left out.
fn unused_columns(
    file: &str,
    headers: &csv::StringRecord,
    names: &[String],
    columns: &[Column],
    positions: &[Option<usize>],
) -> Vec<String> {
    let expected = columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
    let mut warnings = Vec::new();
    for (index, (header, name)) in headers.iter().zip(names).enumerate() {
        if name.is_empty() || positions.contains(&Some(index)) {
            continue;
        }
        let header = header.trim();
        warnings.push(match columns.iter().find(|c| c.matches(name)) {
            Some(col) => {
                format!("{file}:1: column \"{header}\" repeats {} and is not used (only the first is read)", col.name)
            }
            None => format!("{file}:1: column \"{header}\" is not used (expected: {expected})"),
        });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column { name: "name", aliases: &["nom"], required: true },
        Column { name: "email", aliases: &["courriel", "e_mail"], required: true },
        Column { name: "active", aliases: &["actif"], required: false },
    ];

    #[test]
    fn semicolons_bom_and_french_headers() {
        let bytes = "\u{feff}Nom;Courriel\r\nZoé Roux;zoe@x.fr\r\n;\r\n".as_bytes();
        let table = read("f.csv", &decode(bytes), COLS, &[]).unwrap();
        assert_eq!(table.positions, vec![Some(0), Some(1), None]);
        assert_eq!(table.rows, vec![(2, vec!["Zoé Roux".to_string(), "zoe@x.fr".to_string()])]);
    }

    #[test]
    fn windows_1252_is_decoded() {
        let bytes = b"nom,email\nH\xe9l\xe8ne,h@x.fr\n";
        let table = read("f.csv", &decode(bytes), COLS, &[]).unwrap();
        assert_eq!(table.rows[0].1[0], "Hélène");
    }

    #[test]
    fn missing_required_columns_are_each_reported() {
        let errors = read("f.csv", "nom;actif\nA;oui\n", COLS, &[]).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("f.csv:1: email: required column missing"), "{errors:?}");
    }

    #[test]
    fn quoted_separators_survive() {
        let table = read("f.csv", "nom;email\n\"Dupont; fils\";d@x.fr\n", COLS, &[]).unwrap();
        assert_eq!(table.rows[0].1[0], "Dupont; fils");
    }

    #[test]
    fn unknown_and_repeated_columns_are_warnings_and_the_width_is_the_header_s() {
        let table = read("f.csv", "Nom;Commentaire;Courriel;;E-mail\nA;x;a@x.fr;;\n", COLS, &[]).unwrap();
        assert_eq!(table.positions, vec![Some(0), Some(2), None]);
        assert_eq!(table.width, 5);
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
            Column { name: "client_siren", aliases: &[], required: false },
            Column { name: "client_name", aliases: &["client"], required: false },
            Column { name: "label", aliases: &[], required: true },
        ];
        let one_of = &["client_siren", "client_name"];
        assert!(read("f.csv", "client;label\n", CLIENT, one_of).is_ok());
        let errors = read("f.csv", "label\n", CLIENT, one_of).err().unwrap();
        assert_eq!(
            errors,
            [
                "f.csv:1: client_siren: required column missing (the header needs client_siren or client_name; header found: label)"
            ]
        );
    }
}
