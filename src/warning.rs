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
    /// The message is kept to one line: control characters quoted from
    /// the input (a stray CR or newline) are written escaped.
    pub fn new(source: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        Warning {
            source: source.into(),
            line,
            message: one_line(message.into()),
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

/// `text` with its control characters escaped (`\n`, `\r`, `\u{1b}`), so
/// that input echoed in a message cannot break it over several lines.
pub fn one_line(text: String) -> String {
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
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
