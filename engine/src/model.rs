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
                let key = crate::model::normalize(text);
                match key.as_str() {
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
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_value_round_trips_through_its_text() {
        for kind in AlertKind::ALL {
            assert_eq!(AlertKind::parse(kind.as_str()), Some(*kind));
        }
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(*s));
        }
    }
}
