//! Email templates: built into the binary, overridable (and extendable) from the data folder.
//!
//! Each template is a pair `NAME.txt` + `NAME.html`, both extending `base`. The first line of
//! the rendered text part is `Sujet : …`, the subject; HTML is autoescaped.
//!
//! Overrides are data written by whoever can write the folder, not code running with Vigie's
//! rights: they render without access to the environment (`get_env` always fails; tera's other
//! built-in functions that read the clock or randomness are not compiled in), and the only
//! files read are regular files directly in the folder. `include`, `extends` and `import` only
//! reach templates registered here (tera is given sources, never a path or a glob).

use super::header;
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),+ $(,)?) => {
        &[$(
            (concat!($name, ".html"), include_str!(concat!("../../../templates/emails/", $name, ".html"))),
            (concat!($name, ".txt"), include_str!(concat!("../../../templates/emails/", $name, ".txt"))),
        )+]
    };
}

/// The templates shipped with Vigie.
const BUILTIN: &[(&str, &str)] = builtin!(
    "base",
    "echeance_proche",
    "documents_manquants",
    "taches_retard",
    "evenement_important",
    "resume_hebdomadaire",
    "welcome",
    "test",
);

/// Prefix of the subject line at the top of the rendered text part.
const SUBJECT_PREFIX: &str = "Sujet :";

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
}

/// The loaded templates: built-ins, with the valid overrides of the data folder on top.
#[derive(Clone)]
pub struct Templates {
    active: Tera,
    builtin: Tera,
    /// Files of the override folder, by template file name.
    overrides: Vec<(String, PathBuf)>,
    /// Overrides that could not be used, as `file:line: message`.
    problems: Vec<String>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Self {
        let mut tera = Tera::default();
        // tera registers get_env whatever its features: replaced by one that always refuses,
        // or an override could mail VIGIE_SMTP_PASSWORD.
        tera.register_function("get_env", deny_get_env);
        tera.add_raw_templates(BUILTIN.iter().copied()).expect("built-in templates are valid (tested)");
        Self { active: tera.clone(), builtin: tera, overrides: Vec::new(), problems: Vec::new() }
    }

    /// Built-ins plus the overrides of `<data_dir>/templates/emails`. If `templates` or
    /// `templates/emails` is a symbolic link, nothing is loaded from it and that is reported.
    pub fn for_data_dir(data_dir: &Path) -> Self {
        let folder = data_dir.join("templates");
        // `load` would follow a linked `templates`: the overrides would come from anywhere.
        if let Some(problem) = linked_folder(&folder) {
            let mut templates = Self::builtin();
            templates.problems.push(problem);
            return templates;
        }
        Self::load(&super::templates_dir(data_dir))
    }

    /// Built-ins plus the files of `dir` (`<data-dir>/templates/emails`) when it exists.
    /// A file that does not parse is left out and reported in [`Templates::problems`]; so is
    /// `dir` itself when it is a symbolic link, and nothing is loaded from it.
    pub fn load(dir: &Path) -> Self {
        let mut templates = Self::builtin();
        if let Some(problem) = linked_folder(dir) {
            templates.problems.push(problem);
            return templates;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return templates;
        };
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        for path in entries.flatten().map(|e| e.path()) {
            if !matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "txt")) {
                continue;
            }
            match path.file_name().and_then(|n| n.to_str()) {
                Some(name) => files.push((name.to_string(), path.clone())),
                None => templates.problems.push(format!("{}:1: the file name is not valid UTF-8", path.display())),
            }
        }
        // Bases first, so that a new base override is in place before its children.
        files.sort_by_key(|(name, _)| (!name.starts_with("base."), name.clone()));
        for (name, path) in files {
            let source = match read_override(&path) {
                Ok(s) => s,
                Err(problem) => {
                    tracing::warn!(%problem, "email template override ignored; using the built-in one");
                    templates.problems.push(format!("{}:1: {problem}", path.display()));
                    continue;
                }
            };
            let mut candidate = templates.active.clone();
            match candidate.add_raw_template(&name, &source) {
                Ok(()) => {
                    templates.active = candidate;
                    templates.overrides.push((name, path));
                }
                Err(e) => {
                    let problem = describe(&path, &source, &e);
                    tracing::warn!(%problem, "email template override ignored; using the built-in one");
                    templates.problems.push(problem);
                }
            }
        }
        // A template is a pair: a lone half is unusable, say so rather than ignore it.
        let names: BTreeSet<String> = templates.active.get_template_names().map(str::to_string).collect();
        for (file, path) in &templates.overrides {
            let other = match file.rsplit_once('.') {
                Some((stem, "txt")) => format!("{stem}.html"),
                Some((stem, _)) => format!("{stem}.txt"),
                None => continue,
            };
            if !names.contains(&other) {
                templates.problems.push(format!(
                    "{}:1: {other} is missing beside it (a template is a .txt and .html pair)",
                    path.display()
                ));
            }
        }
        templates
    }

    /// The templates of the store's data folder (built-ins only for an in-memory store).
    pub fn for_store(store: &crate::store::Store) -> Self {
        match store.data_dir() {
            Some(dir) => Self::for_data_dir(dir),
            None => Self::builtin(),
        }
    }

    /// Overrides that could not be used, as `file:line: message`.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Names of the usable templates (each a `.txt` + `.html` pair), `base` excluded.
    pub fn names(&self) -> Vec<String> {
        let all: BTreeSet<&str> = self.active.get_template_names().collect();
        all.iter()
            .filter_map(|n| n.strip_suffix(".txt"))
            .filter(|stem| *stem != "base" && all.contains(format!("{stem}.html").as_str()))
            .map(str::to_string)
            .collect()
    }

    /// Renders the pair `name` with `context`. If an override fails to render, the built-in
    /// template of that name is used instead and the failure is logged.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<Rendered> {
        match render_with(&self.active, name, context) {
            Ok(r) => Ok(r),
            Err(e)
                if self.is_overridden(name)
                    && self.builtin.get_template_names().any(|n| n == format!("{name}.txt")) =>
            {
                tracing::warn!(template = name, error = %e, "email template override failed; using the built-in one");
                render_with(&self.builtin, name, context)
            }
            Err(e) => Err(e),
        }
    }

    /// Renders every template with sample data; returns every problem as `file:line: message`.
    pub fn check(&self, sample: &tera::Context) -> Vec<String> {
        let mut problems = self.problems.clone();
        let mut report = |file: &str, e: &tera::Error| {
            let (path, source) = self.source_of(file);
            problems.push(describe(&path, &source, e));
        };
        for name in self.names() {
            let txt = format!("{name}.txt");
            let mut subject = String::from("…");
            match self.active.render(&txt, sample) {
                Ok(text) => match split_subject(&text) {
                    Some((s, _)) => subject = s,
                    None => report(&txt, &tera::Error::msg(format!("the first line must be \"{SUBJECT_PREFIX} …\""))),
                },
                Err(e) => report(&txt, &e),
            }
            let html = format!("{name}.html");
            let mut context = sample.clone();
            context.insert("subject", &subject);
            if let Err(e) = self.active.render(&html, &context) {
                report(&html, &e);
            }
        }
        problems
    }

    fn is_overridden(&self, name: &str) -> bool {
        self.overrides.iter().any(|(file, _)| {
            file.strip_suffix(".txt").or_else(|| file.strip_suffix(".html")) == Some(name) || file.starts_with("base.")
        })
    }

    fn source_of(&self, file: &str) -> (PathBuf, String) {
        if let Some((_, path)) = self.overrides.iter().find(|(f, _)| f == file) {
            return (path.clone(), read_override(path).unwrap_or_default());
        }
        let source = BUILTIN.iter().find(|(f, _)| *f == file).map_or("", |(_, s)| s);
        (PathBuf::from(format!("templates/emails/{file}")), source.to_string())
    }
}

/// What an override may not do: read the environment.
fn deny_get_env(_: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg("get_env is refused: email templates cannot read environment variables"))
}

/// The refusal of `folder` when it is a symbolic link: `read_dir` would follow it, and the
/// overrides (then mailed) could be any readable files. A folder that does not exist is fine.
fn linked_folder(folder: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(folder).ok()?;
    meta.file_type().is_symlink().then(|| {
        let problem = format!(
            "{}: is a symbolic link, not followed: the templates folder must be a real folder in the data folder; using the built-in templates",
            folder.display()
        );
        tracing::warn!(%problem, "email template overrides ignored");
        problem
    })
}

/// Opens an override without following a symbolic link and without blocking: the file
/// checked may have been replaced by a link or a FIFO (whose open waits for a writer) since.
fn open_override(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The source of an override file, read only if it is a regular file of its own: a symbolic
/// link (or a hard link) could make Vigie read, then mail, any file it can read.
fn read_override(path: &Path) -> std::result::Result<String, String> {
    use std::io::Read;
    let link = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if link.file_type().is_symlink() {
        return Err("is a symbolic link, not loaded: an override must be a regular file in the folder".into());
    }
    if !link.is_file() {
        return Err("is not a regular file, not loaded".into());
    }
    let mut file = open_override(path).map_err(|e| format!("{e}, not loaded"))?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Replaced by a link between the check and the open: not the file that was checked.
        if (opened.dev(), opened.ino()) != (link.dev(), link.ino()) {
            return Err("changed while being read (a link?), not loaded".into());
        }
        if opened.nlink() > 1 {
            return Err("has other hard links, not loaded: an override must be a file of its own".into());
        }
    }
    if !opened.is_file() {
        return Err("is not a regular file, not loaded".into());
    }
    let mut source = String::new();
    file.read_to_string(&mut source).map_err(|e| e.to_string())?;
    Ok(source)
}

fn render_with(tera: &Tera, name: &str, context: &tera::Context) -> Result<Rendered> {
    let fail = |file: &str, e: tera::Error| Error::Template(format!("template {file}: {}", chain(&e)));
    let txt = format!("{name}.txt");
    let text = tera.render(&txt, context).map_err(|e| fail(&txt, e))?;
    let (subject, text) = split_subject(&text)
        .ok_or_else(|| Error::Template(format!("template {txt}: the first line must be \"{SUBJECT_PREFIX} …\"")))?;
    let mut context = context.clone();
    context.insert("subject", &subject);
    let html_name = format!("{name}.html");
    let html = tera.render(&html_name, &context).map_err(|e| fail(&html_name, e))?;
    // Stored text from an older version may hold control characters; a mail client shows the
    // text part in a terminal as often as not, so they are made visible, never passed on.
    let (text, html) = (crate::text::printable(&text).into_owned(), crate::text::printable(&html).into_owned());
    Ok(Rendered { subject, text, html })
}

/// Splits `Sujet : X\nbody` into a one-line subject and the body.
///
/// The subject is only the first line, and any control character left in it (from a client
/// name or a label put into it) becomes a space: stripped rather than refused, because the
/// text is data, not the template's fault, and the email is still worth sending. Header values
/// are checked once more when the email is built.
fn split_subject(rendered: &str) -> Option<(String, String)> {
    let rendered = rendered.trim_start();
    let (first, rest) = rendered.split_once('\n').unwrap_or((rendered, ""));
    let subject = header::flatten(first.strip_prefix(SUBJECT_PREFIX)?);
    if subject.is_empty() {
        return None;
    }
    Ok::<_, ()>((subject, tidy(rest))).ok()
}

/// Collapses the runs of blank lines template tags leave behind.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The whole chain of a tera error, on one line.
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `file:line: message` for a tera error, finding the line in the parser's report or, for a
/// render error naming a variable, the first line that uses it.
fn describe(path: &Path, source: &str, e: &tera::Error) -> String {
    let message = chain(e);
    let line = message
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .or_else(|| {
            let name = message.split('`').nth(1)?;
            let name = name.split(['.', '[', '|']).next()?.trim();
            source.lines().position(|l| l.contains(name)).map(|i| i + 1)
        })
        .unwrap_or(1);
    format!("{}:{line}: {message}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_is_the_first_line() {
        let (subject, body) =
            split_subject("Sujet : 3 échéances  dans les 7 jours\nBonjour,\n\n\n\nà bientôt").unwrap();
        assert_eq!(subject, "3 échéances dans les 7 jours");
        assert_eq!(body, "Bonjour,\n\nà bientôt\n");
        assert!(split_subject("Bonjour").is_none());
        let (subject, _) = split_subject("Sujet : Bienvenue \u{7}Carol\r\nBcc: x@y.fr").unwrap();
        assert_eq!(subject, "Bienvenue Carol");
    }

    #[test]
    fn every_builtin_pair_is_listed() {
        let names = Templates::builtin().names();
        assert_eq!(
            names,
            [
                "documents_manquants",
                "echeance_proche",
                "evenement_important",
                "resume_hebdomadaire",
                "taches_retard",
                "test",
                "welcome"
            ]
        );
    }
}

#[cfg(test)]
mod rendering {
    use super::*;
    use crate::email::sample_context;

    #[test]
    fn every_builtin_renders_with_sample_data() {
        let templates = Templates::builtin();
        assert!(templates.check(&sample_context()).is_empty(), "{:?}", templates.check(&sample_context()));
        for name in templates.names() {
            let r = templates.render(&name, &sample_context()).unwrap();
            assert!(!r.subject.is_empty(), "{name}");
            assert!(r.text.starts_with("Bonjour Claire Moreau,"), "{name}: {}", r.text);
            assert!(r.html.starts_with("<!DOCTYPE html>"), "{name}");
            assert!(r.html.contains(&format!("<title>{}</title>", tera::escape_html(&r.subject))), "{name}");
        }
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let templates = Templates::builtin();
        let mut context = sample_context();
        context.insert("recipient_name", "<b>Zoé</b> & Cie");
        let r = templates.render("welcome", &context).unwrap();
        assert!(r.html.contains("Bonjour &lt;b&gt;Zoé&lt;&#x2F;b&gt; &amp; Cie,"), "{}", r.html);
        assert!(r.text.contains("Bonjour <b>Zoé</b> & Cie,"));
        assert_eq!(r.subject, "Bienvenue dans Vigie, <b>Zoé</b> & Cie");
    }

    #[test]
    fn stored_control_characters_do_not_reach_the_email() {
        let templates = Templates::builtin();
        let mut context = sample_context();
        context.insert("recipient_name", "Zoé\u{1b}[2J\u{9b}31m");
        let r = templates.render("welcome", &context).unwrap();
        for part in [&r.subject, &r.text, &r.html] {
            assert!(!part.chars().any(|c| c == '\u{1b}' || c == '\u{9b}'), "{part}");
        }
        assert!(r.text.contains("Bonjour Zoé\\u{1b}[2J"), "{}", r.text);
    }

    #[test]
    fn subjects_read_well_in_french() {
        let templates = Templates::builtin();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut context = sample_context();
        let soon = crate::email::items::deadline("A".into(), "TVA".into(), today + chrono::Days::new(3), today);
        let late = crate::email::items::deadline("B".into(), "DSN".into(), today - chrono::Days::new(2), today);
        for (items, subject) in [
            (vec![soon.clone()], "Échéance dans 3 jours : TVA — A"),
            (vec![soon.clone(), soon.clone(), soon.clone()], "3 échéances dans les 7 jours"),
            (vec![late.clone()], "Échéance dépassée : DSN — B"),
            (vec![late.clone(), late.clone()], "2 échéances dépassées"),
            (vec![soon.clone(), late.clone()], "2 échéances à traiter, dont 1 dépassée"),
        ] {
            context.insert("items", &items);
            context.insert("total", &items.len());
            assert_eq!(templates.render("echeance_proche", &context).unwrap().subject, subject);
        }
    }
}

/// Overrides cannot reach the environment or files outside their folder; each attempt is
/// reported by `check` under the file's name, and the built-in template is used instead.
#[cfg(all(test, unix))]
mod confinement {
    use super::*;
    use crate::email::sample_context;
    use std::os::unix::fs::symlink;

    const BUILTIN_SUBJECT: &str = "Vigie : e-mail de test";

    fn override_test(dir: &Path, subject: &str) {
        let txt = format!("{{% extends \"base.txt\" %}}{{% block subject %}}{subject}{{% endblock subject %}}");
        std::fs::write(dir.join("test.txt"), txt).unwrap();
    }

    /// The problems `check` reports about `file`, one string.
    fn reported(templates: &Templates, file: &str) -> String {
        templates.check(&sample_context()).into_iter().filter(|p| p.contains(file)).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn get_env_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let home = std::env::var("HOME").unwrap_or_default();
        for call in ["get_env(name=\"HOME\")", "get_env(name=\"VIGIE_SMTP_PASSWORD\", default=\"none\")"] {
            override_test(dir.path(), &format!("{{{{ {call} }}}}"));
            let templates = Templates::load(dir.path());
            let r = templates.render("test", &sample_context()).unwrap();
            assert_eq!(r.subject, BUILTIN_SUBJECT);
            assert!(home.is_empty() || !r.text.contains(&home));
            let problem = reported(&templates, "test.txt");
            assert!(problem.contains("get_env is refused"), "{call}: {problem}");
        }
    }

    #[test]
    fn a_symbolic_link_to_a_file_outside_is_not_loaded() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        // Even a valid template behind a link is refused: the link, not its content, is the problem.
        std::fs::write(&secret, "{% extends \"base.txt\" %}{% block subject %}SECRET{% endblock subject %}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(&secret, dir.path().join("test.txt")).unwrap();
        let templates = Templates::load(dir.path());
        assert_eq!(templates.render("test", &sample_context()).unwrap().subject, BUILTIN_SUBJECT);
        let problem = reported(&templates, "test.txt");
        assert!(problem.contains("test.txt:1: is a symbolic link, not loaded"), "{problem}");
    }

    #[test]
    fn include_reaches_only_registered_templates() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.html"), "SECRET").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(outside.path().join("secret.html"), dir.path().join("secret.html")).unwrap();
        let targets = [
            "secret.html".to_string(),
            outside.path().join("secret.html").display().to_string(),
            "../../../../../../etc/passwd".to_string(),
            "/etc/passwd".to_string(),
        ];
        for target in targets {
            override_test(dir.path(), &format!("{{% include \"{target}\" %}}"));
            let templates = Templates::load(dir.path());
            let r = templates.render("test", &sample_context()).unwrap();
            assert_eq!(r.subject, BUILTIN_SUBJECT, "{target}");
            assert!(!r.text.contains("SECRET") && !r.text.contains("root:"), "{target}");
            let problem = reported(&templates, "test.txt");
            assert!(problem.contains(&target) && problem.contains("not found"), "{target}: {problem}");
        }
    }

    #[test]
    fn extends_and_import_reach_only_registered_templates() {
        let dir = tempfile::tempdir().unwrap();
        for source in ["{% extends \"/etc/passwd\" %}", "{% import \"../../etc/passwd\" as m %}"] {
            std::fs::write(dir.path().join("test.txt"), source).unwrap();
            let templates = Templates::load(dir.path());
            assert_eq!(templates.render("test", &sample_context()).unwrap().subject, BUILTIN_SUBJECT);
            let problem = reported(&templates, "test.txt");
            assert!(problem.contains("passwd"), "{source}: {problem}");
        }
    }

    #[test]
    fn a_linked_templates_folder_is_not_followed() {
        // A valid pair outside the data folder, in `emails` of `outside`.
        let outside = tempfile::tempdir().unwrap();
        let emails = outside.path().join("emails");
        std::fs::create_dir(&emails).unwrap();
        override_test(&emails, "OUTSIDE");
        std::fs::write(emails.join("test.html"), "{% extends \"base.html\" %}").unwrap();
        // `templates/emails` a link to it, or `templates` a link to its parent.
        let linked_emails = tempfile::tempdir().unwrap();
        std::fs::create_dir(linked_emails.path().join("templates")).unwrap();
        symlink(&emails, linked_emails.path().join("templates/emails")).unwrap();
        let linked_templates = tempfile::tempdir().unwrap();
        symlink(outside.path(), linked_templates.path().join("templates")).unwrap();
        for (data_dir, link) in [(linked_emails.path(), "templates/emails"), (linked_templates.path(), "templates")] {
            let templates = Templates::for_data_dir(data_dir);
            assert_eq!(templates.render("test", &sample_context()).unwrap().subject, BUILTIN_SUBJECT, "{link}");
            let problems = templates.check(&sample_context());
            let expected = format!("{}: is a symbolic link, not followed", data_dir.join(link).display());
            assert!(problems.len() == 1 && problems[0].starts_with(&expected), "{link}: {problems:?}");
        }
        // A real folder in the data folder: loaded.
        let real = tempfile::tempdir().unwrap();
        let folder = real.path().join("templates/emails");
        std::fs::create_dir_all(&folder).unwrap();
        override_test(&folder, "OUTSIDE");
        std::fs::write(folder.join("test.html"), "{% extends \"base.html\" %}").unwrap();
        assert_eq!(Templates::for_data_dir(real.path()).render("test", &sample_context()).unwrap().subject, "OUTSIDE");
    }

    #[test]
    fn an_override_is_opened_without_following_a_link_or_waiting_on_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "x").unwrap();
        symlink(&target, dir.path().join("link.txt")).unwrap();
        assert!(open_override(&target).is_ok());
        assert!(open_override(&dir.path().join("link.txt")).is_err());
        // A FIFO swapped in after the check: opening it must return at once, not wait for a
        // writer. Opened on another thread so that a regression fails instead of hanging.
        let fifo = dir.path().join("fifo.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let (done, opened) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(open_override(&fifo).map(|f| f.metadata().unwrap().is_file())));
        let opened = opened.recv_timeout(std::time::Duration::from_secs(5)).expect("opening a FIFO blocked");
        assert!(matches!(opened, Ok(false)), "{opened:?}");
    }

    #[test]
    fn a_hard_link_is_not_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let folder = dir.path().join("emails");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(
            elsewhere.join("x"),
            "{% extends \"base.txt\" %}{% block subject %}LINKED{% endblock subject %}",
        )
        .unwrap();
        std::fs::hard_link(elsewhere.join("x"), folder.join("test.txt")).unwrap();
        let templates = Templates::load(&folder);
        assert_eq!(templates.render("test", &sample_context()).unwrap().subject, BUILTIN_SUBJECT);
        assert!(reported(&templates, "test.txt").contains("has other hard links, not loaded"));
    }
}
