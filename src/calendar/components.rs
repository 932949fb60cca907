//! Unfolding and splitting: one pass over a calendar's text that undoes
//! RFC 5545 line folding, accepts CRLF, LF or CR line ends, and cuts the
//! text into its VEVENT and VTIMEZONE blocks, each remembering the physical
//! line of its BEGIN. Blocks are then parsed independently, so one broken
//! event costs only itself (icalendar's parser rejects a whole file for one
//! bad line).

use super::event::Name;
use super::lines::is_structural;
use crate::Warning;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Event,
    Timezone,
}

/// One VEVENT or VTIMEZONE: a range of one of the unfolded texts.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// Which of the split's `texts` it is in.
    pub chunk: usize,
    pub range: Range<usize>,
    /// 1-based physical line of `BEGIN:`.
    pub line: u64,
    /// Lines inside it that were not content lines (an unfolded
    /// DESCRIPTION), left out: how many, and the first one's line.
    pub stray: Option<(usize, u64)>,
    /// It began outside any VCALENDAR (bare VEVENTs, or one between two
    /// calendars).
    pub outside_calendar: bool,
    /// How many `BEGIN:VCALENDAR` lines came before it: the calendar of a
    /// file of several it is in (its VTIMEZONEs and METHOD are its own).
    pub calendar: u32,
}

/// A calendar's text, unfolded, with CRLF line ends (icalendar's parser
/// looks for CRLF first: with LF alone each property scans to the end of
/// its block), cut into blocks. A large file is unfolded in chunks, one
/// text each.
#[derive(Debug, Default)]
pub(crate) struct Split {
    pub texts: Vec<String>,
    pub blocks: Vec<Block>,
    /// Each calendar's ([`Block::calendar`]) X-WR-TIMEZONE, with its line:
    /// a file may hold several calendars (`cat a.ics b.ics`), each its own.
    pub x_wr_timezones: Vec<(u32, String, u64)>,
    /// Each calendar's X-WR-CALNAME.
    pub x_wr_calnames: Vec<(u32, String)>,
    /// Indented BEGIN or END lines read as if they were not indented.
    pub indented: usize,
    /// The calendars ([`Block::calendar`]) that answer an invitation
    /// (`METHOD:REPLY`, `COUNTER`, `DECLINECOUNTER`, `REFRESH`): an
    /// attendee's reply saved in an iTIP stream, no event of its own.
    pub answers: Vec<u32>,
}

/// What one pass over (a chunk of) the input gives.
#[derive(Default)]
struct Pass {
    text: String,
    blocks: Vec<Block>,
    x_wr_timezones: Vec<(u32, String, u64)>,
    x_wr_calnames: Vec<(u32, String)>,
    warnings: Vec<Warning>,
    /// Physical lines read.
    lines: u64,
    /// BEGINs left unmatched for being nested too deep.
    too_deep: usize,
    /// Indented BEGIN or END lines read as if they were not indented.
    indented: usize,
    /// BEGIN:VCALENDAR lines read.
    calendars: u32,
    answers: Vec<u32>,
}

/// Real calendars nest three deep (VCALENDAR, VEVENT, VALARM); deeper
/// BEGINs are ignored so that the stack, looked at on every line, stays
/// small whatever the input.
const MAX_DEPTH: usize = 32;

/// Below this many bytes per chunk, one pass is as fast.
const CHUNK_BYTES: usize = 1 << 20;

struct Open {
    name: String,
    /// A VEVENT or VTIMEZONE: what `name` says, looked at on every line.
    kind: Option<BlockKind>,
    /// A sub-component whose lines are left out (`is_skipped`).
    skipped: bool,
    start: usize,
    line: u64,
    /// Stray lines left out of it so far, and the first one's line.
    stray: Option<(usize, u64)>,
    /// Its last content line was a DESCRIPTION, or a stray line followed
    /// it: the lines of an unfolded text may go on. In it, `Status: …` or
    /// `Summary: …` (a name not written in capitals) is text, not a
    /// property.
    in_text: bool,
    outside_calendar: bool,
}

impl Open {
    /// The block it is, its text ending at `end`, in calendar `calendar`.
    fn into_block(self, kind: BlockKind, end: usize, calendar: u32) -> Block {
        Block {
            kind,
            chunk: 0,
            range: self.start..end,
            line: self.line,
            stray: self.stray,
            outside_calendar: self.outside_calendar,
            calendar,
        }
    }

    fn new(name: String, start: usize, line: u64) -> Self {
        Open {
            kind: is_block(&name),
            skipped: is_skipped(&name),
            name,
            start,
            line,
            stray: None,
            in_text: false,
            outside_calendar: false,
        }
    }
}

/// Sub-components of an event nobody reads (alarms), whose lines are left
/// out of the unfolded text.
fn is_skipped(name: &str) -> bool {
    name == "VALARM"
}

/// The bytes of a property name: letters, digits and `-`.
const NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'-' as usize;
        b += 1;
    }
    table
};

const DESCRIPTION: &str = "DESCRIPTION";

/// What the start of a logical line says about it, worked out once.
#[derive(Debug, Clone, Copy, Default)]
struct Head {
    /// `BEGIN:` or `END:`, in any case.
    structural: bool,
    /// A content line's start: a property name (letters, digits, `-`)
    /// followed by `;` or `:`. Anything else inside a component (`Dear
    /// Team,`, `Meeting ID 123`) is a line of text that lost its folding.
    content: bool,
    /// The content line's property, when the reader uses it.
    name: Option<Name>,
}

impl Head {
    /// `None` when `line` ends inside its name (a folded line: only the
    /// whole logical line can tell). (Runs on every line of every event:
    /// one table look-up per byte of the name, no allocation.)
    fn of(line: &str) -> Option<Head> {
        let bytes = line.as_bytes();
        let n = bytes.iter().position(|&b| !NAME_BYTE[b as usize])?;
        let content = n > 0 && matches!(bytes[n], b';' | b':');
        Some(Head {
            structural: is_structural(line),
            content,
            // The name is ASCII (NAME_BYTE): a whole str.
            name: if content { Name::of(&line[..n]) } else { None },
        })
    }

    /// A logical line's head: a line that is all name is no content line.
    fn of_whole(line: &str) -> Head {
        Head::of(line).unwrap_or_default()
    }

    /// A well-formed content line whose property is not used. (A line
    /// that is not well-formed is kept, so the parser still reports it.)
    fn unused(self) -> bool {
        self.content && self.name.is_none()
    }
}

/// Unfolds `input` and splits it. Unbalanced BEGIN/END and NUL bytes become
/// warnings; a block left open is skipped with a warning naming its line.
/// `rule_texts`: DESCRIPTION, LOCATION and CATEGORIES are kept.
pub(crate) fn split(
    input: &str,
    (label, rule_texts): (&str, bool),
    warnings: &mut Vec<Warning>,
) -> Split {
    let chunks = (input.len() / CHUNK_BYTES).clamp(1, rayon::current_num_threads());
    split_in(input, (label, rule_texts), warnings, chunks)
}

/// [`split`] in (up to) `chunks` pieces cut before `BEGIN:VEVENT` lines,
/// unfolded in parallel. Each piece after the first is read as if inside
/// VCALENDAR; unless every piece before it indeed ended there, the file is
/// read again in one pass, so the outcome is always that of one pass.
fn split_in(
    input: &str,
    (label, rule_texts): (&str, bool),
    warnings: &mut Vec<Warning>,
    chunks: usize,
) -> Split {
    let input = without_nul(input, label, warnings);
    let cuts = cuts(&input, chunks);
    if cuts.len() > 2 {
        if let Some(split) = split_chunks(&input, &cuts, (label, rule_texts), warnings) {
            return split;
        }
    }
    let (p, end) = pass(&input, (label, rule_texts), Vec::new());
    warnings.extend(p.warnings);
    unclosed(&end, label, warnings, 0);
    Split {
        texts: vec![p.text],
        blocks: p.blocks,
        x_wr_timezones: p.x_wr_timezones,
        x_wr_calnames: p.x_wr_calnames,
        indented: p.indented,
        answers: p.answers,
    }
}

/// `input` without NUL bytes (with a warning when it had any).
fn without_nul<'a>(
    input: &'a str,
    label: &str,
    warnings: &mut Vec<Warning>,
) -> std::borrow::Cow<'a, str> {
    if !input.contains('\0') {
        return input.into();
    }
    warnings.push(Warning::new(
        label,
        None,
        "NUL bytes in the file were ignored",
    ));
    input.replace('\0', "").into()
}

/// Where to cut `input` into (up to) `chunks` pieces: before a
/// `BEGIN:VEVENT` line near each even share; the first cut is 0, the last
/// the end.
fn cuts(input: &str, chunks: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let finder = memchr::memmem::Finder::new("\nBEGIN:VEVENT");
    for k in 1..chunks {
        let from = (input.len() * k / chunks).max(*cuts.last().unwrap_or(&0));
        if let Some(i) = finder.find(&input.as_bytes()[from..]) {
            let cut = from + i + 1;
            if cut > *cuts.last().unwrap_or(&0) && cut < input.len() {
                cuts.push(cut);
            }
        }
    }
    cuts.push(input.len());
    cuts
}

/// The pieces between `cuts`, unfolded in parallel, each after the first
/// read as if inside VCALENDAR; `None` unless every piece before the last
/// indeed ended there (then only one pass gives the right outcome).
fn split_chunks(
    input: &str,
    cuts: &[usize],
    (label, rule_texts): (&str, bool),
    warnings: &mut Vec<Warning>,
) -> Option<Split> {
    use rayon::prelude::*;
    let passes: Vec<(Pass, Vec<Open>)> = cuts
        .par_windows(2)
        .enumerate()
        .map(|(k, w)| {
            let initial = if k == 0 {
                Vec::new()
            } else {
                vec![Open::new("VCALENDAR".into(), 0, 0)]
            };
            pass(&input[w[0]..w[1]], (label, rule_texts), initial)
        })
        .collect();
    let joined = passes[..passes.len() - 1]
        .iter()
        .all(|(p, end)| end.len() == 1 && end[0].name == "VCALENDAR" && p.too_deep == 0);
    joined.then(|| join(passes, label, warnings))
}

/// The passes over consecutive pieces as one split: line numbers shifted
/// by the lines before each piece, the last calendar-level values kept.
fn join(passes: Vec<(Pass, Vec<Open>)>, label: &str, warnings: &mut Vec<Warning>) -> Split {
    let mut out = Split::default();
    let mut offset = 0;
    let mut calendars = 0;
    let last = passes.len() - 1;
    for (k, (p, end)) in passes.into_iter().enumerate() {
        out.blocks.extend(p.blocks.into_iter().map(|mut b| {
            b.chunk = k;
            b.line += offset;
            b.calendar += calendars;
            b
        }));
        (out.answers).extend(p.answers.into_iter().map(|c| c + calendars));
        (out.x_wr_timezones).extend(
            (p.x_wr_timezones.into_iter()).map(|(c, tz, line)| (c + calendars, tz, line + offset)),
        );
        (out.x_wr_calnames).extend(p.x_wr_calnames.into_iter().map(|(c, n)| (c + calendars, n)));
        calendars += p.calendars;
        warnings.extend(p.warnings.into_iter().map(|mut w| {
            w.line = w.line.map(|l| l + offset);
            w
        }));
        out.texts.push(p.text);
        out.indented += p.indented;
        if k == last {
            unclosed(&end, label, warnings, offset);
        }
        offset += p.lines;
    }
    out
}

/// Blocks still open at the end of the file.
fn unclosed(stack: &[Open], label: &str, warnings: &mut Vec<Warning>, offset: u64) {
    for open in stack {
        if is_block(&open.name).is_some() {
            warnings.push(Warning::new(
                label,
                Some(open.line + offset),
                format!(
                    "skipped a broken {}: no END:{} before the end of the file",
                    open.name, open.name
                ),
            ));
        }
    }
}

/// One pass over `input` from the state `stack`; returns what it found and
/// the components still open at its end.
fn pass(input: &str, (label, rule_texts): (&str, bool), mut stack: Vec<Open>) -> (Pass, Vec<Open>) {
    let mut out = Pass {
        text: String::with_capacity(input.len()),
        ..Pass::default()
    };
    let warnings = &mut Vec::new();
    // The logical line being assembled: its start in `out.text`, its first
    // physical line, and its head when that line showed it.
    let mut current: Option<(usize, u64, Option<Head>)> = None;
    let mut pos = 0;
    let mut line_no: u64 = 0;
    // The current logical line is being left out.
    let mut skipping = false;
    while pos < input.len() {
        line_no += 1;
        let (end, next) = line_end(input.as_bytes(), pos);
        let physical = &input[pos..end];
        pos = next;
        if let Some(rest) = physical
            .strip_prefix(' ')
            .or_else(|| physical.strip_prefix('\t'))
        {
            if skipping {
                continue;
            }
            if current.is_some() {
                out.text.push_str(rest);
                continue;
            }
        }
        skipping = false;
        if let Some(logical) = current.take() {
            finish_line(&mut out, &mut stack, logical, (label, rule_texts), warnings);
        }
        if physical.trim().is_empty() {
            continue;
        }
        // An indented line with no line before it to continue: its
        // indentation is a slip (a hand edit, a paste), not folding.
        let physical = unindented(physical, (label, line_no), &mut out, warnings);
        let head = Head::of(physical);
        if left_out_at_once(&stack, head) {
            skipping = true;
            continue;
        }
        current = Some((out.text.len(), line_no, head));
        out.text.push_str(physical);
    }
    if let Some(logical) = current.take() {
        finish_line(&mut out, &mut stack, logical, (label, rule_texts), warnings);
    }
    out.lines = line_no;
    out.warnings = std::mem::take(warnings);
    (out, stack)
}

/// `physical` without leading white space; an indented BEGIN or END line
/// (which would otherwise leave its component unopened or unclosed) is
/// named in a warning.
fn unindented<'a>(
    physical: &'a str,
    (label, line): (&str, u64),
    out: &mut Pass,
    warnings: &mut Vec<Warning>,
) -> &'a str {
    let trimmed = physical.trim_start_matches([' ', '\t']);
    if trimmed.len() < physical.len() && is_structural(trimmed) {
        out.indented += 1;
        let shown: String = trimmed.trim_end().chars().take(40).collect();
        warnings.push(Warning::new(
            label,
            Some(line),
            format!("'{shown}' is indented; read as if it were not"),
        ));
    }
    trimmed
}

/// The end of the physical line starting at `pos` (CRLF, LF or CR; and
/// CR CR LF, a CRLF file saved again in text mode on Windows, whose folds
/// would otherwise fall after a blank line) and the start of the next.
fn line_end(bytes: &[u8], pos: usize) -> (usize, usize) {
    match memchr::memchr2(b'\r', b'\n', &bytes[pos..]) {
        Some(i) => {
            let at = pos + i;
            match &bytes[at..] {
                [b'\r', b'\r', b'\n', ..] => (at, at + 3),
                [b'\r', b'\n', ..] => (at, at + 2),
                _ => (at, at + 1),
            }
        }
        None => (bytes.len(), bytes.len()),
    }
}

/// Whether the logical line whose first physical line has `head` is left
/// out as far as that line tells: an unused property of an event (most of
/// an Outlook export) is not even copied. BEGIN and END lines always go
/// through `finish_line`.
fn left_out_at_once(stack: &[Open], head: Option<Head>) -> bool {
    if !in_event(stack) || head.is_some_and(|h| h.structural) {
        return false;
    }
    in_skipped(stack) || head.is_some_and(Head::unused)
}

fn in_event(stack: &[Open]) -> bool {
    stack.iter().any(|o| o.kind == Some(BlockKind::Event))
}

/// Whether a content line's property name is written in capitals, as every
/// exporter writes them (`STATUS`, `X-MS-OLK-…`), unlike prose (`Status`).
fn capital_name(line: &str) -> bool {
    let name = line.split([';', ':']).next().unwrap_or("");
    !name.bytes().any(|b| b.is_ascii_lowercase())
}

fn is_block(name: &str) -> Option<BlockKind> {
    match name {
        "VEVENT" => Some(BlockKind::Event),
        "VTIMEZONE" => Some(BlockKind::Timezone),
        _ => None,
    }
}

/// Ends the logical line starting at `start` (adds its CRLF, or drops it)
/// and acts on it. `head`: its head, when its first physical line showed
/// it.
fn finish_line(
    out: &mut Pass,
    stack: &mut Vec<Open>,
    (start, line, head): (usize, u64, Option<Head>),
    (label, rule_texts): (&str, bool),
    warnings: &mut Vec<Warning>,
) {
    let head = head.unwrap_or_else(|| Head::of_whole(&out.text[start..]));
    // `END:VEVENT ` (a template's trailing space) ends the event as
    // `END:VEVENT` does; the parser would refuse the space.
    if head.structural {
        let kept = out.text[start..].trim_end().len();
        out.text.truncate(start + kept);
    }
    let text = &out.text[start..];
    let in_event = in_event(stack);
    // Lines of a skipped sub-component (its BEGIN and END included) and
    // unused properties are dropped.
    let description = head.name == Some(Name::Description);
    let drop_line = if head.structural && text.as_bytes()[0].eq_ignore_ascii_case(&b'B') {
        let name = text[6..].trim().to_ascii_uppercase();
        begin(out, stack, Open::new(name, start, line), label, warnings)
    } else if head.structural {
        let name = text[4..].trim().to_ascii_uppercase();
        end(out, stack, &name, line, label, warnings);
        in_event && is_skipped(&name)
    } else if in_skipped(stack) || (in_event && head.unused()) {
        true
    } else if let Some(block) = (stack.iter_mut().rev())
        .find(|o| o.kind.is_some())
        .filter(|o| !head.content || (o.in_text && !capital_name(text)))
    {
        // Left out, counted on its component (warned of with its UID once
        // the component is parsed).
        let (count, _) = block.stray.get_or_insert((0, line));
        *count += 1;
        block.in_text = true;
        true
    } else {
        if let Some(block) = stack.iter_mut().rev().find(|o| o.kind.is_some()) {
            block.in_text = description;
        }
        // A rule text no rule reads is left out only now, once it has
        // taken its part in judging the lines after it, as if it were read.
        let unread = in_event && !rule_texts && head.name.is_some_and(Name::is_rule_text);
        if stack.len() <= 1 && !stack.iter().any(|o| o.kind.is_some()) {
            calendar_level(out, start, line);
        }
        unread
    };
    if drop_line {
        out.text.truncate(start);
        return;
    }
    // icalendar unescapes an upper-case DESCRIPTION char by char, a good
    // part of all parsing; its name in lower case keeps the value as
    // written, and `event` unescapes it at memchr speed. (Lowered only
    // now: `capital_name` judges the line as it was written.)
    if in_event && description {
        out.text[start..start + DESCRIPTION.len()].make_ascii_lowercase();
    }
    mend_escaped_quotes(&mut out.text, start);
    out.text.push_str("\r\n");
}

/// A quoted parameter value with `\"` inside (`CN="Smith (\"Sales\")"`,
/// as some generators write it; RFC 5545 allows no quote there, and the
/// parser refused the whole event): each such inner quote becomes `'`.
/// The value after the parameters is left as written.
fn mend_escaped_quotes(text: &mut String, start: usize) {
    // Most lines hold no backslash at all: one memchr pass says so.
    let line = &text.as_bytes()[start..];
    if !memchr::memchr_iter(b'\\', line).any(|i| line.get(i + 1) == Some(&b'"')) {
        return;
    }
    let mut inner = Vec::new();
    let mut quoted = false;
    let bytes = text.as_bytes();
    for i in start..bytes.len() {
        match bytes[i] {
            // A quote that ends the value is followed by `;`, `:` or `,`
            // (a value may end in a backslash: `CN="C:\\"`).
            b'"' if quoted
                && bytes[i - 1] == b'\\'
                && !matches!(bytes.get(i + 1), Some(b';' | b':' | b',')) =>
            {
                inner.push(i)
            }
            b'"' => quoted = !quoted,
            b':' if !quoted => break,
            _ => {}
        }
    }
    for i in inner {
        text.replace_range(i..=i, "'");
    }
}

fn in_skipped(stack: &[Open]) -> bool {
    stack.last().is_some_and(|o| o.skipped)
}

/// A BEGIN line: opens `open`, unless nested too deep. A block inside
/// another block means the outer one never ended: it is ended there
/// ([`end_before`]) when nothing but skipped sub-components is open in it,
/// else dropped with a warning. True when the line is left out (a skipped
/// sub-component).
fn begin(
    out: &mut Pass,
    stack: &mut Vec<Open>,
    mut open: Open,
    label: &str,
    warnings: &mut Vec<Warning>,
) -> bool {
    if is_block(&open.name).is_some() {
        if let Some(i) = stack.iter().position(|o| is_block(&o.name).is_some()) {
            if stack[i + 1..].iter().all(|o| is_skipped(&o.name)) {
                let broken = stack.swap_remove(i);
                stack.truncate(i);
                end_before(out, broken, &mut open, label, warnings);
            } else {
                let broken = &stack[i];
                warnings.push(Warning::new(
                    label,
                    Some(broken.line),
                    format!(
                        "skipped a broken {}: BEGIN:{} came before its END:{}",
                        broken.name, open.name, broken.name
                    ),
                ));
                stack.truncate(i);
            }
        }
    }
    let name = &open.name;
    if name == "VCALENDAR" {
        out.calendars += 1;
    }
    let in_event = stack.iter().any(|o| o.name == "VEVENT");
    let drop_line = in_skipped(stack) || (in_event && is_skipped(name));
    open.outside_calendar = !stack.iter().any(|o| o.name == "VCALENDAR");
    if stack.len() < MAX_DEPTH {
        stack.push(open);
    } else {
        out.too_deep += 1;
        if out.too_deep == 1 {
            warnings.push(Warning::new(
                label,
                Some(open.line),
                format!(
                    "components nested more than {MAX_DEPTH} deep; the deeper ones are ignored"
                ),
            ));
        }
    }
    drop_line
}

/// A block that the BEGIN of the next one (`open`) shows to have ended
/// without its END line (Microsoft 365 published calendars so for a
/// while): ended there, with a warning; its END line is written in.
fn end_before(
    out: &mut Pass,
    broken: Open,
    open: &mut Open,
    label: &str,
    warnings: &mut Vec<Warning>,
) {
    let Some(kind) = is_block(&broken.name) else {
        return;
    };
    let end_line = format!("END:{}\r\n", broken.name);
    out.text.insert_str(open.start, &end_line);
    warnings.push(Warning::new(
        label,
        Some(broken.line),
        format!(
            "no END:{} before the next BEGIN:{}; read as ended there",
            broken.name, open.name
        ),
    ));
    let end = open.start + end_line.len();
    out.blocks.push(broken.into_block(kind, end, out.calendars));
    open.start = end;
}

/// An END line: closes the innermost open `name` (a VEVENT or VTIMEZONE
/// becomes a block); blocks left open inside it are named in warnings.
fn end(
    out: &mut Pass,
    stack: &mut Vec<Open>,
    name: &str,
    line: u64,
    label: &str,
    warnings: &mut Vec<Warning>,
) {
    let Some(i) = stack.iter().rposition(|o| o.name == name) else {
        // The END of a BEGIN ignored for its depth, or a stray one.
        if out.too_deep > 0 {
            out.too_deep -= 1;
        } else {
            warnings.push(Warning::new(
                label,
                Some(line),
                format!("END:{name} without BEGIN:{name}; ignored"),
            ));
        }
        return;
    };
    for inner in &stack[i + 1..] {
        if is_block(&inner.name).is_some() || is_block(name).is_some() {
            warnings.push(Warning::new(
                label,
                Some(inner.line),
                format!("BEGIN:{} has no END:{}", inner.name, inner.name),
            ));
        }
    }
    let open = stack.swap_remove(i);
    stack.truncate(i);
    if let Some(kind) = is_block(name) {
        let end = out.text.len() + 2;
        out.blocks.push(open.into_block(kind, end, out.calendars));
    }
}

/// Calendar-level properties: X-WR-TIMEZONE and X-WR-CALNAME (Google's),
/// and a METHOD that makes the calendar an answer to an invitation.
fn calendar_level(out: &mut Pass, start: usize, line: u64) {
    let text = &out.text[start..];
    if let Some(value) = calendar_property(text, "X-WR-TIMEZONE") {
        (out.x_wr_timezones).push((out.calendars, value.to_string(), line));
    } else if let Some(value) = calendar_property(text, "X-WR-CALNAME") {
        let name = crate::calendar::event::unescape(value);
        out.x_wr_calnames.push((out.calendars, name));
    } else if let Some(value) = calendar_property(text, "METHOD") {
        const ANSWERS: [&str; 4] = ["REPLY", "COUNTER", "DECLINECOUNTER", "REFRESH"];
        if ANSWERS.iter().any(|a| value.eq_ignore_ascii_case(a)) {
            out.answers.push(out.calendars);
        }
    }
}

/// The value of `NAME[;params]:value` when the line is that property.
fn calendar_property<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let head = line.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    let rest = &line[name.len()..];
    if !(rest.starts_with(':') || rest.starts_with(';')) {
        return None;
    }
    let colon = rest.find(':')?;
    Some(rest[colon + 1..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split` of a text that must give no warning.
    fn split_clean(ics: &str) -> Split {
        let mut w = Vec::new();
        let s = split(ics, ("t.ics", true), &mut w);
        assert!(w.is_empty(), "{w:?}");
        s
    }

    /// The text of the `i`th block.
    fn block(s: &Split, i: usize) -> &str {
        &s.texts[s.blocks[i].chunk][s.blocks[i].range.clone()]
    }

    #[test]
    fn unfolds_any_line_end_and_counts_physical_lines() {
        let ics = "BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:Europe/Berlin\rBEGIN:VEVENT\nSUMMARY:Long\r\n  title\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nEND:VEVENT\r\nEND:VCALENDAR";
        let s = split_clean(ics);
        assert_eq!(s.x_wr_timezones, [(1, "Europe/Berlin".into(), 2)]);
        assert_eq!(s.blocks.len(), 2);
        assert_eq!(s.blocks[0].line, 3);
        assert_eq!(s.blocks[1].line, 8);
        let want = "BEGIN:VEVENT\r\nSUMMARY:Long title\r\nUID:a\r\nEND:VEVENT\r\n";
        assert_eq!(block(&s, 0), want);
    }

    #[test]
    fn alarms_and_unused_properties_are_left_out() {
        let ics = "BEGIN:VEVENT\nUID:a\nX-ALT-DESC;FMTTYPE=text/html:<html>\n <body/></html>\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM\nDTSTAMP:20261124T080000Z\nSUMMARY:Kept\nno colon here\nEND:VEVENT\n";
        let s = split_clean(ics);
        assert_eq!(s.blocks[0].line, 1);
        // A line that is no property (SPEC "Stray lines") is left out too,
        // counted on its block for the warning.
        let want = "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Kept\r\nEND:VEVENT\r\n";
        assert_eq!(block(&s, 0), want);
        assert_eq!(s.blocks[0].stray, Some((1, 11)));
    }

    #[test]
    fn non_ascii_anywhere_in_a_line_is_fine() {
        // Multi-byte characters across bytes 4 and 6, where BEGIN:/END: are
        // looked for.
        let ics = "BEGIN:VEVENT\nUID:a\nSUMé:x\nENDé:x\nSUMMARY:Zoë\nEND:VEVENT\n";
        let s = split_clean(ics);
        assert_eq!(s.blocks.len(), 1);
    }

    /// (kind, line, text) of every block, and the warnings, X-WR values.
    fn outcome(s: &Split, w: &[Warning]) -> (Vec<(BlockKind, u64, String)>, Vec<String>, String) {
        let blocks = s
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.kind, b.line, block(s, i).to_string()))
            .collect();
        let warnings = w.iter().map(|w| w.to_string()).collect();
        (
            blocks,
            warnings,
            format!("{:?} {:?}", s.x_wr_timezones, s.x_wr_calnames),
        )
    }

    fn calendar(events: usize, broken_at: Option<usize>) -> String {
        let mut ics = String::from("BEGIN:VCALENDAR\r\nX-WR-CALNAME:Team\r\n");
        for i in 0..events {
            if i == events / 2 {
                ics.push_str("X-WR-TIMEZONE:Europe/Berlin\r\n");
            }
            ics.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{i}\r\nSUMMARY:Event number {i} with a long ti\r\n tle\r\nX-ALT-DESC:<p>\r\n x</p>\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
            ));
            if broken_at != Some(i) {
                ics.push_str("END:VEVENT\r\n");
            }
        }
        ics.push_str("END:VCALENDAR\r\n");
        ics
    }

    #[test]
    fn chunks_give_what_one_pass_gives() {
        // An event left open just before the 2-chunk cut (before event 20)
        // makes the first chunk end inside it: one pass is used instead.
        let ics = calendar(40, Some(19));
        let mut w = Vec::new();
        assert_eq!(split_in(&ics, ("t.ics", true), &mut w, 2).texts.len(), 1);
        for broken_at in [None, Some(3), Some(19), Some(20), Some(39)] {
            let ics = calendar(40, broken_at);
            let mut w1 = Vec::new();
            let one = split_in(&ics, ("t.ics", true), &mut w1, 1);
            assert_eq!(one.texts.len(), 1);
            for chunks in [2, 3, 7] {
                let mut w = Vec::new();
                let many = split_in(&ics, ("t.ics", true), &mut w, chunks);
                if broken_at.is_none() {
                    assert_eq!(many.texts.len(), chunks, "cut in {chunks}");
                }
                assert_eq!(
                    outcome(&many, &w),
                    outcome(&one, &w1),
                    "{chunks} chunks, broken at {broken_at:?}"
                );
            }
        }
    }

    #[test]
    fn rule_texts_left_out_judge_the_lines_after_them_as_if_read() {
        // After a DESCRIPTION (line 4, folded inside its name) come prose
        // lines that lost their folding: "Location: HQ" and "Status: off"
        // are its text, not a LOCATION and a cancelled STATUS. After a
        // LOCATION, "Status: off" is a property again. A DESCRIPTION
        // written in capitals after a stray line is one, not prose.
        let ics = [
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "UID:a",
            "DESCRIP",
            " TION:Notes",
            "Location: HQ, room 4",
            "Status: off",
            "CATEGORIES:Blue",
            "SUMMARY:Sync",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:b",
            "DESCRIPTION:Notes",
            "LOCATION:Room 2",
            "Status: off",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:c",
            "Meeting ID 123",
            "DESCRIPTION:on-call handover",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        for rule_texts in [true, false] {
            let mut w = Vec::new();
            let s = split(&ics, ("t.ics", rule_texts), &mut w);
            assert!(w.is_empty(), "{w:?}");
            let stray: Vec<_> = s.blocks.iter().map(|b| b.stray).collect();
            assert_eq!(stray, [Some((2, 6)), None, Some((1, 19))], "{rule_texts}");
            let texts: Vec<&str> = (0..3).map(|i| block(&s, i)).collect();
            assert!(texts[1].contains("Status: off"));
            let kept = |b: &str| {
                ["description:", "LOCATION", "CATEGORIES"]
                    .iter()
                    .any(|t| b.contains(t))
            };
            assert!(texts.iter().all(|t| kept(t) == rule_texts), "{texts:?}");
            assert!(texts[0].contains("SUMMARY:Sync"));
            assert_eq!(
                texts[2].contains("description:on-call handover"),
                rule_texts
            );
        }
    }

    #[test]
    fn deep_nesting_is_cut_short_not_quadratic() {
        let mut ics = String::from("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\n");
        ics.push_str(&"BEGIN:X-NEST\n".repeat(200_000));
        ics.push_str(&"END:X-NEST\n".repeat(200_000));
        ics.push_str("END:VEVENT\nEND:VCALENDAR\n");
        let mut w = Vec::new();
        let s = split(&ics, ("t.ics", true), &mut w);
        assert_eq!(s.blocks.len(), 1);
        let shown: Vec<String> = w.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            shown,
            // Lines 1-2 open levels 1-2, line 3+k opens level 2+k: level 32
            // is line 33, the first ignored BEGIN line 34.
            ["t.ics:34: components nested more than 32 deep; the deeper ones are ignored"]
        );
    }

    #[test]
    fn an_event_the_next_begin_shows_ended_is_kept_with_a_warning() {
        // Microsoft 365 published calendars without END:VEVENT between
        // events for a while: the next BEGIN:VEVENT ends the one before.
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nBEGIN:VEVENT\nUID:b\nEND:VEVENT\nEND:VCALENDAR\n";
        let mut w = Vec::new();
        let s = split(ics, ("t.ics", true), &mut w);
        let lines: Vec<u64> = s.blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(block(&s, 0), "BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n");
        assert_eq!(block(&s, 1), "BEGIN:VEVENT\r\nUID:b\r\nEND:VEVENT\r\n");
        let shown: Vec<String> = w.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            shown,
            ["t.ics:2: no END:VEVENT before the next BEGIN:VEVENT; read as ended there"]
        );
    }
}
