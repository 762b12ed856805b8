//! What each kind of file holds, said for the window: the kinds and their columns with French
//! labels, so that a person picking a file knows what Vigie expects and sees how it read it.

use super::source::Column;
use super::{ImportKind, Kind, clients, deadlines, documents, events, staff, tasks};
use serde::Serialize;

/// Whether a kind's file must have a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ColumnNeed {
    /// The header must have it.
    Required,
    /// The header must have this one or another of its group (a client's SIREN or name).
    OneOf,
    /// It may be left out: stored values stay as they are (defaults for new rows).
    Optional,
}

/// One column a kind of file may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportColumn {
    /// The canonical name, as problems name it (`due_date`).
    pub name: String,
    /// The column in French (`Date limite`).
    pub label: String,
    /// Whether the file must have it.
    pub need: ColumnNeed,
}

/// A kind of file and the columns it may hold, in the order they are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportKindInfo {
    /// The kind.
    pub kind: ImportKind,
    /// What the file holds, in French (`Échéances`).
    pub label: String,
    /// Its columns.
    pub columns: Vec<ImportColumn>,
}

/// Every kind, in the order files should be imported, with its columns.
pub fn kinds() -> Vec<ImportKindInfo> {
    ImportKind::ALL
        .iter()
        .map(|&kind| ImportKindInfo { kind, label: kind.french().to_string(), columns: columns(kind) })
        .collect()
}

/// The columns of one kind.
pub fn columns(kind: ImportKind) -> Vec<ImportColumn> {
    match kind {
        ImportKind::Staff => of::<staff::Staff>(),
        ImportKind::Clients => of::<clients::Clients>(),
        ImportKind::Deadlines => of::<deadlines::Deadlines>(),
        ImportKind::Documents => of::<documents::Documents>(),
        ImportKind::Tasks => of::<tasks::Tasks>(),
        ImportKind::Events => of::<events::Events>(),
    }
}

fn of<K: Kind>() -> Vec<ImportColumn> {
    K::COLUMNS
        .iter()
        .map(|c: &Column| ImportColumn {
            name: c.name.to_string(),
            label: label(c.name).to_string(),
            need: if c.required {
                ColumnNeed::Required
            } else if K::ONE_OF.contains(&c.name) {
                ColumnNeed::OneOf
            } else {
                ColumnNeed::Optional
            },
        })
        .collect()
}

/// A canonical column's name in French; a name no kind has is shown as it is.
pub(crate) fn label(column: &str) -> &str {
    match column {
        "name" => "Nom",
        "email" => "Adresse e-mail",
        "role" => "Fonction",
        "active" => "Actif",
        "siren" => "SIREN",
        "manager_email" => "Responsable du dossier (e-mail)",
        "vat_regime" => "Régime de TVA",
        "fiscal_year_end" => "Clôture de l'exercice",
        "legal_form" => "Forme juridique",
        "taxation" => "Imposition (IS, IR BIC, IR BNC)",
        "first_closing" => "Première clôture",
        "tax_department" => "Département du service des impôts",
        "payroll" => "Salariés",
        "cfe_over_3000" => "CFE de l'an dernier ≥ 3 000 €",
        "is_over_3000" => "IS de l'an dernier > 3 000 €",
        "cvae_filer" => "Chiffre d'affaires > 152 500 € (CVAE)",
        "period" => "Période",
        "client_siren" => "SIREN du client",
        "client_name" => "Nom du client",
        "kind" => "Type d'échéance",
        "label" => "Libellé",
        "due_date" => "Date limite",
        "assignee_email" => "Attribuée à (e-mail)",
        "status" => "Statut",
        "requested_on" => "Date de la demande",
        "received_on" => "Date de réception",
        "owner_email" => "Suivi par (e-mail)",
        "title" => "Titre",
        "priority" => "Priorité",
        "starts_at" => "Date et heure",
        "importance" => "Importance",
        "audience_email" => "Destinataire (e-mail)",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_kind_has_a_french_label() {
        for info in kinds() {
            assert!(!info.columns.is_empty(), "{:?}", info.kind);
            for column in &info.columns {
                assert_ne!(column.label, column.name, "{:?}: {} has no French label", info.kind, column.name);
            }
        }
    }

    #[test]
    fn needs_follow_the_kinds() {
        let deadlines = columns(ImportKind::Deadlines);
        let need = |name: &str| deadlines.iter().find(|c| c.name == name).map(|c| c.need);
        assert_eq!(need("client_siren"), Some(ColumnNeed::OneOf));
        assert_eq!(need("due_date"), Some(ColumnNeed::Required));
        assert_eq!(need("status"), Some(ColumnNeed::Optional));
        // Tasks and events may have no client: their client columns are optional.
        let tasks = columns(ImportKind::Tasks);
        assert!(tasks.iter().any(|c| c.name == "client_siren" && c.need == ColumnNeed::Optional));
    }
}
