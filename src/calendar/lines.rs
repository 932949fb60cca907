//! A VEVENT block's content lines → icalendar's parsed properties, each
//! distinct line parsed once. An export repeats most lines verbatim (the
//! same ATTENDEEs, ORGANIZER, TRANSP and SEQUENCE in every override of a
//! series: seven lines in ten of the dense benchmark calendar), and the
//! lines it does not repeat (DTSTART, DTEND, RECURRENCE-ID, UID) repeat
//! their name and parameters; parsing is most of reading.

use icalendar::parser::{ParseString, Property};

/// The lines of a batch of blocks, parsed.
pub(crate) struct Lines<'t> {
    /// Each distinct line met, with its place in `parsed`.
    index: foldhash::HashMap<&'t str, usize>,
    /// Each name-and-parameters part (`DTSTART;TZID="…"`) of a line whose
    /// value the parser keeps as written ([`value_kept`]), with a line
    /// parsed that has it and whether the value is unescaped: a line with
    /// the same part is that property with its own value.
    pub(super) heads: foldhash::HashMap<&'t str, (usize, bool)>,
    pub(super) parsed: Vec<Property<'t>>,
    /// The block just read: its properties' places in `parsed`.
    block: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new() -> Self {
        Lines {
            index: foldhash::HashMap::default(),
            heads: foldhash::HashMap::default(),
            parsed: Vec::new(),
            block: Vec::new(),
        }
    }

    /// Reads the content lines of `block` (a VEVENT, from its BEGIN to its
    /// END line); false when one of them is a BEGIN or END line, or is not
    /// read whole as one property.
    pub fn read(&mut self, block: &'t str) -> bool {
        self.block.clear();
        let mut lines = (block.split('\n'))
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.is_empty());
        let (Some(_begin), Some(_end)) = (lines.next(), lines.next_back()) else {
            return false;
        };
        for line in lines {
            if let Some(&i) = self.index.get(line) {
                self.block.push(i);
                continue;
            }
            if is_structural(line) {
                return false;
            }
            let Some(p) = self.with_known_head(line).or_else(|| parsed_whole(line)) else {
                return false;
            };
            let i = self.parsed.len();
            self.parsed.push(p);
            self.index.insert(line, i);
            self.learn_head(line, i);
            self.block.push(i);
        }
        true
    }

    /// The properties of the block just read, in order.
    pub fn block(&self) -> impl Iterator<Item = &Property<'t>> {
        self.block.iter().map(|&i| &self.parsed[i])
    }

    /// `line` as the parser reads it, when a line with its name and
    /// parameters was parsed before.
    fn with_known_head(&self, line: &'t str) -> Option<Property<'t>> {
        let (head, value) = line.split_at(value_colon(line)?);
        let &(i, unescaped) = self.heads.get(head)?;
        let known = &self.parsed[i];
        Some(Property {
            name: known.name.clone(),
            params: known.params.clone(),
            val: kept_value(&value[1..], unescaped),
        })
    }

    /// Notes the head of `line`, parsed as `parsed[i]`, when its value is
    /// one the parser keeps as written (or unescapes as a UID), and the
    /// parser indeed split the line where [`value_colon`] does.
    fn learn_head(&mut self, line: &'t str, i: usize) {
        let p = &self.parsed[i];
        let (Some(unescaped), Some(colon)) = (value_kept(p), value_colon(line)) else {
            return;
        };
        let (head, value) = line.split_at(colon);
        if kept_value(&value[1..], unescaped).as_str() == p.val.as_str() {
            self.heads.entry(head).or_insert((i, unescaped));
        }
    }
}

/// A `BEGIN:` or `END:` line, in any case.
pub(super) fn is_structural(line: &str) -> bool {
    let head = line.get(..6).unwrap_or("");
    head.eq_ignore_ascii_case("BEGIN:")
        || head
            .get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("END:"))
}

/// `line` parsed as one property, when the parser reads all of it.
fn parsed_whole(line: &str) -> Option<Property<'_>> {
    Property::try_from(line)
        .ok()
        .filter(|p| read_whole(line, p))
}

/// Whether the property parser read all of `line`: a line whose
/// parameters or value it cannot read is read as a name alone (`NAME`
/// with no `:`), the rest left over; in a block, that rest makes the
/// next property fail, and so the block.
fn read_whole(line: &str, p: &Property<'_>) -> bool {
    let name = p.name.as_str();
    !p.params.is_empty()
        || !p.val.as_str().is_empty()
        || line == name
        || line.strip_suffix(':') == Some(name)
}

/// Where the name and parameters of a content line end: its first `:`
/// outside a quoted parameter value (`TZID="GMT+01:00"`).
fn value_colon(line: &str) -> Option<usize> {
    let mut quoted = false;
    for i in memchr::memchr2_iter(b'"', b':', line.as_bytes()) {
        match line.as_bytes()[i] {
            b'"' => quoted = !quoted,
            _ if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// How icalendar's parser treats the value of `p`, for the properties an
/// event does not repeat: `Some(false)` kept as written (a date-time,
/// date or period), `Some(true)` unescaped as text (a UID); `None` for
/// any other. (The parser picks the type from a `VALUE` parameter, else
/// from the name as written in capitals.)
fn value_kept(p: &Property<'_>) -> Option<bool> {
    let value_type = p.params.iter().find(|q| q.key.as_str() == "VALUE");
    match (p.name.as_str(), value_type) {
        ("UID", None) if p.params.is_empty() => Some(true),
        ("DTSTART" | "DTEND" | "RECURRENCE-ID" | "EXDATE" | "RDATE", None) => Some(false),
        ("DTSTART" | "DTEND" | "RECURRENCE-ID" | "EXDATE" | "RDATE", Some(v)) => {
            let v = v.val.as_ref().map_or("", |v| v.as_str());
            matches!(v, "DATE" | "DATE-TIME" | "PERIOD").then_some(false)
        }
        _ => None,
    }
}

/// `value` as the parser gives it for a property whose value it keeps as
/// written, or `unescaped` as text ([`value_kept`]).
fn kept_value(value: &str, unescaped: bool) -> ParseString<'_> {
    let value = ParseString::from(value);
    if unescaped {
        value.unescape_text()
    } else {
        value
    }
}
