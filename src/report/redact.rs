//! `--redact`: a report that can leave the building. Manager names become
//! stable pseudonyms, the largest coding items are named by their category
//! instead of their title, 1:1 coverage keeps its counts but not the team
//! members, and warnings lose anything that could be
//! personal: file paths, e-mail addresses, names and quoted text (which may
//! be an event title).
//!
//! A pseudonym is "Manager " and the first 4 hex digits of the SHA-1 of the
//! name, so the same person has the same pseudonym in every week's report.
//! Two names of one report that share those digits both get more digits
//! (6, 8, … up to 40), so pseudonyms stay distinct. The hash is unsalted:
//! whoever already has the list of names can tell who is who; the point is
//! that a reader without it cannot.

use crate::figures::Report;
use crate::warning::manager_source;
use crate::Warning;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

const PREFIX: &str = "Manager ";

/// The report with pseudonyms for names, categories for titles and
/// scrubbed warnings; figures, bands, limits and time zones unchanged.
pub fn redact(report: &Report) -> Report {
    let mut out = report.clone();
    in_place(&mut out);
    out
}

/// [`redact`] without a copy: an org's figures are held once.
pub fn in_place(report: &mut Report) {
    let names: Vec<&str> = report.managers.iter().map(|m| m.name.as_str()).collect();
    let pseudonyms = pseudonyms(&names);
    report.warnings = scrubbed_warnings(report, &pseudonyms);
    crate::figures::advice::hide_titles(report);
    crate::figures::coverage::hide_members(report);
    for m in &mut report.managers {
        m.name = pseudonyms[&m.name].clone();
    }
}

/// The report's warnings as [`redact`] gives them, without copying the
/// rest of the report (a skip-level view prints only these).
pub fn warnings(report: &Report) -> Vec<Warning> {
    let names: Vec<&str> = report.managers.iter().map(|m| m.name.as_str()).collect();
    scrubbed_warnings(report, &pseudonyms(&names))
}

/// Each warning from "input N" (its kind of file kept), or from the
/// manager's pseudonym when it is about a manager; its text scrubbed.
fn scrubbed_warnings(report: &Report, pseudonyms: &HashMap<String, String>) -> Vec<Warning> {
    let scrubber = Scrubber::new(pseudonyms);
    let managers: HashMap<String, String> = (pseudonyms.iter())
        .map(|(name, alias)| (manager_source(name), manager_source(alias)))
        .collect();
    let mut inputs: HashMap<&str, usize> = HashMap::new();
    (report.warnings.iter())
        .map(|w| {
            let next = inputs.len() + 1;
            let source = match managers.get(&w.source) {
                Some(alias) => alias.clone(),
                None => {
                    let n = *inputs.entry(w.source.as_str()).or_insert(next);
                    format!("input {n}{}", extension_note(&w.source))
                }
            };
            Warning {
                source,
                line: w.line,
                message: scrubber.scrub(&w.message),
                unread_source: w.unread_source,
            }
        })
        .collect()
}

/// A report of several managers (`week`, `report`): the largest items by
/// category, 1:1 coverage by its counts, and warnings without quoted text
/// or e-mail addresses (an event title, a team member's name), and without
/// the path of a URL (a forge's API path names a repository and a pull
/// request). File paths and manager names stay: they are the director's
/// own inputs, and say what to mend.
pub fn for_several_managers(report: &mut Report) {
    crate::figures::advice::hide_titles(report);
    crate::figures::coverage::hide_members(report);
    let managers: Vec<&str> = report.managers.iter().map(|m| m.name.as_str()).collect();
    for w in &mut report.warnings {
        w.message = without_url_paths(&without_quotes(&w.message, &managers));
    }
}

/// `message` with every URL cut to its scheme and host (`https://host/…`).
fn without_url_paths(message: &str) -> String {
    URL_PATH
        .replace_all(message, |c: &regex::Captures| {
            // Sentence punctuation after a URL is not part of it.
            let path = c[2].trim_end_matches(['.', ':', ',', ';', ')']);
            format!("{}/…{}", &c[1], &c[2][path.len()..])
        })
        .into_owned()
}

/// The pseudonym of each distinct name.
pub fn pseudonyms(names: &[&str]) -> HashMap<String, String> {
    let digests: HashMap<&str, String> = names.iter().map(|n| (*n, sha1_hex(n))).collect();
    let mut out = HashMap::new();
    for (&name, digest) in &digests {
        // The shortest even length at which no other name shares the digits.
        let mut len = 4;
        while len < digest.len()
            && digests
                .iter()
                .any(|(&other, d)| other != name && d[..len] == digest[..len])
        {
            len += 2;
        }
        out.insert(name.to_string(), format!("{PREFIX}{}", &digest[..len]));
    }
    out
}

/// The hex digits of a pseudonym made by [`pseudonyms`], e.g. "A7F3" for
/// "Manager A7F3"; `None` for any other name.
pub fn pseudonym_code(name: &str) -> Option<&str> {
    let code = name.strip_prefix(PREFIX)?;
    let is_code = (4..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    is_code.then_some(code)
}

fn sha1_hex(name: &str) -> String {
    let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
    hasher.update(name.as_bytes());
    let id = hasher
        .try_finalize()
        .expect("SHA-1 of a short string never hits a collision attack");
    id.to_hex().to_string().to_uppercase()
}

/// " (.ics)" for a source that ends in an extension, so a redacted warning
/// still says what kind of input it was.
fn extension_note(source: &str) -> String {
    let file = source.rsplit(['/', '\\']).next().unwrap_or(source);
    match file.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=8).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            format!(" (.{})", ext.to_ascii_lowercase())
        }
        _ => String::new(),
    }
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[^\s@<>()'",;:]+@[^\s@<>()'",;:]+"#).unwrap());
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"'[^'\n]*'|"[^"\n]*"|“[^”\n]*”"#).unwrap());
static URL_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(https?://[^/\s'"]+)/([^\s'"]*)"#).unwrap());
static PATH_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\s'\x22()]*[/\\][^\s'\x22(),;]*").unwrap());

struct Scrubber {
    /// Whole names and their pseudonyms, longest first.
    names: Vec<(Regex, String)>,
    /// Any word of a name (3 letters or more), on its own.
    name_words: Option<Regex>,
}

impl Scrubber {
    fn new(pseudonyms: &HashMap<String, String>) -> Scrubber {
        let mut names: Vec<(&String, &String)> = pseudonyms.iter().collect();
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        let whole = |text: &str| format!(r"(?i)\b{}\b", regex::escape(text));
        let mut words: Vec<String> = pseudonyms
            .keys()
            .flat_map(|n| n.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().count() >= 3)
            .map(regex::escape)
            .collect();
        words.sort();
        words.dedup();
        Scrubber {
            names: names
                .into_iter()
                // A name of one or two letters ("A") would replace words of
                // every sentence; quoted, it is scrubbed as any quoted text.
                .filter(|(name, _)| name.trim().chars().count() >= 3)
                .filter_map(|(name, alias)| Some((Regex::new(&whole(name)).ok()?, alias.clone())))
                .collect(),
            name_words: (!words.is_empty())
                .then(|| Regex::new(&format!(r"(?i)\b(?:{})\b", words.join("|"))).ok())
                .flatten(),
        }
    }

    fn scrub(&self, message: &str) -> String {
        let mut text = without_quotes(message, &[]);
        text = PATH_LIKE
            .replace_all(&text, |c: &regex::Captures| {
                // Sentence punctuation after a path is not part of it.
                let token = c[0].trim_end_matches(['.', ':']);
                if is_zone_name(token) || token.trim_matches('\'').is_empty() {
                    c[0].to_string()
                } else {
                    format!("<path>{}", &c[0][token.len()..])
                }
            })
            .into_owned();
        for (name, alias) in &self.names {
            text = name.replace_all(&text, alias.as_str()).into_owned();
        }
        if let Some(words) = &self.name_words {
            // Pseudonyms themselves ("Manager 1A2B") contain no name words.
            text = words.replace_all(&text, "<name>").into_owned();
        }
        text
    }
}

/// `message` without quoted text and e-mail addresses. A zone name is
/// kept (it tells what to fix), and so is a name in `kept` (a manager's,
/// in a report that names them); anything else quoted may be a title, a
/// path or a team member's name.
fn without_quotes(message: &str, kept: &[&str]) -> String {
    let text = QUOTED.replace_all(message, |c: &regex::Captures| {
        let quoted = &c[0];
        let inner = quoted.trim_matches(['\'', '"', '“', '”']);
        if is_zone_name(inner) || kept.contains(&inner) {
            quoted.to_string()
        } else {
            "'…'".to_string()
        }
    });
    EMAIL.replace_all(&text, "<email>").into_owned()
}

fn is_zone_name(text: &str) -> bool {
    text.contains('/') && text.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::sample;

    #[test]
    fn pseudonyms_are_stable_and_distinct() {
        // `printf %s 'Ada Lovelace' | sha1sum` gives a69a9f8a…, and
        // 'Grace Hopper' d97e6939….
        let p = pseudonyms(&["Ada Lovelace", "Grace Hopper"]);
        assert_eq!(p["Ada Lovelace"], "Manager A69A");
        assert_eq!(p["Grace Hopper"], "Manager D97E");
        assert_eq!(pseudonym_code("Manager A69A"), Some("A69A"));
        assert_eq!(pseudonym_code("Ada Lovelace"), None);
        // The same name gets the same pseudonym whatever else is reported.
        let again = pseudonyms(&["Linus Tee", "Ada Lovelace"]);
        assert_eq!(again["Ada Lovelace"], p["Ada Lovelace"]);
    }

    #[test]
    fn a_shared_prefix_gets_longer_codes() {
        // Find two names whose digests share the first 4 hex digits.
        let mut first: HashMap<String, String> = HashMap::new();
        let (a, b) = (0..200_000)
            .find_map(|i| {
                let name = format!("Person {i}");
                let code = sha1_hex(&name)[..4].to_string();
                first.insert(code, name.clone()).map(|other| (other, name))
            })
            .unwrap();
        let p = pseudonyms(&[&a, &b]);
        assert_ne!(p[&a], p[&b]);
        assert!(pseudonym_code(&p[&a]).unwrap().len() >= 6);
    }

    #[test]
    fn warnings_lose_paths_names_addresses_and_titles() {
        let report = redact(&sample::report());
        let w = &report.warnings;
        assert_eq!(w[0].source, "input 1 (.ics)");
        assert_eq!(w[0].line, Some(120));
        // A real zone name is kept (it is what the user has to fix); an
        // unknown one might be anything, so it goes.
        assert_eq!(w[0].message, "unknown TZID '…'; used Europe/London");
        assert_eq!(w[1].source, "input 2 (.log)");
        assert_eq!(report.managers[1].name, "Manager D97E");
        assert_eq!(
            w[1].message,
            "commit by <email> (Manager D97E) has no date; skipped"
        );
        let scrubber = Scrubber::new(&pseudonyms(&["Ada Lovelace"]));
        assert_eq!(
            scrubber.scrub("event \"Ada / Bob 1:1\" in /home/ada/cal.ics: TZID 'Europe/Paris' ok"),
            "event '…' in <path>: TZID 'Europe/Paris' ok"
        );
        assert_eq!(scrubber.scrub("lovelace's calendar"), "<name>'s calendar");
        // A manager named "A" leaves the article alone; quoted, it goes.
        let scrubber = Scrubber::new(&pseudonyms(&["A"]));
        assert_eq!(
            scrubber.scrub("left out a line of 'A'"),
            "left out a line of '…'"
        );
    }

    #[test]
    fn several_managers_warnings_name_no_repository() {
        let mut report = sample::report();
        report.warnings = vec![Warning::new(
            "GitHub boss",
            None,
            "cannot read GitHub API http://127.0.0.1:8083/api/v3/repos/acme/web/pulls/2/reviews: not found (HTTP 404); the reviews of 'acme/web#2' are left out",
        )];
        for_several_managers(&mut report);
        assert_eq!(
            report.warnings[0].message,
            "cannot read GitHub API http://127.0.0.1:8083/…: not found (HTTP 404); the reviews of '…' are left out"
        );
    }

    #[test]
    fn a_warning_about_a_manager_names_their_pseudonym() {
        let mut report = sample::report();
        report.warnings = vec![Warning::new(
            manager_source("Ada Lovelace"),
            None,
            "no `reports` given; counted as 0 direct reports",
        )];
        // `printf %s 'Ada Lovelace' | sha1sum` gives a69a9f8a…: the row
        // "Manager A69A" the director can find and mend.
        let w = &redact(&report).warnings[0];
        assert_eq!(w.source, "manager 'Manager A69A'");
    }

    #[test]
    fn the_largest_coding_items_lose_their_titles() {
        let report = redact(&sample::report());
        let labels: Vec<&str> = report.managers[0].weeks[2]
            .advice
            .largest_coding
            .iter()
            .map(|i| &*i.label)
            .collect();
        // payments-api and infra are git (commits), "Focus time" is coding.
        assert_eq!(labels, ["commits", "commits", "coding"]);
    }
}
