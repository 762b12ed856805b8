//! The firm's vocabulary: roles, statuses and alert kinds, as stored and as typed in CSV files.

/// Declares an enum stored as lowercase French text, with its accepted spellings.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a value typed by a person: case, accents, spaces and hyphens do not matter.
            pub fn parse(text: &str) -> Option<Self> {
                let key = crate::model::normalized(text);
                match key.as_ref() {
                    $($text $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The accepted values, for error messages.
            pub fn expected() -> String {
                [$($text),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::parse(text).ok_or_else(|| rusqlite::types::FromSqlError::Other(
                    format!("unexpected {} value {text:?}", stringify!($name)).into()))
            }
        }
    };
}

/// Lets other modules declare their stored enumerations the same way.
pub(crate) use text_enum;

text_enum!(
    /// A staff member's role in the cabinet.
    Role {
        /// Expert-comptable: the firm's partner; alerted when nobody else is.
        Expert = "expert" | "expert_comptable" | "associe",
        /// Collaborateur: looks after clients' files.
        Collaborateur = "collaborateur" | "collaboratrice",
        /// Assistant: supports the team.
        Assistant = "assistant" | "assistante",
    }
);

text_enum!(
    /// Where a deadline stands.
    DeadlineStatus {
        /// Not started.
        AFaire = "a_faire" | "todo",
        /// Being worked on.
        EnCours = "en_cours" | "in_progress",
        /// Done (filed, paid).
        Faite = "faite" | "fait" | "done",
        /// Past due and not done (set by the status update).
        Depassee = "depassee" | "overdue",
    }
);

text_enum!(
    /// Where a task stands.
    TaskStatus {
        /// Not started.
        AFaire = "a_faire" | "todo",
        /// Being worked on.
        EnCours = "en_cours" | "in_progress",
        /// Done.
        Terminee = "terminee" | "termine" | "faite" | "done",
        /// Past due and not done (set by the status update).
        EnRetard = "en_retard" | "late",
    }
);

impl DeadlineStatus {
    /// The status as of `today` for a deadline due on `due`: an open one past due is
    /// `depassee` (what the status update sets at midnight), any other stays as it is.
    pub fn as_of(self, due: chrono::NaiveDate, today: chrono::NaiveDate) -> Self {
        match self {
            DeadlineStatus::AFaire | DeadlineStatus::EnCours if due < today => DeadlineStatus::Depassee,
            other => other,
        }
    }
}

impl TaskStatus {
    /// The status as of `today` for a task due on `due`: an open one past due is `en_retard`
    /// (what the status update sets at midnight), any other stays as it is.
    pub fn as_of(self, due: chrono::NaiveDate, today: chrono::NaiveDate) -> Self {
        match self {
            TaskStatus::AFaire | TaskStatus::EnCours if due < today => TaskStatus::EnRetard,
            other => other,
        }
    }
}

text_enum!(
    /// How urgent a task is.
    Priority {
        /// Low.
        Basse = "basse" | "low",
        /// Normal.
        Normale = "normale" | "normal",
        /// High.
        Haute = "haute" | "high",
        /// Urgent.
        Urgente = "urgente" | "urgent",
    }
);

text_enum!(
    /// How important an event is; only `haute` raises an alert.
    Importance {
        /// Normal.
        Normale = "normale" | "normal",
        /// High.
        Haute = "haute" | "high" | "importante",
    }
);

text_enum!(
    /// A client's VAT filing regime.
    VatRegime {
        /// Monthly returns (CA3).
        Mensuel = "mensuel" | "mensuelle",
        /// Quarterly returns (CA3).
        Trimestriel = "trimestriel" | "trimestrielle",
        /// Simplified annual return (CA12).
        Annuel = "annuel" | "annuelle" | "simplifie",
        /// No VAT charged (franchise en base).
        Franchise = "franchise" | "franchise_en_base",
    }
);

text_enum!(
    /// The four things Vigie alerts about.
    AlertKind {
        /// A deadline is near or past.
        EcheanceProche = "echeance_proche",
        /// A requested document has not arrived.
        DocumentsManquants = "documents_manquants",
        /// A task is late.
        TachesRetard = "taches_retard",
        /// An important event is near.
        EvenementImportant = "evenement_important",
    }
);

/// Lowercases, strips French accents and turns spaces, hyphens and apostrophes into `_`.
pub fn normalize(text: &str) -> String {
    let text = text.trim();
    // Most names and labels are plain ASCII: byte by byte, without Unicode case mapping (the
    // firm's tables fold every row's text through this when searching and sorting).
    if text.is_ascii() {
        let folded: Vec<u8> = text.bytes().map(fold_ascii).collect();
        return String::from_utf8(folded).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            ' ' | '-' | '\'' | '’' | '.' => '_',
            c => c,
        };
        out.push(c);
    }
    out
}

/// [`normalize`], borrowed when `text` already is normalized (an import reads a status, a
/// priority or a kind on every row, nearly always typed as stored).
pub fn normalized(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim();
    if trimmed.bytes().all(|b| b.is_ascii() && fold_ascii(b) == b) {
        return std::borrow::Cow::Borrowed(trimmed);
    }
    std::borrow::Cow::Owned(normalize(trimmed))
}

/// One ASCII byte as [`normalize`] folds it.
fn fold_ascii(b: u8) -> u8 {
    match b {
        b' ' | b'-' | b'\'' | b'.' => b'_',
        b => b.to_ascii_lowercase(),
    }
}

/// Whether `text`, folded by [`normalize`], contains `needle` (already folded). Plain ASCII
/// text is compared as it is folded, without building the folded copy: the firm's tables search
/// every row's text this way.
pub fn folded_contains(text: &str, needle: &str) -> bool {
    let text = text.trim();
    if !text.is_ascii() {
        return normalize(text).contains(needle);
    }
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    needle.is_empty() || text.windows(needle.len()).any(|w| w.iter().zip(needle).all(|(&t, &n)| fold_ascii(t) == n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_borrows_what_is_already_normalized_and_equals_normalize() {
        for text in ["a_faire", "tva_ca3", " a_faire ", "\ta_faire", "A faire", "À faire", "en-cours", "", "x.y"] {
            assert_eq!(normalized(text), normalize(text), "{text:?}");
        }
        assert!(matches!(normalized("a_faire"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(normalized("A_faire"), std::borrow::Cow::Owned(_)));
    }

    #[test]
    fn values_typed_by_people_are_understood() {
        assert_eq!(DeadlineStatus::parse("À faire"), Some(DeadlineStatus::AFaire));
        assert_eq!(DeadlineStatus::parse("  FAITE "), Some(DeadlineStatus::Faite));
        assert_eq!(TaskStatus::parse("Terminée"), Some(TaskStatus::Terminee));
        assert_eq!(Role::parse("Expert-comptable"), Some(Role::Expert));
        assert_eq!(VatRegime::parse("Trimestriel"), Some(VatRegime::Trimestriel));
        assert_eq!(Role::parse("stagiaire"), None);
        assert_eq!(Role::expected(), "expert, collaborateur, assistant");
    }

    #[test]
    fn ascii_and_unicode_text_fold_alike() {
        assert_eq!(normalize("  TVA CA3 d'oct.-nov "), "tva_ca3_d_oct__nov");
        assert_eq!(normalize("Établissements L'Éa-Çà"), "etablissements_l_ea_ca");
        assert_eq!(normalize("Établissements TVA"), format!("e{}", normalize("tablissements TVA")));
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn containment_is_that_of_the_folded_texts() {
        for (text, needle) in [
            ("TVA CA3 novembre", "ca3_nov"),
            ("Écriture de clôture", "cloture"),
            ("Acompte d'IS", "d_is"),
            ("  Garage  ", "garage"),
            ("Garage", "garages"),
            ("x", ""),
            ("Zoé", "zoe"),
        ] {
            let needle = normalize(needle);
            assert_eq!(folded_contains(text, &needle), normalize(text).contains(&needle), "{text} / {needle}");
        }
        assert!(folded_contains("Établissements Léa", "lea"));
        assert!(!folded_contains("Garage", "garages"));
    }

    #[test]
    fn every_value_round_trips_through_its_text() {
        for kind in AlertKind::ALL {
            assert_eq!(AlertKind::parse(kind.as_str()), Some(*kind));
        }
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(*s));
        }
    }
}
