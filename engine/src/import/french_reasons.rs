//! Every reason the import can give is said in French too, and none of them stays English:
//! files and bytes crafted to hit each check, whose problems and warnings are all looked at.

use super::{ImportKind, ImportProblem, encoding, import_text};
use crate::cabinet::{self, Cabinet};
use crate::clock::FixedClock;
use crate::error::Error;
use crate::store::Store;
use chrono::{TimeZone, Utc};

/// The English of each check, one marker per reason: each must be given by the files below.
const ENGLISH_REASONS: &[&str] = &[
    "is not a date (expected",
    "is not a date and time",
    "the year must have four digits",
    "is out of range",
    "is not an email address",
    "is neither oui nor non",
    "is not a day and month",
    "is not one of",
    "a SIREN is 9 digits",
    "the Luhn check digit does not match",
    "000000000 is not a SIREN",
    "line break is not allowed",
    "tab is not allowed",
    "control character U+001B is not allowed",
    "bidirectional control character",
    "too long",
    "required, but empty",
    "cells, more than the header's",
    "no staff member with email",
    "no client with SIREN",
    "no client without SIREN named",
    "same row as line",
    "is before the request date",
    "quote opened here is never closed",
    "text after the closing quote",
    "required column missing (header found",
    "required column missing (the header needs",
    "the file mixes UTF-8 and Windows-1252",
    "is neither UTF-8 nor Windows-1252",
    "the file is UTF-16",
];

/// Words that would say a French reason was left in English.
const ENGLISH_WORDS: &[&str] = &[
    " is ",
    "the ",
    " not ",
    "required",
    "expected",
    "missing",
    "column ",
    "cells",
    " line",
    "must ",
    "allowed",
    "neither",
    "before",
    "no staff",
    "no client",
    "quote",
    "header",
    "file ",
    " or ",
    "import ",
];

fn setup() -> (Store, Cabinet, chrono::DateTime<Utc>) {
    let store = Store::open_in_memory().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let cabinet = cabinet::add(&store, &FixedClock::new(now), "A", None).unwrap();
    (store, cabinet, now)
}

fn problems(store: &mut Store, cabinet: &Cabinet, kind: ImportKind, text: &str) -> Vec<ImportProblem> {
    match import_text(store, cabinet, kind, "f.csv", text, false, Utc::now()) {
        Err(Error::Import { problems, .. }) => problems,
        other => panic!("expected import problems, got {other:?}"),
    }
}

/// The French without the values quoted from the file (« … »), which may be in any language.
fn without_quoted(french: &str) -> String {
    let mut out = String::new();
    let mut rest = french;
    while let Some(start) = rest.find('«') {
        out.push_str(&rest[..start]);
        rest = rest[start..].find('»').map_or("", |end| &rest[start + end..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn every_reason_the_import_gives_is_said_in_french() {
    let (mut store, cabinet, now) = setup();
    import_text(
        &mut store,
        &cabinet,
        ImportKind::Staff,
        "f.csv",
        "name,email,role\nClaire,claire@a.fr,expert\n",
        false,
        now,
    )
    .unwrap();
    import_text(&mut store, &cabinet, ImportKind::Clients, "f.csv", "name,siren\nBoulangerie,732829320\n", false, now)
        .unwrap();
    let long = "x".repeat(300);
    let mut all = Vec::new();
    let mut run = |kind, text: &str| all.extend(problems(&mut store, &cabinet, kind, text));
    run(
        ImportKind::Staff,
        &format!(
            "name,email,role,active,Note\n\
             ,claire,chef,peut-être,\n\
             Carol\tSmith,a@a.fr,expert,oui,\n\
             {long},b@a.fr,expert,oui,\u{1b}\n\
             Zoé\u{202e},c@a.fr,expert,oui,,extra\n\
             \"Léa\nPetit\",d@a.fr,expert,oui,\n\
             Léa,e@a.fr,expert,oui,\n\
             Léa,e@a.fr,expert,oui,\n"
        ),
    );
    run(
        ImportKind::Clients,
        "name,siren,fiscal_year_end,manager_email\nX,12,32/13,nobody@a.fr\nY,732829321,,\nZ,000000000,,\n",
    );
    run(
        ImportKind::Deadlines,
        "client_siren,kind,label,due_date\n552100554,tva,TVA,31/02/2026\n732829320,tva,TVA,31/12/99\n732829320,tva,TVA,0099-01-01\n",
    );
    run(ImportKind::Deadlines, "client_name,kind,label,due_date\nInconnu,tva,TVA,2026-12-31\n");
    run(ImportKind::Documents, "client_siren,label,requested_on,due_date\n732829320,Bilan,2026-12-10,2026-12-01\n");
    run(ImportKind::Events, "title,starts_at\nRéunion,demain\n");
    run(ImportKind::Staff, "name,email,role\n\"Claire,a@a.fr,expert\n");
    run(ImportKind::Staff, "name,email,role\n\"A\"B,a@a.fr,expert\n");
    run(ImportKind::Staff, "name,role\nA,expert\n");
    run(ImportKind::Deadlines, "kind,label,due_date\n");
    for bytes in [
        [&b"nom\n"[..], "Société\n".as_bytes(), b"Caf\xe9\n"].concat(),
        b"nom\nA\x81\n".to_vec(),
        b"\xff\xfea\x00\x00\xd8".to_vec(),
    ] {
        all.push(encoding::decode("f.csv", std::borrow::Cow::Borrowed(&bytes)).unwrap_err());
    }

    for marker in ENGLISH_REASONS {
        assert!(all.iter().any(|p| p.reason.contains(marker)), "no file gave {marker:?}: {all:#?}");
    }
    for problem in &all {
        assert!(!problem.french.trim().is_empty(), "{problem} has no French");
        assert_ne!(problem.french, problem.reason, "{problem} has no French");
        let french = without_quoted(&problem.french);
        for word in ENGLISH_WORDS {
            assert!(!french.contains(word), "{word:?} in the French of {problem}: {}", problem.french);
        }
    }
}

#[test]
fn unused_columns_are_warned_in_french() {
    let (mut store, cabinet, now) = setup();
    let report = import_text(
        &mut store,
        &cabinet,
        ImportKind::Staff,
        "f.csv",
        "nom,Commentaire,email,role,E-mail\n",
        false,
        now,
    )
    .unwrap();
    assert_eq!(report.warnings.len(), 2);
    assert_eq!(
        report.warnings_french,
        [
            "la colonne «\u{a0}Commentaire\u{a0}» n'est pas lue (colonnes attendues : name, email, role, active)",
            "la colonne «\u{a0}E-mail\u{a0}» répète la colonne email et n'est pas lue (seule la première est lue)",
        ]
    );
}
