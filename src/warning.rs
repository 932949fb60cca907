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
    /// A whole source (a calendar URL, a forge) could not be read, and the
    /// run went on without it: `doctor` must not call the inputs sound.
    /// Told by this flag, not by the source's name, which a file may share.
    #[serde(skip)]
    pub unread_source: bool,
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
            unread_source: false,
        }
    }

    /// A warning that a whole source could not be read ([`Self::unread_source`]).
    pub fn unread(source: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            unread_source: true,
            ..Warning::new(source, None, message)
        }
    }
}

/// Whether `source` is a manager's ([`manager_source`]), not a file's.
pub fn is_manager_source(source: &str) -> bool {
    source.starts_with("manager '")
}

/// The source of a warning about a manager rather than a file:
/// `manager 'Ada Lovelace'`.
pub fn manager_source(name: &str) -> String {
    format!("manager '{name}'")
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

impl Warning {
    /// What kind of problem this is: the message with what it quotes of
    /// the input left out — quoted text (`'…'`, `"…"`), the UID or commit
    /// it names (or the API event a warning begins with), and numbers.
    /// "unknown TZID 'Mars/Base'; used Europe/London" and "unknown TZID
    /// 'Venus/Base'; used Europe/London" are one kind; "DTEND is before
    /// DTSTART (UID a)" and "(UID b)" are one kind; so are "event AAMkQ has
    /// no end; skipped" and "event AAMkR has no end; skipped".
    pub fn kind(&self) -> String {
        let mut out = String::with_capacity(self.message.len());
        let chars: Vec<char> = self.message.chars().collect();
        let mut i = 0;
        let mut skip_word = false;
        while i < chars.len() {
            let c = chars[i];
            let after_word = i > 0 && chars[i - 1].is_alphanumeric();
            if (c == '\'' || c == '"') && !after_word {
                if let Some(close) = closing_quote(&chars, i) {
                    out.push('…');
                    i = close + 1;
                    continue;
                }
            }
            if skip_word && !c.is_whitespace() {
                // The identifier after "UID " or "commit ", up to a space
                // or the punctuation that ends it.
                let end = (i + 1..chars.len())
                    .find(|&j| {
                        chars[j].is_whitespace() || matches!(chars[j], ':' | ';' | ',' | ')')
                    })
                    .unwrap_or(chars.len());
                out.push('…');
                i = end;
                skip_word = false;
                continue;
            }
            if c.is_ascii_digit() {
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                out.push('#');
                continue;
            }
            out.push(c);
            i += 1;
            if c == ' ' {
                // An API event's warnings begin with its id: "event AAMk…".
                skip_word = out.ends_with("UID ") || out.ends_with("commit ") || out == "event ";
            }
        }
        out
    }
}

/// The index of the quote closing the one at `open`: the same character,
/// not followed by a letter or digit (so "the manager's" is no quote).
fn closing_quote(chars: &[char], open: usize) -> Option<usize> {
    let q = chars[open];
    (open + 1..chars.len())
        .find(|&j| chars[j] == q && !chars.get(j + 1).is_some_and(|c| c.is_alphanumeric()))
}

/// Groups the warnings of one kind (see [`Warning::kind`]) from one source
/// into one, with how many there were: shown is the one at the first line
/// (the first met when none has a line), and it names the lines of the
/// others (`; also at lines 10, 17`, the first [`OTHER_LINES`]) so that
/// each can be found; groups keep the order in which they were first met.
/// Twenty events of one file with one unknown zone are one line, not
/// twenty.
pub fn deduplicate(warnings: &[Warning]) -> Vec<(Warning, usize)> {
    let mut out: Vec<(Warning, usize, Vec<u64>)> = Vec::new();
    use std::collections::hash_map::Entry;
    let mut seen: std::collections::HashMap<(&str, String), usize> = Default::default();
    for w in warnings {
        match seen.entry((w.source.as_str(), w.kind())) {
            Entry::Occupied(at) => {
                let (shown, count, lines) = &mut out[*at.get()];
                *count += 1;
                lines.extend(w.line);
                if w.line.is_some_and(|l| shown.line.is_none_or(|s| l < s)) {
                    *shown = w.clone();
                }
            }
            Entry::Vacant(at) => {
                at.insert(out.len());
                out.push((w.clone(), 1, w.line.into_iter().collect()));
            }
        }
    }
    (out.into_iter())
        .map(|(mut shown, count, mut lines)| {
            lines.sort_unstable();
            lines.dedup();
            lines.retain(|&l| Some(l) != shown.line);
            if !lines.is_empty() {
                shown.message.push_str(&also_at(&lines));
            }
            (shown, count)
        })
        .collect()
}

/// How many of a group's other lines its warning names.
const OTHER_LINES: usize = 10;

/// `; also at line 10`, `; also at lines 10, 17, …`.
fn also_at(lines: &[u64]) -> String {
    let shown: Vec<String> = lines.iter().take(OTHER_LINES).map(u64::to_string).collect();
    let more = if lines.len() > OTHER_LINES {
        ", …"
    } else {
        ""
    };
    let s = if lines.len() == 1 { "" } else { "s" };
    format!("; also at line{s} {}{more}", shown.join(", "))
}

/// A grouped warning as one line: "file:12: message (and 19 more like it)".
pub fn with_count(w: &Warning, count: usize) -> String {
    if count > 1 {
        format!("{w} (and {} more like it)", count - 1)
    } else {
        w.to_string()
    }
}

/// Prints warnings to stderr, each once (with a count when repeated). With
/// `--strict`, any warning is an error.
pub fn emit(warnings: &[Warning], strict: bool) -> anyhow::Result<()> {
    use std::io::Write;
    let unique = deduplicate(warnings);
    let mut err = anstream::stderr().lock();
    let label = if strict { "error" } else { "warning" };
    for (w, count) in &unique {
        let _ = writeln!(err, "{label}: {}", with_count(w, *count));
    }
    if strict && !unique.is_empty() {
        anyhow::bail!("--strict: {} warning(s) above", warnings.len());
    }
    Ok(())
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
    fn warnings_of_one_kind_from_one_file_are_one_line_at_the_first_line() {
        let w = |file: &str, line, m: &str| Warning::new(file, Some(line), m);
        let list = [
            w("a.ics", 30, "unknown TZID 'Venus/Base'; used Europe/London"),
            w("a.ics", 12, "unknown TZID 'Mars/Base'; used Europe/London"),
            w("b.ics", 4, "unknown TZID 'Mars/Base'; used Europe/London"),
            w(
                "a.ics",
                40,
                "DTEND is before DTSTART (UID x-1); counted as zero length",
            ),
            w(
                "a.ics",
                41,
                "DTEND is before DTSTART (UID y-2); counted as zero length",
            ),
            w("a.ics", 50, "the manager's commits skipped"),
            w("a.ics", 51, "the manager's events skipped"),
        ];
        let d = deduplicate(&list);
        let shown: Vec<String> = d.iter().map(|(w, n)| with_count(w, *n)).collect();
        assert_eq!(
            shown,
            [
                "a.ics:12: unknown TZID 'Mars/Base'; used Europe/London; also at line 30 (and 1 more like it)",
                "b.ics:4: unknown TZID 'Mars/Base'; used Europe/London",
                "a.ics:40: DTEND is before DTSTART (UID x-1); counted as zero length; also at line 41 (and 1 more like it)",
                // An apostrophe opens no quote: two kinds.
                "a.ics:50: the manager's commits skipped",
                "a.ics:51: the manager's events skipped",
            ]
        );
        assert_eq!(
            Warning::new(
                "f",
                None,
                "skipped a broken event: DTSTART: '00) Amsterdam' is not a date or date-time"
            )
            .kind(),
            "skipped a broken event: DTSTART: … is not a date or date-time"
        );
        assert_eq!(
            Warning::new(
                "f",
                None,
                "commit 9fceb02: author 'x' has no <email>; skipped"
            )
            .kind(),
            "commit …: author … has no <email>; skipped"
        );
        // An API event's id, not a word after "event" elsewhere.
        assert_eq!(
            Warning::new(
                "f",
                None,
                "event AAMkAGI2T-x_y=: unreadable end 'x'; skipped"
            )
            .kind(),
            "event …: unreadable end …; skipped"
        );
        assert_eq!(
            Warning::new(
                "f",
                None,
                "skipped event UID ab: it lasts more than 10 years"
            )
            .kind(),
            "skipped event UID …: it lasts more than # years"
        );
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
                (w(4, "unknown TZID 'X'; also at line 12"), 2),
                (w(9, "DURATION is negative"), 1)
            ]
        );
        assert_eq!(
            d[0].0.to_string(),
            "cal.ics:4: unknown TZID 'X'; also at line 12"
        );
        // Past ten other lines, the first ten and "…".
        let many: Vec<Warning> = (1..=13).map(|l| w(l, "unknown TZID 'X'")).collect();
        assert_eq!(
            with_count(&deduplicate(&many)[0].0, 13),
            "cal.ics:1: unknown TZID 'X'; also at lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, … (and 12 more like it)"
        );
    }
}
