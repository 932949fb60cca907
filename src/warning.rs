//! Warnings: problems in the input that do not stop the run. Each names its
//! source (file, repository) and line where there is one, reaches stderr
//! once, and goes into the JSON `warnings`.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// The file, repository or UID the problem is in, as the user named it.
    pub source: String,
    /// 1-based line number, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub message: String,
}

impl Warning {
    /// Escaping happens here, once: control characters quoted from the
    /// input (a stray CR or newline, in a message or in a file name) are
    /// written escaped, so each warning stays one line wherever it is shown.
    pub fn new(source: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        Warning {
            source: escaped(source.into()),
            line,
            message: escaped(message.into()),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// `text` with its control characters escaped as Rust writes them (`\n`,
/// `\r`, `\t`, else `\u{1b}`), so that input echoed in a warning or an
/// error cannot break it over several lines or drive the terminal. The one
/// such function: warnings, errors and the config reader all use it.
pub fn one_line(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    if !text.contains(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`one_line`] without a copy when there is nothing to escape.
fn escaped(text: String) -> String {
    if text.contains(char::is_control) {
        one_line(&text)
    } else {
        text
    }
}

/// Collapses repeated warnings (same source and message) into one with a
/// count, keeping the order in which they first appeared.
pub fn deduplicate(warnings: &[Warning]) -> Vec<(Warning, usize)> {
    let mut out: Vec<(Warning, usize)> = Vec::new();
    let mut seen: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for w in warnings {
        match seen.get(&(w.source.as_str(), w.message.as_str())) {
            Some(&i) => out[i].1 += 1,
            None => {
                seen.insert((&w.source, &w.message), out.len());
                out.push((w.clone(), 1));
            }
        }
    }
    out
}

/// A deduplicated warning as one line: "file:line: message (3 times)".
pub fn with_count(w: &Warning, count: usize) -> String {
    if count > 1 {
        format!("{w} ({count} times)")
    } else {
        w.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_once_in_source_and_message() {
        let w = Warning::new("a\rb.ics", Some(2), "TZID 'X\tY\u{0}\u{1b}[31m'");
        assert_eq!(w.to_string(), "a\\rb.ics:2: TZID 'X\\tY\\u{0}\\u{1b}[31m'");
        // Already escaped text stays as it is.
        assert_eq!(one_line(&w.message), w.message);
        assert_eq!(one_line("plain"), "plain");
    }

    #[test]
    fn identical_warnings_collapse_with_a_count_in_first_seen_order() {
        let w = |line, m: &str| Warning::new("cal.ics", Some(line), m);
        let list = [
            w(4, "unknown TZID 'X'"),
            w(9, "DURATION is negative"),
            w(12, "unknown TZID 'X'"),
        ];
        let d = deduplicate(&list);
        assert_eq!(
            d,
            [
                (w(4, "unknown TZID 'X'"), 2),
                (w(9, "DURATION is negative"), 1)
            ]
        );
        assert_eq!(d[0].0.to_string(), "cal.ics:4: unknown TZID 'X'");
    }
}
