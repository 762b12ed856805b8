//! The firm's codes in the French words the window shows (`ui/src/lib/notifications.ts`), for
//! what leaves Vigie as text: a deadline's `tva_ca3` is « TVA (CA3) », `a_faire` « À faire ».

use crate::fiscal::{Payroll, Taxation};
use crate::model::{DeadlineStatus, Importance, Priority, Role, TaskStatus, VatRegime};

/// « À faire », « En cours », « Faite », « Dépassée ».
pub fn deadline_status(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::AFaire => "À faire",
        DeadlineStatus::EnCours => "En cours",
        DeadlineStatus::Faite => "Faite",
        DeadlineStatus::Depassee => "Dépassée",
    }
}

/// « À faire », « En cours », « Terminée », « En retard ».
pub fn task_status(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::AFaire => "À faire",
        TaskStatus::EnCours => "En cours",
        TaskStatus::Terminee => "Terminée",
        TaskStatus::EnRetard => "En retard",
    }
}

/// « Basse », « Normale », « Haute », « Urgente ».
pub fn priority(priority: Priority) -> &'static str {
    match priority {
        Priority::Basse => "Basse",
        Priority::Normale => "Normale",
        Priority::Haute => "Haute",
        Priority::Urgente => "Urgente",
    }
}

/// « Normale », « Haute ».
pub fn importance(importance: Importance) -> &'static str {
    match importance {
        Importance::Normale => "Normale",
        Importance::Haute => "Haute",
    }
}

/// « Mensuel », « Trimestriel », « Annuel », « Franchise en base ».
pub fn vat_regime(regime: VatRegime) -> &'static str {
    match regime {
        VatRegime::Mensuel => "Mensuel",
        VatRegime::Trimestriel => "Trimestriel",
        VatRegime::Annuel => "Annuel",
        VatRegime::Franchise => "Franchise en base",
    }
}

/// « IS », « IR (BIC) », « IR (BNC) ».
pub fn taxation(taxation: Taxation) -> &'static str {
    match taxation {
        Taxation::Is => "IS",
        Taxation::IrBic => "IR (BIC)",
        Taxation::IrBnc => "IR (BNC)",
    }
}

/// « Sans salarié », « Moins de 50 salariés », « 50 salariés ou plus, paie du mois »…
pub fn payroll(payroll: Payroll) -> &'static str {
    match payroll {
        Payroll::SansSalarie => "Sans salarié",
        Payroll::MoinsDe50 => "Moins de 50 salariés",
        Payroll::PlusDe50PaieDuMois => "50 salariés ou plus, paie dans le mois",
        Payroll::PlusDe50PaieDecalee => "50 salariés ou plus, paie décalée",
    }
}

/// « Oui », « Non », or nothing when nobody said.
pub fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "Oui",
        Some(false) => "Non",
        None => "",
    }
}

/// « Expert-comptable », « Collaborateur », « Assistant ».
pub fn role(role: Role) -> &'static str {
    match role {
        Role::Expert => "Expert-comptable",
        Role::Collaborateur => "Collaborateur",
        Role::Assistant => "Assistant",
    }
}

/// A deadline's kind: « TVA (CA3) » for `tva_ca3`; a kind Vigie does not name (imported as the
/// firm spells it) with its underscores as spaces and a capital first.
pub fn deadline_kind(kind: &str) -> String {
    let known = match kind {
        "tva_ca3" => "TVA (CA3)",
        "tva_ca12" => "TVA (CA12)",
        "tva_ca12_acompte" => "Acompte de TVA (CA12)",
        "tva" => "TVA",
        "dsn" => "DSN",
        "is_acompte" => "Acompte d’impôt sur les sociétés",
        "is_solde" => "Solde d’impôt sur les sociétés",
        "is" => "Impôt sur les sociétés",
        "cvae" => "CVAE",
        "cfe" => "CFE",
        "cfe_acompte" => "Acompte de CFE",
        "das2" => "DAS2 (honoraires versés)",
        "liasse" => "Liasse fiscale",
        "tva_remboursement" => "Remboursement de crédit de TVA",
        "urssaf" => "URSSAF",
        "depot_comptes" => "Dépôt des comptes annuels",
        "controle_fiscal" => "Contrôle fiscal",
        "formalite" => "Formalité juridique",
        "plus_value" => "Plus-value",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let text = kind.replace('_', " ");
    let text = text.trim();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_have_their_name_and_others_are_made_readable() {
        assert_eq!(deadline_kind("tva_ca3"), "TVA (CA3)");
        assert_eq!(deadline_kind("taxe_fonciere"), "Taxe fonciere");
        assert_eq!(deadline_kind("éco"), "Éco");
        assert_eq!(deadline_kind(""), "");
    }
}
