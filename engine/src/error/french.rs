//! Every error worded in French for the desktop window, for accounting staff rather than
//! developers: what happened, naming what and where, and what to do. The English `Display`
//! messages stay as they are for the command line; this module mirrors the information they
//! give. What comes from elsewhere (a server's reply, a reason given by a lower layer, a system
//! message) is data and is kept verbatim inside the French sentence; an import problem carries
//! its own French reason, given where the import found it.

use super::{Error, SmtpFailure};
use crate::firm::{FieldProblem, RecordKind};
use crate::import::ImportProblem;
use crate::schedule::Job;
use std::collections::BTreeSet;

/// The French message for `error`: one paragraph, except for a refused import, which is a
/// header line then one line per problem.
pub fn message(error: &Error) -> String {
    match error {
        Error::StoreOpen { path, source } => format!(
            "Le fichier de données {} n'a pas pu être ouvert : vérifiez que son dossier est accessible, puis réessayez{}.",
            path.display(),
            technical(source)
        ),
        Error::StoreTooNew { path, found, known } => format!(
            "Le fichier de données {} a été enregistré par une version plus récente de Vigie (format {found}, alors que cette version lit jusqu'au format {known}) : mettez Vigie à jour.",
            path.display()
        ),
        Error::StoreForeign { path } => format!(
            "Le fichier {} n'est pas un fichier de données Vigie : il contient des tables que Vigie n'a pas créées (la base d'un autre programme, ou un fichier dont la création a été interrompue). Déplacez-le ailleurs ou choisissez un autre dossier de données.",
            path.display()
        ),
        Error::StoreDamaged { path, backup: Some(backup) } => format!(
            "Le fichier de données {} est endommagé : restaurez la sauvegarde la plus récente, {}.",
            path.display(),
            backup.display()
        ),
        Error::StoreDamaged { path, backup: None } => format!(
            "Le fichier de données {} est endommagé et aucune sauvegarde n'a été trouvée à côté : restaurez une sauvegarde conservée ailleurs.",
            path.display()
        ),
        Error::StoreFull { path } => format!(
            "Le disque qui contient le fichier de données {} est plein : libérez de la place, puis réessayez (rien n'a été modifié).",
            path.display()
        ),
        Error::StoreReadOnly { path, needs_update: true } => format!(
            "Le fichier de données {} est en lecture seule et a été créé par une version plus ancienne de Vigie : il doit être rendu modifiable une fois, pour que Vigie puisse le mettre à jour.",
            path.display()
        ),
        Error::StoreReadOnly { path, needs_update: false } => format!(
            "Le fichier de données {} est en lecture seule : les données peuvent être consultées, mais rien ne peut être modifié tant que le fichier n'est pas rendu modifiable.",
            path.display()
        ),
        Error::StoreBusy { path } => format!(
            "Le fichier de données {} est occupé par un autre programme Vigie (un import, une vérification, l'application ou le service en arrière-plan) depuis plus de 10 secondes : réessayez quand il aura terminé.",
            path.display()
        ),
        Error::StoreInUse { path } => format!(
            "Un autre programme Vigie utilise le fichier de données {} (l'application, le service en arrière-plan ou une commande) : fermez-le, puis relancez la restauration.",
            path.display()
        ),
        Error::NotABackup { path, reason } => {
            format!("Le fichier {} ne peut pas être restauré comme sauvegarde : {reason}", path.display())
        }
        Error::Migration(e) => format!(
            "Le fichier de données n'a pas pu être mis à jour pour cette version de Vigie : signalez-le à votre support informatique{}.",
            technical(e)
        ),
        Error::Db(e) => format!(
            "Une erreur s'est produite dans la base de données de Vigie : réessayez, et si elle se reproduit, signalez-la à votre support informatique{}.",
            technical(e)
        ),
        Error::Io { path, source } => {
            let what = match source.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("Le fichier ou dossier {} est introuvable : vérifiez son emplacement", path.display())
                }
                std::io::ErrorKind::PermissionDenied => format!(
                    "Vigie n'a pas le droit d'accéder au fichier ou dossier {} : demandez l'accès à votre support informatique",
                    path.display()
                ),
                _ => format!(
                    "Le fichier ou dossier {} n'a pas pu être lu ou écrit : vérifiez qu'il est accessible, puis réessayez",
                    path.display()
                ),
            };
            format!("{what}{}.", technical(source))
        }
        Error::UnknownCabinet(name) => format!("Aucun cabinet ne porte le nom {} : vérifiez le nom.", quoted(name)),
        Error::CabinetExists(name) => {
            format!("Un cabinet nommé {} existe déjà : choisissez un autre nom.", quoted(name))
        }
        Error::NoWorkstation => {
            "Cet ordinateur n'a pas encore d'utilisateur : choisissez votre cabinet et votre nom.".to_string()
        }
        Error::NoCabinet => "Aucun cabinet n'a encore été créé : créez-en un d'abord.".to_string(),
        Error::CabinetAmbiguous(names) => {
            format!("Il existe plusieurs cabinets ({}) : choisissez celui à utiliser.", quoted_list(names))
        }
        Error::UnknownTimezone(name) => {
            format!("Le fuseau horaire {} est inconnu : indiquez un nom de fuseau comme Europe/Paris.", quoted(name))
        }
        Error::UnknownUser { email, cabinet: Some(cabinet) } => {
            format!("Aucun collaborateur avec l'adresse {email} dans le cabinet {}.", quoted(cabinet))
        }
        Error::UnknownUser { email, cabinet: None } => {
            format!("Aucun collaborateur avec l'adresse {email}, dans aucun cabinet.")
        }
        Error::UserAmbiguous { email, cabinets } => format!(
            "L'adresse {email} existe dans plusieurs cabinets ({}) : choisissez le cabinet.",
            quoted_list(cabinets)
        ),
        Error::InactiveUser { email } => format!(
            "Le collaborateur {email} est inactif et ne recevrait rien : choisissez un collaborateur actif, ou réactivez sa fiche."
        ),
        Error::WorkstationUser { email } => format!(
            "{email} est l'utilisateur de cet ordinateur : choisissez d'abord un autre utilisateur (Réglages, Cabinet et poste) avant de retirer ou désactiver sa fiche."
        ),
        Error::UnknownNotification(id, user) => format!(
            "La notification n°\u{a0}{id} est introuvable dans la boîte de réception de {user} : elle a peut-être été supprimée entre-temps."
        ),
        // A schedule's reason is said in French; others are the setting's own words.
        Error::InvalidSetting { key, value, reason } => match crate::cron::Schedule::parse(value) {
            Err(problem) if key.ends_with(".cron") => {
                format!("La planification {} n'est pas valable ({}) : corrigez-la.", quoted(value), problem.french())
            }
            _ => format!(
                "La valeur {} du réglage {key} n'est pas valable ({}) : remplacez-la.",
                quoted(value),
                setting_reason(reason)
            ),
        },
        Error::UnknownSetting(key) => format!("Le réglage {} n'existe pas : vérifiez son nom.", quoted(key)),
        Error::Import { problems, whole_file } => import(problems, *whole_file),
        Error::Template(reason) => format!(
            "Un modèle d'e-mail n'a pas pu être utilisé (corrigez-le, ou revenez au modèle d'origine) : {reason}"
        ),
        Error::SmtpNotConfigured(cabinet) => format!(
            "Aucun serveur d'envoi d'e-mails (SMTP) n'est configuré pour le cabinet {} : configurez-en un d'abord.",
            quoted(cabinet)
        ),
        Error::Smtp { failure, message } => match failure {
            SmtpFailure::Auth => format!("Le serveur SMTP a refusé l'identifiant ou le mot de passe : {message}"),
            SmtpFailure::Unreachable => format!(
                "Le serveur SMTP n'a pas pu être joint (vérifiez la connexion au réseau, le nom du serveur et le port) : {message}"
            ),
            SmtpFailure::Rejected => format!("Le serveur SMTP a refusé l'e-mail : {message}"),
            SmtpFailure::Setup => {
                format!("L'e-mail n'a pas pu être préparé sur ce poste (vérifiez les réglages d'envoi) : {message}")
            }
        },
        Error::Keyring(reason) => format!(
            "Le trousseau de mots de passe du système, où Vigie range le mot de passe SMTP, n'a pas pu être utilisé : {reason}"
        ),
        Error::SmtpPasswordMissing { user, host } => format!(
            "Aucun mot de passe n'est enregistré pour l'identifiant {} sur le serveur SMTP {host} : saisissez-le dans les réglages d'envoi.",
            quoted(user)
        ),
        Error::CleartextPassword { host } => format!(
            "Sans chiffrement (sécurité « none »), le mot de passe passerait en clair sur le réseau jusqu'à {host} : choisissez la sécurité starttls ou tls, ou, uniquement sur un réseau de confiance, autorisez-le avec le réglage smtp.allow_cleartext_password."
        ),
        Error::SmtpIncomplete { key } => match *key {
            "smtp.host" => format!(
                "Les réglages SMTP n'indiquent pas de serveur ({key}) : saisissez le nom du serveur ou choisissez un fournisseur prédéfini."
            ),
            "smtp.from_email" => {
                format!("Les réglages SMTP n'indiquent pas d'adresse d'expéditeur ({key}) : saisissez-en une.")
            }
            "smtp.user" => format!(
                "Un mot de passe SMTP a été donné sans identifiant ({key}) : saisissez l'identifiant qui va avec."
            ),
            _ => format!("Il manque une valeur dans les réglages SMTP ({key}) : complétez-la."),
        },
        Error::UnknownOutboxRow(id) => {
            format!("L'e-mail n°\u{a0}{id} est introuvable dans la file d'envoi de ce cabinet.")
        }
        Error::UnknownJob(job) => {
            let known = Job::ALL.map(|known| format!("{} ({})", known.as_str(), job_words(known)));
            let (last, others) = known.split_last().expect("there are jobs");
            format!(
                "La tâche planifiée {} n'existe pas : les tâches sont {} et {last}.",
                quoted(job),
                others.join(", ")
            )
        }
        Error::JobBusy { job, cabinet, owner, since } => format!(
            "La tâche {}{} du cabinet {} est déjà en cours, lancée le {} par {} : réessayez quand elle sera terminée.",
            quoted(job),
            Job::parse(job).map(|known| format!(" ({})", job_words(known))).unwrap_or_default(),
            quoted(cabinet),
            since.with_timezone(&chrono::Local).format("%d/%m/%Y à %H:%M"),
            quoted(owner)
        ),
        Error::PauseOver { until } => format!(
            "Les alertes ne peuvent pas être mises en pause jusqu'au {until} : ce moment est déjà passé. Indiquez une date plus tardive, ou mettez en pause sans date de fin jusqu'à la reprise des alertes."
        ),
        Error::WatchUnavailable { path, reason } => format!(
            "Vigie ne peut pas surveiller le dossier de données {} ({reason}) : les alertes créées par les autres programmes Vigie n'apparaîtront qu'à la prochaine lecture des données.",
            path.display()
        ),
        Error::SnoozeOver { until } => format!(
            "L'alerte ne peut pas être reportée au {until} : ce moment est déjà passé, choisissez-en un plus tardif."
        ),
        Error::InvalidFields(problems) => fields(problems),
        Error::UnknownRecord { kind, id } => record_not_found(*kind, *id),
        Error::InvalidInput(reason) => format!("La valeur saisie n'est pas acceptée : {reason}"),
        Error::Internal(reason) => format!(
            "Une erreur inattendue s'est produite dans Vigie : réessayez, et si elle se reproduit, signalez-la à votre support informatique{}.",
            technical(reason)
        ),
    }
}

/// Nothing was saved, and each wrong field with what is wrong, in one paragraph.
fn fields(problems: &[FieldProblem]) -> String {
    let list = problems.iter().map(|p| format!("{} : {}", p.field.french(), p.french)).collect::<Vec<_>>().join(" ; ");
    match problems.len() {
        0 => "Rien n'a été enregistré : le formulaire est incomplet.".to_string(),
        1 => format!("Rien n'a été enregistré, un champ est à corriger : {list}."),
        n => format!("Rien n'a été enregistré, {n} champs sont à corriger : {list}."),
    }
}

/// The record was not found in the cabinet, said with the kind's gender.
fn record_not_found(kind: RecordKind, id: i64) -> String {
    let (what, gone) = match kind {
        RecordKind::Client => ("Le client", "il a peut-être été supprimé"),
        RecordKind::Deadline => ("L'échéance", "elle a peut-être été supprimée"),
        RecordKind::Document => ("La demande de document", "elle a peut-être été supprimée"),
        RecordKind::Task => ("La tâche", "elle a peut-être été supprimée"),
        RecordKind::Event => ("L'événement", "il a peut-être été supprimé"),
        RecordKind::Staff => ("La personne", "elle a peut-être été supprimée"),
    };
    format!("{what} n°\u{a0}{id} est introuvable dans ce cabinet : {gone}. Actualisez la liste.")
}

/// `name` between French quotes, with the non-breaking spaces they take.
fn quoted(name: &str) -> String {
    format!("«\u{a0}{name}\u{a0}»")
}

/// « A », « B ».
fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(", ")
}

/// The technical text at the end of a sentence, for whoever will look into it.
fn technical(text: &dyn std::fmt::Display) -> String {
    format!(" (détail technique : {text})")
}

/// What a scheduled job does, in words.
fn job_words(job: Job) -> &'static str {
    match job {
        Job::Check => "vérification des alertes",
        Job::WeeklyDigest => "récapitulatif hebdomadaire",
        Job::Cleanup => "nettoyage des anciennes données",
        Job::StatusUpdate => "mise à jour des retards",
    }
}

/// A header line saying nothing was imported and why, then one line per problem, its reason
/// in French.
fn import(problems: &[ImportProblem], whole_file: bool) -> String {
    let header = if whole_file {
        "Le fichier n'a pas été importé : il ne peut pas être lu tel quel, corrigez-le puis importez-le à nouveau."
            .to_string()
    } else {
        let lines = problems.iter().map(|p| (&p.file, p.line)).collect::<BTreeSet<_>>().len();
        match lines {
            0 => "Le fichier n'a pas été importé.".to_string(),
            1 => "Le fichier n'a pas été importé : 1 ligne à corriger.".to_string(),
            n => format!("Le fichier n'a pas été importé : {n} lignes à corriger."),
        }
    };
    std::iter::once(header).chain(problems.iter().map(problem_line)).collect::<Vec<_>>().join("\n")
}

/// `f.csv, ligne 12, colonne date : reason`.
fn problem_line(p: &ImportProblem) -> String {
    format!("{}, {}", p.file, problem_in_file(p))
}

/// `ligne 12, colonne date : reason`, as a list of one file's problems shows it; the whole
/// header, a whole line or the file's encoding are named as such rather than as a column.
pub fn problem_in_file(p: &ImportProblem) -> String {
    let place = match p.column.as_str() {
        "header" => " (en-tête)".to_string(),
        "row" => String::new(),
        "encoding" => " (encodage des caractères)".to_string(),
        column => format!(", colonne {column}"),
    };
    format!("ligne {}{place} : {}", p.line, p.french)
}

/// A setting's reason for refusing a value (`settings::parse`), in French; a reason this does not
/// know stays as written.
fn setting_reason(reason: &str) -> String {
    // "\"trois\": expected a whole number of days": one step of a list, named.
    if let Some((step, rest)) = reason.strip_prefix('"').and_then(|r| r.split_once("\": ")) {
        return format!("«\u{a0}{step}\u{a0}» : {}", setting_reason(rest));
    }
    match reason {
        "expected a whole number of days" => "un nombre entier de jours est attendu",
        "at most 366 days" => "366 jours au plus",
        "expected at least one step, such as 7,3,1,0" => "au moins un rappel est attendu, comme 7,3,1,0",
        "at most 168 hours (a week)" => "168 heures au plus (une semaine)",
        "expected a whole number of hours" => "un nombre entier d'heures est attendu",
        "expected true or false" => "true ou false est attendu",
        "expected a number of seconds between 1 and 600" => "un nombre de secondes entre 1 et 600 est attendu",
        "expected a host name such as smtp.cabinet.fr" => "un nom de serveur comme smtp.cabinet.fr est attendu",
        "expected a port number between 1 and 65535" => "un numéro de port entre 1 et 65535 est attendu",
        "expected an email address" => "une adresse e-mail est attendue",
        "expected starttls, tls or none" => "starttls, tls ou none est attendu",
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorPayload;
    use std::path::PathBuf;

    /// The texts kept verbatim in the message (reasons, server replies, system messages): they
    /// may be English, so the checks for English words look at the rest only.
    fn verbatim(error: &Error) -> Vec<String> {
        match error {
            Error::StoreOpen { source, .. } => vec![source.to_string()],
            Error::Db(e) => vec![e.to_string()],
            Error::Migration(e) => vec![e.to_string()],
            Error::Io { source, .. } => vec![source.to_string()],
            Error::NotABackup { reason, .. } | Error::WatchUnavailable { reason, .. } => vec![reason.clone()],
            Error::InvalidSetting { value, reason, .. } => vec![value.clone(), reason.clone()],
            Error::Template(s) | Error::Keyring(s) | Error::InvalidInput(s) | Error::Internal(s) => vec![s.clone()],
            Error::Smtp { message, .. } => vec![message.clone()],
            Error::JobBusy { owner, .. } => vec![owner.clone()],
            _ => vec![],
        }
    }

    #[test]
    fn every_sample_reads_as_french_and_names_what_the_details_name() {
        for (error, _) in crate::error::samples::all() {
            let text = message(&error);
            assert!(!text.trim().is_empty(), "{error:?}");
            let import = matches!(error, Error::Import { .. });
            if !import {
                assert!(!text.contains('\n'), "one paragraph: {text}");
            }
            assert!(!text.chars().any(|c| c.is_control() && !(import && c == '\n')), "{text:?}");

            let mut french = text.clone();
            for part in verbatim(&error) {
                assert!(french.contains(&part), "{part:?} kept verbatim in {text}");
                french = french.replace(&part, "");
            }
            for english in ["the ", "cannot", "store", "not found", " is "] {
                assert!(!french.to_lowercase().contains(english), "{english:?} in {text}");
            }

            let details = ErrorPayload::from(&error).details;
            for key in ["path", "backup", "email", "cabinet", "key", "host", "job", "user"] {
                if let Some(value) = details[key].as_str() {
                    assert!(text.contains(value), "{key} {value:?} missing from {text}");
                }
            }
            for cabinet in details["cabinets"].as_array().into_iter().flatten() {
                assert!(text.contains(cabinet.as_str().unwrap()), "{cabinet} missing from {text}");
            }
            if let Error::Import { problems, .. } = &error {
                for problem in problems {
                    let line = format!("ligne {}", problem.line);
                    assert!(text.contains(&problem.french) && text.contains(&line), "{problem} missing from {text}");
                }
            }
        }
    }

    #[test]
    fn store_busy_says_who_holds_it_and_to_try_again() {
        let busy = Error::StoreBusy { path: PathBuf::from("/x/vigie.db") };
        assert_eq!(
            message(&busy),
            "Le fichier de données /x/vigie.db est occupé par un autre programme Vigie (un import, une vérification, \
             l'application ou le service en arrière-plan) depuis plus de 10 secondes : réessayez quand il aura terminé."
        );
    }

    #[test]
    fn unknown_user_names_the_cabinet_searched_or_none() {
        let in_cabinet = Error::UnknownUser { email: "a@x.fr".into(), cabinet: Some("A".into()) };
        assert_eq!(message(&in_cabinet), "Aucun collaborateur avec l'adresse a@x.fr dans le cabinet «\u{a0}A\u{a0}».");
        let anywhere = Error::UnknownUser { email: "a@x.fr".into(), cabinet: None };
        assert_eq!(message(&anywhere), "Aucun collaborateur avec l'adresse a@x.fr, dans aucun cabinet.");
    }

    #[test]
    fn smtp_login_refused_keeps_the_server_reply() {
        let auth = Error::Smtp { failure: SmtpFailure::Auth, message: "535 5.7.8 authentication failed".into() };
        assert_eq!(
            message(&auth),
            "Le serveur SMTP a refusé l'identifiant ou le mot de passe : 535 5.7.8 authentication failed"
        );
    }

    #[test]
    fn import_is_a_header_then_one_line_per_problem_with_its_reason_in_french() {
        let import = Error::Import {
            problems: vec![
                ImportProblem::new("clients.csv", 1, "header", "column siren missing", "colonne siren absente"),
                ImportProblem::new(
                    "clients.csv",
                    12,
                    "date",
                    "not a date: 31/02/2026",
                    "« 31/02/2026 » n'est pas une date valide",
                ),
                ImportProblem::new(
                    "clients.csv",
                    12,
                    "email",
                    "not an email",
                    "« x » n'est pas une adresse e-mail valide",
                ),
                ImportProblem::new(
                    "clients.csv",
                    15,
                    "row",
                    "3 cells, the header has 5",
                    "3 cellules, l'en-tête en a 5",
                ),
            ],
            whole_file: false,
        };
        assert_eq!(
            message(&import),
            "Le fichier n'a pas été importé : 3 lignes à corriger.\n\
             clients.csv, ligne 1 (en-tête) : colonne siren absente\n\
             clients.csv, ligne 12, colonne date : « 31/02/2026 » n'est pas une date valide\n\
             clients.csv, ligne 12, colonne email : « x » n'est pas une adresse e-mail valide\n\
             clients.csv, ligne 15 : 3 cellules, l'en-tête en a 5"
        );
        let one = Error::Import {
            problems: vec![ImportProblem::new("f.csv", 3, "email", "not an email", "adresse e-mail non valide")],
            whole_file: false,
        };
        assert_eq!(
            message(&one),
            "Le fichier n'a pas été importé : 1 ligne à corriger.\nf.csv, ligne 3, colonne email : adresse e-mail non valide"
        );
        let unreadable = Error::Import {
            problems: vec![ImportProblem::new("f.csv", 4, "encoding", "invalid byte 0x81", "octet 0x81 non valide")],
            whole_file: true,
        };
        assert_eq!(
            message(&unreadable),
            "Le fichier n'a pas été importé : il ne peut pas être lu tel quel, corrigez-le puis importez-le à nouveau.\n\
             f.csv, ligne 4 (encodage des caractères) : octet 0x81 non valide"
        );
    }

    #[test]
    fn damaged_store_names_the_backup_to_restore_when_there_is_one() {
        let damaged = Error::StoreDamaged { path: "/d/vigie.db".into(), backup: Some("/d/backups/b.db".into()) };
        assert_eq!(
            message(&damaged),
            "Le fichier de données /d/vigie.db est endommagé : restaurez la sauvegarde la plus récente, /d/backups/b.db."
        );
        let lost = Error::StoreDamaged { path: "/d/vigie.db".into(), backup: None };
        assert!(message(&lost).contains("aucune sauvegarde"), "{}", message(&lost));
    }

    #[test]
    fn jobs_are_named_and_said_in_words() {
        let unknown = message(&Error::UnknownJob("nope".into()));
        assert_eq!(
            unknown,
            "La tâche planifiée «\u{a0}nope\u{a0}» n'existe pas : les tâches sont check (vérification des alertes), \
             weekly_digest (récapitulatif hebdomadaire), cleanup (nettoyage des anciennes données) et \
             status_update (mise à jour des retards)."
        );
        let busy = Error::JobBusy {
            job: "weekly_digest".into(),
            cabinet: "A".into(),
            owner: "daemon pid 12 #1".into(),
            since: chrono::DateTime::UNIX_EPOCH,
        };
        let busy = message(&busy);
        assert!(
            busy.starts_with("La tâche «\u{a0}weekly_digest\u{a0}» (récapitulatif hebdomadaire) du cabinet «\u{a0}A\u{a0}» est déjà en cours, lancée le "),
            "{busy}"
        );
        assert!(busy.ends_with(" par «\u{a0}daemon pid 12 #1\u{a0}» : réessayez quand elle sera terminée."), "{busy}");
    }

    #[test]
    fn a_missing_or_forbidden_file_is_said_so() {
        let io = |kind| Error::Io { path: "/d/clients.csv".into(), source: std::io::Error::from(kind) };
        let missing = message(&io(std::io::ErrorKind::NotFound));
        assert!(missing.starts_with("Le fichier ou dossier /d/clients.csv est introuvable : "), "{missing}");
        let forbidden = message(&io(std::io::ErrorKind::PermissionDenied));
        assert!(
            forbidden.starts_with("Vigie n'a pas le droit d'accéder au fichier ou dossier /d/clients.csv : "),
            "{forbidden}"
        );
    }

    #[test]
    fn internal_errors_end_with_the_technical_text() {
        let internal = Error::Internal("job task failed".into());
        assert!(message(&internal).ends_with(" (détail technique : job task failed)."), "{}", message(&internal));
    }

    #[test]
    fn every_reason_a_setting_gives_is_said_in_french() {
        use crate::settings::parse;
        let reasons = [
            parse::days("x").unwrap_err(),
            parse::days("400").unwrap_err(),
            parse::steps("7,trois").unwrap_err(),
            parse::steps("").unwrap_err(),
            parse::catchup_hours("x").unwrap_err(),
            parse::catchup_hours("200").unwrap_err(),
            parse::boolean("oui").unwrap_err(),
            parse::timeout_secs("0").unwrap_err(),
            parse::host("smtp example").unwrap_err(),
            parse::port("0").unwrap_err(),
            parse::optional_email("pas une adresse").unwrap_err(),
            parse::security("ssl").unwrap_err(),
        ];
        for reason in reasons {
            let said = setting_reason(&reason);
            assert_ne!(said, reason, "{reason} has no French");
            assert!(!said.contains("expected") && !said.contains("at most"), "{said}");
        }
        assert_eq!(
            setting_reason("\"trois\": expected a whole number of days"),
            "«\u{a0}trois\u{a0}» : un nombre entier de jours est attendu"
        );
    }
}
