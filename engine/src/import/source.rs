//! Reading a CSV file as French Excel writes it: `;` or `,`, UTF-8 with or without BOM, or
//! Windows-1252; headers matched to canonical column names through French aliases.

use crate::model::normalize;

/// A column of an import kind: its canonical name, accepted aliases, and whether it is required.
pub(crate) struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The decoded file: which canonical column sits at which position, and the data rows.
pub(crate) struct Table {
    /// For each canonical column of the kind, its position in the file, if present.
    pub positions: Vec<Option<usize>>,
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

/// Parses the file into a table whose columns are mapped onto `columns`.
///
/// Errors are `file:line: field: reason` strings; header problems are all reported at once.
pub(crate) fn read(file: &str, text: &str, columns: &[Column]) -> Result<Table, Vec<String>> {
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
    let mut errors = Vec::new();
    let mut positions = Vec::with_capacity(columns.len());
    for col in columns {
        let pos = names.iter().position(|h| h == col.name || col.aliases.contains(&h.as_str()));
        if pos.is_none() && col.required {
            errors.push(format!(
                "{file}:1: {}: required column missing (header found: {})",
                col.name,
                headers.iter().collect::<Vec<_>>().join(", ")
            ));
        }
        positions.push(pos);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
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
    Ok(Table { positions, rows })
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
        let table = read("f.csv", &decode(bytes), COLS).unwrap();
        assert_eq!(table.positions, vec![Some(0), Some(1), None]);
        assert_eq!(table.rows, vec![(2, vec!["Zoé Roux".to_string(), "zoe@x.fr".to_string()])]);
    }

    #[test]
    fn windows_1252_is_decoded() {
        let bytes = b"nom,email\nH\xe9l\xe8ne,h@x.fr\n";
        let table = read("f.csv", &decode(bytes), COLS).unwrap();
        assert_eq!(table.rows[0].1[0], "Hélène");
    }

    #[test]
    fn missing_required_columns_are_each_reported() {
        let errors = read("f.csv", "nom;actif\nA;oui\n", COLS).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("f.csv:1: email: required column missing"), "{errors:?}");
    }

    #[test]
    fn quoted_separators_survive() {
        let table = read("f.csv", "nom;email\n\"Dupont; fils\";d@x.fr\n", COLS).unwrap();
        assert_eq!(table.rows[0].1[0], "Dupont; fils");
    }
}
