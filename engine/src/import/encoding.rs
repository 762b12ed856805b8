//! Deciding a file's encoding: UTF-8 (with or without BOM) stays UTF-8, a file that is cleanly
//! Windows-1252 (what Excel writes on French Windows unless told otherwise) is read as such,
//! and a file that mixes both is refused rather than garbled.
//!
//! Reading a mixed file as Windows-1252 would turn every correct "Société" into "SociÃ©tÃ©";
//! reading it as UTF-8 would lose the Windows-1252 letters. Neither is what the file says.

use super::problem::{ImportProblem, Reason};
use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// What to tell a person whose file is not cleanly in one encoding.
const SAVE_AS_UTF8: &str = "open it in Excel and save it as \"CSV UTF-8\", then import it again";
/// The same, in French.
const SAVE_AS_UTF8_FR: &str =
    "ouvrez-le dans Excel et enregistrez-le au format «\u{a0}CSV UTF-8\u{a0}», puis importez-le à nouveau";

/// Decodes the bytes of `file` into text whose lines all end with LF (CRLF and CR alone, as
/// Windows and old Mac Excel write them, become LF), or says at which line its encoding goes
/// wrong.
///
/// Memory: a UTF-8 file is read where it lies (borrowed bytes stay borrowed, owned ones become
/// the text without a copy), and its line ends are rewritten in place; only a file in another
/// encoding is copied once, as it is decoded.
pub(crate) fn decode<'b>(file: &str, bytes: Cow<'b, [u8]>) -> Result<Cow<'b, str>, ImportProblem> {
    if let Some(encoding) = utf16(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(ImportProblem::new(
                file,
                1,
                "encoding",
                format!("the file is UTF-16 (\"Unicode text\") but damaged: {SAVE_AS_UTF8}"),
                format!(
                    "le fichier est en UTF-16 («\u{a0}texte Unicode\u{a0}») mais il est endommagé : {SAVE_AS_UTF8_FR}"
                ),
            ));
        }
        return Ok(Cow::Owned(lf_only(text.into_owned())));
    }
    let bytes = match bytes {
        Cow::Borrowed(borrowed) => match std::str::from_utf8(borrowed) {
            Ok(text) => return Ok(lf_lines(text)),
            Err(_) => Cow::Borrowed(borrowed),
        },
        Cow::Owned(owned) => match String::from_utf8(owned) {
            Ok(text) => return Ok(Cow::Owned(lf_only(text))),
            Err(e) => Cow::Owned(e.into_bytes()),
        },
    };
    let first_bad = std::str::from_utf8(&bytes).err().map_or(0, |e| e.valid_up_to());
    let problem = |offset: usize, reason: Reason| ImportProblem::at(file, line_of(&bytes, offset), "encoding", reason);
    // A BOM or a single well-formed multi-byte sequence says the file was written as UTF-8.
    let has_utf8 = bytes.starts_with(UTF8_BOM) || bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_utf8 {
        return Err(problem(
            first_bad,
            Reason::new(
                format!(
                    "the file mixes UTF-8 and Windows-1252 (this line is the first that is not UTF-8): {SAVE_AS_UTF8}"
                ),
                format!(
                    "le fichier mélange les encodages UTF-8 et Windows-1252 (cette ligne est la première qui n'est pas en UTF-8) : {SAVE_AS_UTF8_FR}"
                ),
            ),
        ));
    }
    // Bytes that Windows-1252 leaves undefined: the file is in some other encoding.
    if let Some(offset) = bytes.iter().position(|b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d)) {
        return Err(problem(
            offset,
            Reason::new(
                format!("byte 0x{:02X} is neither UTF-8 nor Windows-1252: {SAVE_AS_UTF8}", bytes[offset]),
                format!("l'octet 0x{:02X} n'est ni de l'UTF-8 ni du Windows-1252 : {SAVE_AS_UTF8_FR}", bytes[offset]),
            ),
        ));
    }
    Ok(Cow::Owned(lf_only(windows_1252(&bytes))))
}

/// Windows-1252 bytes, with none of its undefined ones (refused above), as text in a string of
/// about the size it needs. Decoded by encoding_rs's `decode_without_bom_handling`, into a
/// string sized for the worst case (three bytes a byte), the reference firm's 200,000 document
/// requests saved as Windows-1252 (18 MB) left the process at 54 MiB of anonymous memory once
/// decoded instead of 20, and the import peaked at 87 MiB instead of 53.
fn windows_1252(bytes: &[u8]) -> String {
    // Each byte from 0x80 up is two or three bytes in UTF-8, the others one.
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    let mut text = String::with_capacity(bytes.len() + 2 * high);
    let mut decoder = encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling();
    let mut read = 0;
    loop {
        let (result, n) = decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += n;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return text,
            encoding_rs::DecoderResult::OutputFull => text.reserve(3 * (bytes.len() - read) + 4),
            // Not expected: the undefined bytes were refused before.
            encoding_rs::DecoderResult::Malformed(..) => {
                return encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned();
            }
        }
    }
}

/// `text` with LF line ends: borrowed as it is when it holds no CR, else copied once.
pub(crate) fn lf_lines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') { Cow::Owned(lf_only(text.to_string())) } else { Cow::Borrowed(text) }
}

/// `text` with its CRLF and lone CR line ends as LF, rewritten in place.
fn lf_only(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    rewrite_line_ends(&mut bytes);
    // CR and LF are never part of a multi-byte sequence, so the text is still UTF-8 and the
    // lossy conversion never replaces anything (it only spares a panic).
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Rewrites CRLF as LF and a CR alone as LF, in place (the text can only shrink).
fn rewrite_line_ends(bytes: &mut Vec<u8>) {
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\r' {
            bytes[kept] = b'\n';
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            bytes[kept] = b;
        }
        kept += 1;
        i += 1;
    }
    bytes.truncate(kept);
}

/// The UTF-16 variant a byte order mark announces (Excel's "Unicode text" files).
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes.get(..2) {
        Some(b"\xff\xfe") => Some(encoding_rs::UTF_16LE),
        Some(b"\xfe\xff") => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// The line holding byte `offset`, counting CRLF, CR and LF as line ends as the reader does.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let before = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(bytes: &[u8]) -> String {
        decode("f.csv", Cow::Borrowed(bytes)).unwrap_err().to_string()
    }

    #[test]
    fn utf8_with_or_without_bom_stays_utf8() {
        assert_eq!(decode("f.csv", Cow::Borrowed("nom\nSociété\n".as_bytes())).unwrap(), "nom\nSociété\n");
        assert_eq!(
            decode("f.csv", Cow::Borrowed("\u{feff}nom\nSociété\n".as_bytes())).unwrap(),
            "\u{feff}nom\nSociété\n"
        );
    }

    #[test]
    fn windows_1252_is_decoded_as_encoding_rs_decodes_it() {
        let every_defined: Vec<u8> =
            (0u8..=255).filter(|b| !matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d)).cycle().take(5_000).collect();
        let text = windows_1252(&every_defined);
        assert_eq!(text, encoding_rs::WINDOWS_1252.decode_without_bom_handling(&every_defined).0);
        assert!(text.capacity() <= every_defined.len() * 3);
        assert_eq!(windows_1252(b""), "");
    }

    #[test]
    fn clean_windows_1252_is_decoded() {
        assert_eq!(decode("f.csv", Cow::Borrowed(b"nom\nH\xe9l\xe8ne \x80\x92\n")).unwrap(), "nom\nHélène €’\n");
    }

    #[test]
    fn one_windows_1252_byte_in_a_utf8_file_is_refused_at_its_line() {
        let mut bytes = "nom\r\nSociété\r\nÉcole\r\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Caf\xe9\r\n");
        assert_eq!(
            reason(&bytes),
            "f.csv:4: encoding: the file mixes UTF-8 and Windows-1252 (this line is the first that is not UTF-8): \
             open it in Excel and save it as \"CSV UTF-8\", then import it again"
        );
        // A BOM alone says UTF-8.
        assert!(reason(b"\xef\xbb\xbfnom\nCaf\xe9\n").starts_with("f.csv:2: encoding: the file mixes"));
        // CR-only line ends (old Mac Excel) are counted too.
        assert!(reason(&[b"a\rb\r", "É".as_bytes(), b"\r\xe9"].concat()).starts_with("f.csv:4: encoding:"));
    }

    #[test]
    fn bytes_undefined_in_windows_1252_are_refused() {
        assert!(
            reason(b"nom\nA\nB\x81\n").starts_with("f.csv:3: encoding: byte 0x81 is neither UTF-8 nor Windows-1252")
        );
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let bytes: Vec<u8> = "\u{feff}nom\tcourriel\nZoé\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode("f.csv", Cow::Borrowed(&bytes)).unwrap(), "nom\tcourriel\nZoé\n");
        assert!(reason(b"\xff\xfea\x00\x00\xd8").contains("UTF-16"));
    }
}
