//! A cron expression in plain French, for the schedule settings: "tous les jours à 9 h et
//! 14 h", "du lundi au vendredi à 8 h 30", "toutes les 15 minutes". Works on the text of an
//! expression `Schedule::parse` accepted; what it cannot say simply (`L`, `#`, a day of the
//! month and a day of the week together) is quoted as written rather than guessed.

const NBSP: char = '\u{a0}';

/// Cron's day numbers (0 is Sunday, as is 7) to names.
const DAYS: [&str; 7] = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// At most this many times of day are listed one by one.
const MAX_TIMES: usize = 6;

/// One field of the expression, as far as a sentence needs it.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    /// `*`.
    Every,
    /// `*/n`.
    Step(u32),
    /// Listed values, ranges expanded, sorted, without duplicates.
    Values(Vec<u32>),
}

/// The expression in French, or quoted as written when it is too unusual to say simply.
pub(super) fn french(text: &str) -> String {
    let text = text.trim();
    let said = match text.to_ascii_lowercase().as_str() {
        "@yearly" | "@annually" => Some("le 1er janvier à minuit".to_string()),
        "@monthly" => Some("le 1er de chaque mois à minuit".to_string()),
        "@weekly" => Some("le dimanche à minuit".to_string()),
        "@daily" | "@midnight" => Some("tous les jours à minuit".to_string()),
        "@hourly" => Some("toutes les heures, à l’heure pile".to_string()),
        _ => sentence(text),
    };
    said.unwrap_or_else(|| format!("selon l’expression «{NBSP}{text}{NBSP}»"))
}

fn sentence(text: &str) -> Option<String> {
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else { return None };
    let minute = field(minute, 0, 59, &[])?;
    let hour = field(hour, 0, 23, &[])?;
    let dom = field(dom, 1, 31, &[])?;
    let month = field(month, 1, 12, &MONTH_NAMES)?;
    let dow = match field(dow, 0, 7, &DAY_NAMES)? {
        // 7 is Sunday too.
        Field::Values(v) => {
            let mut v: Vec<u32> = v.into_iter().map(|d| d % 7).collect();
            v.sort_unstable();
            v.dedup();
            Field::Values(v)
        }
        other => other,
    };
    let days = days(&dom, &month, &dow)?;
    let times = times(&minute, &hour)?;
    Some(match days {
        Some(days) => format!("{days}{times}"),
        // Times of day need their days said; an interval says it all ("toutes les 15 minutes").
        None if times.starts_with(" à ") => format!("tous les jours{times}"),
        None => times.trim_start_matches(", ").to_string(),
    })
}

/// Parses one field: `*`, `*/n`, or a list of values and ranges (`1-5`, `MON-FRI`, `8-18/2`).
fn field(text: &str, low: u32, high: u32, names: &[&str]) -> Option<Field> {
    if text == "*" || text == "?" {
        return Some(Field::Every);
    }
    if let Some(step) = text.strip_prefix("*/") {
        let step: u32 = step.parse().ok()?;
        return Some(if step == 1 { Field::Every } else { Field::Step(step) });
    }
    let value = |t: &str| -> Option<u32> {
        let upper = t.to_ascii_uppercase();
        match names.iter().position(|n| *n == upper) {
            // Month names count from 1, day names from 0 (Sunday).
            Some(i) => Some(i as u32 + if names.len() == 12 { 1 } else { 0 }),
            None => t.parse().ok().filter(|n| (low..=high).contains(n)),
        }
    };
    let mut values = Vec::new();
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (part, 1),
        };
        let (from, to) = match range.split_once('-') {
            Some((a, b)) => (value(a)?, value(b)?),
            None if range == "*" => (low, high),
            None => {
                let v = value(range)?;
                (v, if step > 1 { high } else { v })
            }
        };
        if from > to {
            return None;
        }
        values.extend((from..=to).step_by(step as usize));
    }
    values.sort_unstable();
    values.dedup();
    Some(Field::Values(values))
}

/// "tous les jours", "du lundi au vendredi", "le 1er de chaque mois"…; None when the sentence
/// would mislead; Some(None) when the days are not restricted and times say it all ("toutes
/// les 15 minutes").
fn days(dom: &Field, month: &Field, dow: &Field) -> Option<Option<String>> {
    let months = match month {
        Field::Every => None,
        Field::Values(v) => {
            Some(list(&v.iter().filter_map(|m| crate::french::month(*m)).map(str::to_string).collect::<Vec<_>>()))
        }
        Field::Step(_) => return None,
    };
    let text = match (dom, dow) {
        (Field::Every, Field::Every) => match months {
            None => return Some(None),
            Some(m) => format!("tous les jours en {m}"),
        },
        (Field::Every, Field::Values(d)) => {
            let week = weekdays(d);
            match months {
                None => week,
                Some(m) => format!("{week}, en {m}"),
            }
        }
        (Field::Values(d), Field::Every) => {
            let dates = list(&d.iter().map(|n| ordinal(*n)).collect::<Vec<_>>());
            let dates = format!("le {}", dates.replace(" et ", " et le ").replace(", ", ", le "));
            match months {
                None => format!("{dates} de chaque mois"),
                Some(m) => format!("{dates} {m}"),
            }
        }
        // Cron runs when either matches: too easy to misread in a sentence.
        _ => return None,
    };
    Some(Some(text))
}

/// "le lundi", "du lundi au vendredi", "le lundi, le mercredi et le vendredi".
fn weekdays(days: &[u32]) -> String {
    if days.len() == 7 {
        return "tous les jours".into();
    }
    let contiguous = days.len() > 2 && days.windows(2).all(|w| w[1] == w[0] + 1);
    if contiguous {
        return format!("du {} au {}", DAYS[days[0] as usize], DAYS[days[days.len() - 1] as usize]);
    }
    list(&days.iter().map(|d| format!("le {}", DAYS[*d as usize])).collect::<Vec<_>>())
}

/// ", toutes les 15 minutes", " à 9 h et 14 h", ", toutes les heures de 8 h à 18 h".
fn times(minute: &Field, hour: &Field) -> Option<String> {
    Some(match (minute, hour) {
        (Field::Every, Field::Every) => ", toutes les minutes".into(),
        (Field::Step(m), Field::Every) => format!(", toutes les {m}{NBSP}minutes"),
        (Field::Values(m), Field::Every) if m == &[0] => ", toutes les heures, à l’heure pile".into(),
        (Field::Values(m), Field::Every) => {
            format!(", toutes les heures à {}", list(&m.iter().map(|m| format!("{m}{NBSP}min")).collect::<Vec<_>>()))
        }
        (Field::Values(m), Field::Step(h)) if m.len() == 1 => {
            let at = if m[0] == 0 { String::new() } else { format!(" à {}{NBSP}min", m[0]) };
            format!(", toutes les {h}{NBSP}heures{at}")
        }
        (Field::Values(m), Field::Values(h)) => {
            let contiguous = h.len() > 2 && h.windows(2).all(|w| w[1] == w[0] + 1);
            if m.len() == 1 && contiguous {
                format!(", toutes les heures de {} à {}", clock(h[0], m[0]), clock(h[h.len() - 1], m[0]))
            } else if h.len() * m.len() <= MAX_TIMES {
                let all: Vec<String> = h.iter().flat_map(|h| m.iter().map(move |m| clock(*h, *m))).collect();
                format!(" à {}", list(&all))
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// "9 h", "8 h 30", "minuit", "midi".
fn clock(hour: u32, minute: u32) -> String {
    match (hour, minute) {
        (0, 0) => "minuit".into(),
        (12, 0) => "midi".into(),
        (h, 0) => format!("{h}{NBSP}h"),
        (h, m) => format!("{h}{NBSP}h{NBSP}{m:02}"),
    }
}

/// "1er", "2", "15".
fn ordinal(n: u32) -> String {
    if n == 1 { "1er".into() } else { n.to_string() }
}

/// "a", "a et b", "a, b et c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(expr: &str) -> String {
        // Every expression here is one the scheduler accepts.
        assert!(crate::cron::Schedule::parse(expr).is_ok(), "{expr}");
        french(expr).replace(NBSP, " ")
    }

    #[test]
    fn the_usual_schedules_read_as_a_person_would_say_them() {
        assert_eq!(say("0 9 * * *"), "tous les jours à 9 h");
        assert_eq!(say("0 9,14 * * *"), "tous les jours à 9 h et 14 h");
        assert_eq!(say("30 8 * * 1-5"), "du lundi au vendredi à 8 h 30");
        assert_eq!(say("0 8 * * MON-FRI"), "du lundi au vendredi à 8 h");
        assert_eq!(say("0 8 * * 1"), "le lundi à 8 h");
        assert_eq!(say("0 3 * * 0"), "le dimanche à 3 h");
        assert_eq!(say("0 3 * * 7"), "le dimanche à 3 h");
        assert_eq!(say("0 8 * * 1,3,5"), "le lundi, le mercredi et le vendredi à 8 h");
        assert_eq!(say("0 7 1 * *"), "le 1er de chaque mois à 7 h");
        assert_eq!(say("0 7 1,15 * *"), "le 1er et le 15 de chaque mois à 7 h");
        assert_eq!(say("0 9 15 1,4,7,10 *"), "le 15 janvier, avril, juillet et octobre à 9 h");
        assert_eq!(say("0 0 * * *"), "tous les jours à minuit");
        assert_eq!(say("0 12 * * *"), "tous les jours à midi");
        assert_eq!(say("0,30 9 * * *"), "tous les jours à 9 h et 9 h 30");
    }

    #[test]
    fn intervals_say_how_often() {
        assert_eq!(say("*/15 * * * *"), "toutes les 15 minutes");
        assert_eq!(say("* * * * *"), "toutes les minutes");
        assert_eq!(say("0 * * * *"), "toutes les heures, à l’heure pile");
        assert_eq!(say("15 * * * *"), "toutes les heures à 15 min");
        assert_eq!(say("0 */2 * * *"), "toutes les 2 heures");
        assert_eq!(say("0 8-18 * * 1-5"), "du lundi au vendredi, toutes les heures de 8 h à 18 h");
        assert_eq!(say("*/10 * * * 1-5"), "du lundi au vendredi, toutes les 10 minutes");
        assert_eq!(say("@daily"), "tous les jours à minuit");
        assert_eq!(say("@weekly"), "le dimanche à minuit");
    }

    #[test]
    fn what_a_sentence_would_misread_is_quoted() {
        // Day of month and day of week together: cron runs on either.
        assert_eq!(say("0 9 1 * 1"), "selon l’expression « 0 9 1 * 1 »");
        assert_eq!(say("0 9 L * *"), "selon l’expression « 0 9 L * * »");
        assert_eq!(say("0,10,20,30,40,50 8,9 * * *"), "selon l’expression « 0,10,20,30,40,50 8,9 * * * »");
    }
}
