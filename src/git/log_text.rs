//! `git log` text → the manager's commits.
//!
//! Accepts what `git log` prints in its default (medium) format, with
//! `--pretty=fuller`, `--pretty=raw`, any `--date=` style that carries a time
//! of day, with or without `--stat`/`--numstat`/`--shortstat`/`--name-only`/
//! `-p`, `--decorate`, `--parents`, `--source`, `--show-signature`; CRLF line
//! ends and PowerShell's UTF-16 too. `--graph`, `--oneline` and coloured
//! output are refused with one line saying how to export instead; date
//! styles without a time of day (`short`, `relative`, `human`) are skipped
//! with one warning per file.
//!
//! The text is streamed in chunks that end on a record boundary, so a large
//! log is never held whole (a record longer than [`HOLD`] keeps only its
//! header); only a UTF-16 log (PowerShell's `>`) is read whole and decoded. Records are split on a line `commit <hex>` at column 0 (commit
//! messages are indented by git, so none can look like one); records of
//! other authors are dropped after reading their `Author:` line, without
//! parsing dates or allocating.

use super::{is_me, Census, Commit, GitOptions, Timestamp};
use crate::period::local_to_utc;
use crate::warning::one_line;
use crate::Warning;
use anyhow::bail;
use chrono::{DateTime, NaiveDateTime, Utc};
use memchr::memmem;
use std::io::Read;
use std::sync::Arc;

/// How to export a log twohats reads best (named in every refusal).
pub const EXPORT_HINT: &str = "git log --pretty=fuller --date=iso-strict > git.log";

/// Bytes read at a time; a record longer than this makes the buffer grow.
const CHUNK: usize = 4 << 20;

/// Longest record held whole; longer ones have their body skipped.
const HOLD: usize = 4 * CHUNK;

/// Bytes kept at the end of a skipped piece: room for a whole header line
/// start, `\ncommit ` and a SHA-256 hash.
const HEADER_TAIL: usize = 128;

/// Longest first line read before deciding the text is not a log.
const MAX_FIRST_LINE: usize = 64 << 10;

/// Per-record warnings kept per file; the rest are counted in one summary.
const MAX_RECORD_WARNINGS: usize = 20;

/// Reads one `git log` text (`-` is stdin) and hands each of the manager's
/// commits to `out` (merges already left out unless asked for).
pub fn read_log(
    path: &str,
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
    out: &mut dyn FnMut(Commit),
    census: &mut Census,
) -> anyhow::Result<()> {
    let mut input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let meta = std::fs::metadata(path).map_err(|e| open_error(path, &e))?;
        if meta.is_dir() {
            bail!("{path}: is a folder, not a `git log` text; to read a repository use --repo, or export a log with: {EXPORT_HINT}");
        }
        Box::new(std::fs::File::open(path).map_err(|e| open_error(path, &e))?)
    };
    let sink = Sink { out, census };
    read_from(&mut *input, path, opts, warnings, sink, CHUNK, HOLD)
}

/// Where a log's records go: the manager's commits, and every author.
struct Sink<'s> {
    out: &'s mut dyn FnMut(Commit),
    census: &'s mut Census,
}

/// Reads `input` in pieces of `chunk` bytes, each cut at the last record
/// boundary it holds. A record longer than `hold` bytes (a huge `-p` diff)
/// has its header read and the rest of its body skipped, not held.
fn read_from(
    input: &mut dyn Read,
    path: &str,
    opts: &GitOptions,
    warnings: &mut Vec<Warning>,
    sink: Sink<'_>,
    chunk: usize,
    hold: usize,
) -> anyhow::Result<()> {
    let Sink { out, census } = sink;
    let name = if path == "-" { "<stdin>" } else { path };
    let hold = hold.max(4 * HEADER_TAIL);
    let mut parser = LogParser::new(name, opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut eof = false;
    let mut first = true;
    // While skipping a long body: whether `buf` starts at a line start.
    let mut skipping: Option<bool> = None;
    while !eof {
        eof = fill(input, &mut buf, chunk).map_err(|e| read_error(name, &e))?;
        if std::mem::take(&mut first) {
            if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
                // PowerShell's `>` writes UTF-16; read it whole and decode.
                while !eof {
                    eof = fill(input, &mut buf, chunk).map_err(|e| read_error(name, &e))?;
                }
                parser.feed(decode_utf16(&buf).as_bytes(), warnings, out)?;
                break;
            }
            if buf.starts_with("\u{feff}".as_bytes()) {
                buf.drain(..3);
            }
        }
        if let Some(line_start) = skipping {
            skipping = skip_body(&mut parser, &mut buf, line_start, eof);
            if skipping.is_some() {
                continue;
            }
        }
        if parser.records == 0 {
            parser.check_first_line(&buf)?;
        }
        let end = if eof {
            buf.len()
        } else {
            match last_record_start(&buf) {
                Some(p) => p,
                None if buf.len() > hold => {
                    // A record too long to hold: its header is read, the
                    // rest of its body skipped.
                    let cut = buf.len() - HEADER_TAIL;
                    parser.feed(&buf[..cut], warnings, out)?;
                    skipping = Some(buf[cut - 1] == b'\n');
                    buf.drain(..cut);
                    continue;
                }
                None => continue,
            }
        };
        parser.feed(&buf[..end], warnings, out)?;
        buf.drain(..end);
    }
    census.merge(std::mem::take(&mut parser.census));
    parser.finish(warnings)
}

/// Passes over the body of a record too long to hold, up to the next
/// record start in `buf` (what is passed over leaves `buf`). Returns `None`
/// when that start is found, else whether `buf` now starts a line (a tail
/// that may hold the start of the next header is kept).
fn skip_body(
    parser: &mut LogParser<'_>,
    buf: &mut Vec<u8>,
    line_start: bool,
    eof: bool,
) -> Option<bool> {
    if let Some(start) = first_record_start(buf, line_start, eof) {
        parser.skip(&buf[..start]);
        buf.drain(..start);
        return None;
    }
    let cut = buf.len().saturating_sub(HEADER_TAIL);
    if cut == 0 {
        return Some(line_start);
    }
    let now_line_start = buf[cut - 1] == b'\n';
    parser.skip(&buf[..cut]);
    buf.drain(..cut);
    Some(now_line_start)
}

fn read_error(name: &str, e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!("{name}: cannot read: {e}")
}

fn open_error(path: &str, e: &std::io::Error) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!(
            "{path}: no such file; give a file written by `git log` (e.g. {EXPORT_HINT})"
        ),
        _ => anyhow::anyhow!("{path}: cannot open: {e}"),
    }
}

/// Appends up to `want` bytes to `buf`; true at end of input.
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut filled = start;
    let mut eof = false;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => {
                eof = true;
                break;
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(eof)
}

fn decode_utf16(bytes: &[u8]) -> String {
    let little = bytes.starts_with(&[0xFF, 0xFE]);
    let units = bytes[2..].chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The hash of a record's first line `commit <hex>…`, if it is one.
fn header_hash(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(b"commit ")?;
    // Full SHA-1 hashes first, checked without a branch per byte.
    let len = if rest.len() >= 40 && all_hex(&rest[..40]) {
        40 + rest[40..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit())
            .count()
    } else {
        rest.iter().take_while(|b| b.is_ascii_hexdigit()).count()
    };
    let after = rest.get(len).copied();
    // `--source` puts a tab and the ref after the hash
    (len >= 7 && matches!(after, None | Some(b' ' | b'\t' | b'\n' | b'\r'))).then(|| &rest[..len])
}

fn all_hex(bytes: &[u8]) -> bool {
    bytes.iter().fold(true, |ok, b| ok & b.is_ascii_hexdigit())
}

/// Lines of a record, found with memchr, without their `\r`.
struct Lines<'a>(&'a [u8]);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.0.is_empty() {
            return None;
        }
        let (line, rest) = match memchr::memchr(b'\n', self.0) {
            Some(i) => (&self.0[..i], &self.0[i + 1..]),
            None => (self.0, &self.0[self.0.len()..]),
        };
        self.0 = rest;
        Some(trim_line(line))
    }
}

/// Finds "\ncommit ", where every record starts; built once.
fn record_finder() -> &'static memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memmem::Finder<'static>> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| memmem::Finder::new(b"\ncommit "))
}

/// Start of the next record at or after `from` (which is a line start).
fn next_record_start(text: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    if at == 0 && header_hash(text).is_some() {
        return Some(0);
    }
    let finder = record_finder();
    while let Some(i) = finder.find(&text[at.saturating_sub(1)..]) {
        let start = at.saturating_sub(1) + i + 1;
        if start >= at && header_hash(&text[start..]).is_some() {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Start of the last record whose first line is complete in `text` (a
/// line cut by the end of a chunk may turn out not to be a header).
fn last_record_start(text: &[u8]) -> Option<usize> {
    let finder = memmem::FinderRev::new(b"\ncommit ");
    let mut end = text.len();
    while let Some(i) = finder.rfind(&text[..end]) {
        let line_end = memchr::memchr(b'\n', &text[i + 1..]).map(|n| i + 1 + n);
        if line_end.is_some_and(|e| header_hash(&text[i + 1..e]).is_some()) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

/// Start of the first record in `text` whose header line is complete (or
/// ends the input); `line_start` tells whether `text` starts a line.
fn first_record_start(text: &[u8], line_start: bool, eof: bool) -> Option<usize> {
    let complete_at = |start: usize| {
        let rest = &text[start..];
        match memchr::memchr(b'\n', rest) {
            Some(n) => header_hash(&rest[..n]).is_some(),
            None => eof && header_hash(rest).is_some(),
        }
    };
    if line_start && complete_at(0) {
        return Some(0);
    }
    record_finder()
        .find_iter(text)
        .map(|i| i + 1)
        .find(|&start| complete_at(start))
}

fn count_lines(bytes: &[u8]) -> u64 {
    // Byte-wide sums over blocks of 255 bytes cannot overflow and let the
    // compiler use full-width vector adds; a plain `filter().count()` runs
    // several times slower on logs with short lines.
    let mut total = 0u64;
    for block in bytes.chunks(255) {
        let n = block
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
        total += u64::from(n);
    }
    total
}

fn trim_line(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A date git printed in a style that has no time of day, or no year.
#[derive(Debug, PartialEq)]
enum DateProblem {
    Refused(&'static str),
    Unreadable,
}

/// Parses a date in any `--date=` style git prints with a time of day,
/// and the usual `--date=format:` ones (ISO-like, `%d.%m.%Y`, a `(%Z)`
/// after the offset). Dates without an offset (`--date=local`,
/// `format-local:`) are read in `zone`.
fn parse_date(text: &str, zone: chrono_tz::Tz) -> Result<DateTime<Utc>, DateProblem> {
    let s = text.trim();
    // A zone's name after its offset (`+0100 (CET)`) says nothing more.
    let s = match s.rfind(" (") {
        Some(at) if s.ends_with(')') && at > 0 => s[..at].trim_end(),
        _ => s,
    };
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(DateProblem::Unreadable);
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == b.len() {
        // --date=unix
        return s
            .parse::<i64>()
            .ok()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .ok_or(DateProblem::Unreadable);
    }
    if digits > 4 && b[digits] == b' ' {
        // --date=raw: seconds and the author's offset, which does not move the instant
        let offset = &b[digits + 1..];
        let valid = offset.len() == 5
            && matches!(offset[0], b'+' | b'-')
            && offset[1..].iter().all(u8::is_ascii_digit);
        return s[..digits]
            .parse::<i64>()
            .ok()
            .filter(|_| valid)
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .ok_or(DateProblem::Unreadable);
    }
    if digits == 4 && b.get(4) == Some(&b'-') {
        return iso_date(s, zone);
    }
    if digits == 2 && b.get(2) == Some(&b'.') {
        // `--date=format:%d.%m.%Y %H:%M:%S` (day first, as dots write it)
        return DateTime::parse_from_str(s, "%d.%m.%Y %H:%M:%S %z")
            .map(|d| d.with_timezone(&Utc))
            .or_else(|_| wall_time(s, &["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"], zone));
    }
    if s.ends_with(" ago") {
        return Err(DateProblem::Refused("--date=relative"));
    }
    if b.get(3) == Some(&b',') {
        return DateTime::parse_from_rfc2822(s)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|_| DateProblem::Unreadable);
    }
    if b[0].is_ascii_alphabetic() {
        let last = s.rsplit(' ').next().unwrap_or("");
        if matches!(last.as_bytes().first(), Some(b'+' | b'-')) {
            // git's default: `Mon Nov 2 09:05:07 2026 +0100`
            return git_default_date(s)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| DateProblem::Unreadable);
        }
        // --date=local: `Mon Nov 2 08:05:07 2026`, a wall time in the manager's zone
        return match NaiveDateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y") {
            // In the hour repeated when clocks go back, git printed one of
            // two instants; the earlier is as good as the later (the one
            // rule of `period.rs`, as for calendar times).
            Ok(naive) => Ok(local_to_utc(naive, zone)),
            // --date=human drops the year or the seconds
            Err(_) if s.matches(':').count() == 1 => Err(DateProblem::Refused("--date=human")),
            Err(_) => Err(DateProblem::Unreadable),
        };
    }
    Err(DateProblem::Unreadable)
}

/// A date that starts `2026-11-16`: `--date=iso`, `iso-strict` and the
/// like; without a time of day, `--date=short`.
fn iso_date(s: &str, zone: chrono_tz::Tz) -> Result<DateTime<Utc>, DateProblem> {
    match s.as_bytes().get(10) {
        None => Err(DateProblem::Refused("--date=short")),
        // iso-strict; also `--date=format:%Y-%m-%dT%H:%M:%S%z` (offset without colon)
        Some(b'T') => DateTime::parse_from_rfc3339(s)
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z"))
            .map(|d| d.with_timezone(&Utc))
            .or_else(|_| wall_time(s, &["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"], zone)),
        Some(b' ') => DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z")
            .map(|d| d.with_timezone(&Utc))
            .or_else(|_| wall_time(s, &["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"], zone)),
        _ => Err(DateProblem::Unreadable),
    }
}

/// A date without an offset in one of `formats`, a wall time in `zone`
/// (in an hour repeated when clocks go back, the earlier instant).
fn wall_time(s: &str, formats: &[&str], zone: chrono_tz::Tz) -> Result<DateTime<Utc>, DateProblem> {
    (formats.iter())
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|naive| local_to_utc(naive, zone))
        .ok_or(DateProblem::Unreadable)
}

/// `DateTime::parse_from_str(s, "%a %b %e %H:%M:%S %Y %z")` with the format
/// read once: git's default style is one date per commit of a log, and
/// reading the format string again each time was half of the date's cost.
fn git_default_date(s: &str) -> chrono::ParseResult<DateTime<chrono::FixedOffset>> {
    use chrono::format::{parse, Item, Parsed, StrftimeItems};
    static ITEMS: std::sync::LazyLock<Vec<Item<'static>>> =
        std::sync::LazyLock::new(|| StrftimeItems::new("%a %b %e %H:%M:%S %Y %z").collect());
    let mut parsed = Parsed::new();
    parse(&mut parsed, s, ITEMS.iter())?;
    parsed.to_datetime()
}

/// The email inside `Name <email>`, if there are angle brackets.
fn ident_email(ident: &[u8]) -> Option<&[u8]> {
    let open = memchr::memrchr(b'<', ident)?;
    let close = open + memchr::memchr(b'>', &ident[open..])?;
    Some(ident[open + 1..close].trim_ascii())
}

/// The parents `--parents` lists after the hash on a record's first line.
fn listed_parents(after_hash: &[u8]) -> Option<u32> {
    let mut listed = None;
    for token in after_hash.split(|&b| b == b' ' || b == b'\t') {
        if token.first() == Some(&b'(') {
            break; // --decorate, or `(from …)` with -m
        }
        if header_hash_token(token) {
            *listed.get_or_insert(0) += 1;
        }
    }
    listed
}

/// What a record's header lines say, in any format; dates with the line
/// they are on, for warnings.
#[derive(Default)]
struct Headers<'r> {
    author: Option<&'r [u8]>,
    author_date: Option<(&'r [u8], u64)>,
    committer_date: Option<(&'r [u8], u64)>,
    /// `Merge:` (medium and fuller formats).
    merge_parents: Option<u32>,
    /// `parent` lines of --pretty=raw (0 for a root commit, which has a `tree` line).
    raw_parents: Option<u32>,
}

impl<'r> Headers<'r> {
    /// Reads the header lines after the first, up to the blank line;
    /// `line` is the record's first line.
    fn read(lines: Lines<'r>, line: u64) -> Self {
        let mut h = Headers::default();
        for (index, header) in lines.enumerate() {
            let header_line = line + 1 + index as u64;
            if header.is_empty() {
                break;
            }
            if let Some(v) = header.strip_prefix(b"Author:") {
                h.author = Some(v.trim_ascii());
            } else if let Some(v) = header.strip_prefix(b"Date:") {
                h.author_date = Some((v, header_line));
            } else if let Some(v) = header.strip_prefix(b"AuthorDate:") {
                h.author_date = Some((v, header_line));
            } else if let Some(v) = header.strip_prefix(b"CommitDate:") {
                h.committer_date = Some((v, header_line));
            } else if let Some(v) = header.strip_prefix(b"Merge:") {
                h.merge_parents =
                    Some(v.split(|&b| b == b' ').filter(|t| !t.is_empty()).count() as u32);
            } else if let Some(v) = header.strip_prefix(b"author ") {
                // --pretty=raw: `author Name <email> 1793606707 +0100`
                let (ident, date) = raw_ident(v);
                h.author = Some(ident);
                h.author_date = Some((date, header_line));
            } else if let Some(v) = header.strip_prefix(b"committer ") {
                h.committer_date = Some((raw_ident(v).1, header_line));
            } else if header.starts_with(b"tree ") {
                h.raw_parents.get_or_insert(0);
            } else if header.starts_with(b"parent ") {
                *h.raw_parents.get_or_insert(0) += 1;
            }
        }
        h
    }
}

/// `Name <email> 1793606707 +0100` (--pretty=raw) → the ident and the date.
fn raw_ident(v: &[u8]) -> (&[u8], &[u8]) {
    let close = memchr::memrchr(b'>', v).unwrap_or(v.len().saturating_sub(1));
    let split = (close + 1).min(v.len());
    (&v[..split], &v[split..])
}

struct LogParser<'o> {
    opts: &'o GitOptions,
    source: Arc<str>,
    /// 1-based line of the next byte fed.
    line: u64,
    records: u64,
    record_warnings: usize,
    first_suppressed: Option<u64>,
    /// `--date=` styles refused: style, first line, records skipped.
    refused: Option<(&'static str, u64, u64)>,
    warned_committer_fallback: bool,
    warned_abbreviated: bool,
    /// Every author met.
    census: Census,
}

impl<'o> LogParser<'o> {
    fn new(path: &str, opts: &'o GitOptions) -> Self {
        LogParser {
            opts,
            source: Arc::from(path),
            line: 1,
            records: 0,
            record_warnings: 0,
            first_suppressed: None,
            refused: None,
            warned_committer_fallback: false,
            warned_abbreviated: false,
            census: Census::default(),
        }
    }

    fn warn_record(&mut self, warnings: &mut Vec<Warning>, line: u64, message: String) {
        self.record_warnings += 1;
        if self.record_warnings <= MAX_RECORD_WARNINGS {
            warnings.push(Warning::new(&*self.source, Some(line), message));
        } else {
            self.first_suppressed.get_or_insert(line);
        }
    }

    /// Passes over part of a record's body (only its lines are counted).
    fn skip(&mut self, body: &[u8]) {
        self.line += count_lines(body);
    }

    /// Reads `text`, which ends where a record ends (or at end of input).
    fn feed(
        &mut self,
        text: &[u8],
        warnings: &mut Vec<Warning>,
        out: &mut dyn FnMut(Commit),
    ) -> anyhow::Result<()> {
        let mut pos = match next_record_start(text, 0) {
            Some(p) => p,
            None => text.len(),
        };
        if pos > 0 {
            if self.records == 0 {
                self.preamble(&text[..pos])?;
            }
            self.line += count_lines(&text[..pos]);
        }
        while pos < text.len() {
            let next = next_record_start(text, pos + 1).unwrap_or(text.len());
            let record = &text[pos..next];
            self.record(record, warnings, out);
            self.line += count_lines(record);
            pos = next;
        }
        Ok(())
    }

    /// Text before the first record: only blank lines are allowed there.
    fn preamble(&self, text: &[u8]) -> anyhow::Result<()> {
        let mut line_no = self.line;
        for line in text.split(|&b| b == b'\n') {
            let line = trim_line(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                line_no += 1;
                continue;
            }
            // Control bytes (a binary file) shown escaped, not sent to the terminal.
            let shown = one_line(String::from_utf8_lossy(&line[..line.len().min(60)]));
            let graph = line.first() == Some(&b'*')
                && line
                    .iter()
                    .position(|b| !matches!(b, b'*' | b'|' | b'/' | b'\\' | b' '))
                    .is_some_and(|i| header_hash(&line[i..]).is_some());
            if memmem::find(line, b"\x1b[").is_some() {
                // `color.ui = always` colours even redirected output
                bail!(
                    "{}:{line_no}: this log has colour codes; export again with --no-color: {}",
                    self.source,
                    EXPORT_HINT.replacen("git log", "git log --no-color", 1)
                );
            }
            if graph {
                bail!(
                    "{}:{line_no}: this is `git log --graph` output, which twohats does not read; export without --graph: {EXPORT_HINT}",
                    self.source
                );
            }
            bail!(
                "{}:{line_no}: not `git log` text: expected a line `commit <hash>`, found '{shown}'; export with: {EXPORT_HINT}",
                self.source
            );
        }
        Ok(())
    }

    /// Refuses text that is not a log at its first line, not after
    /// reading all of it (a binary file has no record boundary).
    fn check_first_line(&self, buf: &[u8]) -> anyhow::Result<()> {
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let blank = buf[..blank]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        match memchr::memchr(b'\n', &buf[blank..]) {
            Some(n) if header_hash(&buf[blank..blank + n]).is_none() => {
                self.preamble(&buf[..blank + n + 1])
            }
            // A first line this long is no `commit <hash>` (/dev/zero, a binary file).
            None if buf.len() - blank > MAX_FIRST_LINE => {
                self.preamble(&buf[..blank + MAX_FIRST_LINE])
            }
            _ => Ok(()),
        }
    }

    /// One record: the manager's commit goes to `out`; a malformed one is
    /// skipped with a warning; someone else's is dropped once its author
    /// is known.
    fn record(&mut self, record: &[u8], warnings: &mut Vec<Warning>, out: &mut dyn FnMut(Commit)) {
        self.records += 1;
        let line = self.line;
        let mut lines = Lines(record);
        let first = lines.next().unwrap_or_default();
        let Some(hash) = header_hash(first) else {
            return;
        };
        let listed_parents = listed_parents(&first[7 + hash.len()..]);
        let headers = Headers::read(lines, line);
        // ASCII hex by construction (header_hash)
        let hash_text = std::str::from_utf8(hash).unwrap_or_default();
        let Some(email) = self.author_email(headers.author, hash_text, line, warnings) else {
            return;
        };
        let author = headers.author.unwrap_or_default();
        let name = author[..memchr::memrchr(b'<', author).unwrap_or(0)].trim_ascii();
        self.census.add(name, email);
        if !is_me(email, &self.opts.me) {
            return;
        }
        let parents = headers
            .merge_parents
            .or(headers.raw_parents)
            .or(listed_parents)
            .unwrap_or(1);
        if parents >= 2 && !self.opts.include_merges {
            return;
        }
        let Some((author_time, committer_time)) = self.times(&headers, hash_text, line, warnings)
        else {
            return;
        };
        self.warn_once_of_format(committer_time.is_none(), hash.len(), line, warnings);
        out(Commit {
            hash: hash_text.to_ascii_lowercase(),
            email: String::from_utf8_lossy(email).to_lowercase(),
            author_time,
            committer_time,
            parents,
            source: self.source.clone(),
            line: Some(line),
        });
    }

    /// The author's email; `None` (with a warning) when there is no
    /// author or no `<email>`.
    fn author_email<'r>(
        &mut self,
        author: Option<&'r [u8]>,
        hash: &str,
        line: u64,
        warnings: &mut Vec<Warning>,
    ) -> Option<&'r [u8]> {
        let Some(author) = author else {
            let msg = format!("commit {hash} has no Author line; skipped");
            self.warn_record(warnings, line, msg);
            return None;
        };
        let email = ident_email(author);
        if email.is_none() {
            let who = String::from_utf8_lossy(author);
            let msg = format!("commit {hash}: author '{who}' has no <email>; skipped");
            self.warn_record(warnings, line, msg);
        }
        email
    }

    /// The author time and the committer time, where the record has one;
    /// `None` when a date is missing or unreadable (warned of).
    fn times(
        &mut self,
        headers: &Headers<'_>,
        hash: &str,
        line: u64,
        warnings: &mut Vec<Warning>,
    ) -> Option<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let Some((text, at)) = headers.author_date else {
            self.warn_record(
                warnings,
                line,
                format!("commit {hash} has no author date (written with --pretty=full?); skipped; export with: {EXPORT_HINT}"),
            );
            return None;
        };
        let author_time = self.date(text, at, hash, warnings)?;
        let committer_time = match headers.committer_date {
            Some((text, at)) => Some(self.date(text, at, hash, warnings)?),
            None => None,
        };
        Some((author_time, committer_time))
    }

    /// Warnings about the way the log was exported, once per file.
    fn warn_once_of_format(
        &mut self,
        no_commit_date: bool,
        hash_len: usize,
        line: u64,
        warnings: &mut Vec<Warning>,
    ) {
        if no_commit_date
            && self.opts.timestamp == Timestamp::Committer
            && !self.warned_committer_fallback
        {
            self.warned_committer_fallback = true;
            warnings.push(Warning::new(
                &*self.source,
                Some(line),
                format!("this log has no commit dates (git's default format), so author dates are used for timestamp = \"committer\"; for commit dates export with: {EXPORT_HINT}"),
            ));
        }
        if hash_len != 40 && hash_len != 64 && !self.warned_abbreviated {
            self.warned_abbreviated = true;
            warnings.push(Warning::new(
                &*self.source,
                Some(line),
                "abbreviated commit hashes (--abbrev-commit or --oneline): a commit also read from another source may count twice; export without them",
            ));
        }
    }

    fn date(
        &mut self,
        text: &[u8],
        line: u64,
        hash: &str,
        warnings: &mut Vec<Warning>,
    ) -> Option<DateTime<Utc>> {
        let text = String::from_utf8_lossy(text);
        match parse_date(&text, self.opts.zone) {
            Ok(t) => Some(t),
            Err(DateProblem::Refused(style)) => {
                let entry = self.refused.get_or_insert((style, line, 0));
                entry.2 += 1;
                None
            }
            Err(DateProblem::Unreadable) => {
                self.warn_record(
                    warnings,
                    line,
                    format!("commit {hash}: unreadable date '{}'; skipped", text.trim()),
                );
                None
            }
        }
    }

    fn finish(self, warnings: &mut Vec<Warning>) -> anyhow::Result<()> {
        if let Some((style, line, skipped)) = self.refused {
            warnings.push(Warning::new(
                &*self.source,
                Some(line),
                format!("dates written with {style} have no exact time; {skipped} of the manager's commits skipped; export with: {EXPORT_HINT}"),
            ));
        }
        if let Some(first) = self.first_suppressed {
            let more = self.record_warnings - MAX_RECORD_WARNINGS;
            warnings.push(Warning::new(
                &*self.source,
                Some(first),
                format!("{more} more malformed records skipped (first of them here)"),
            ));
        }
        if self.records == 0 {
            warnings.push(Warning::new(
                &*self.source,
                None,
                format!("no commits in this git log (empty file?); export with: {EXPORT_HINT}"),
            ));
        }
        Ok(())
    }
}

fn header_hash_token(token: &[u8]) -> bool {
    token.len() >= 7 && token.iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    // All these are how git 2.47 prints the author date 2026-11-02 09:05:07 +01:00,
    // which is 08:05:07 UTC (Unix time 1793606707).
    #[test]
    fn every_date_style_with_a_time_of_day() {
        let zone = chrono_tz::Europe::Berlin; // +01:00 on 2 Nov 2026
        let want = utc(2026, 11, 2, 8, 5, 7);
        for text in [
            "Mon Nov 2 09:05:07 2026 +0100",
            "2026-11-02 09:05:07 +0100",
            "2026-11-02T09:05:07+01:00",
            "2026-11-02T08:05:07Z",
            "2026-11-02T09:05:07+0100",
            "Mon, 2 Nov 2026 09:05:07 +0100",
            "Mon Nov 2 09:05:07 2026",
            "1793606707 +0100",
            "1793606707",
            "   Mon Nov 2 09:05:07 2026 +0100",
        ] {
            assert_eq!(parse_date(text, zone), Ok(want), "{text}");
        }
        // Two-digit days are not padded differently.
        assert_eq!(
            parse_date("Tue Nov 17 10:00:00 2026 -0500", zone),
            Ok(utc(2026, 11, 17, 15, 0, 0))
        );
    }

    #[test]
    fn date_only_styles_are_refused() {
        let zone = chrono_tz::UTC;
        assert_eq!(
            parse_date("2026-11-02", zone),
            Err(DateProblem::Refused("--date=short"))
        );
        assert_eq!(
            parse_date("3 weeks ago", zone),
            Err(DateProblem::Refused("--date=relative"))
        );
        assert_eq!(
            parse_date("Mon Nov 2 09:05", zone),
            Err(DateProblem::Refused("--date=human"))
        );
        assert_eq!(
            parse_date("yesterday-ish", zone),
            Err(DateProblem::Unreadable)
        );
        assert_eq!(
            parse_date("2026-13-45 99:00:00 +0100", zone),
            Err(DateProblem::Unreadable)
        );
        assert_eq!(parse_date("", zone), Err(DateProblem::Unreadable));
    }

    #[test]
    fn format_dates_without_an_offset_are_wall_times_in_the_managers_zone() {
        // 6 March 2026 is winter time in Berlin (UTC+1): 21:00 there is
        // 20:00 UTC.
        let berlin = chrono_tz::Europe::Berlin;
        let at_20 = Ok(utc(2026, 3, 6, 20, 0, 0));
        for text in [
            "2026-03-06 21:00:00",
            "2026-03-06T21:00:00",
            "2026-03-06 21:00",
            "06.03.2026 21:00:00",
            "06.03.2026 21:00",
            "06.03.2026 21:00:00 +0100",
            "2026-03-06 21:00:00 +0100 (CET)",
        ] {
            assert_eq!(parse_date(text, berlin), at_20, "{text}");
        }
        // Month and day in the order slashes leave open stay unread.
        assert_eq!(
            parse_date("03/06/2026 21:00", berlin),
            Err(DateProblem::Unreadable)
        );
    }

    #[test]
    fn local_time_in_the_repeated_autumn_hour_takes_the_earlier_instant() {
        // Berlin goes back from 03:00 CEST to 02:00 CET on 25 Oct 2026;
        // 02:30 happens twice, first at 00:30 UTC.
        let t = parse_date("Sun Oct 25 02:30:00 2026", chrono_tz::Europe::Berlin);
        assert_eq!(t, Ok(utc(2026, 10, 25, 0, 30, 0)));
    }

    #[test]
    fn record_headers_are_recognised_only_with_a_hash() {
        assert_eq!(
            header_hash(b"commit 4649429483654261bee3a9294596eea10aa8af63 (HEAD -> main)"),
            Some(&b"4649429483654261bee3a9294596eea10aa8af63"[..])
        );
        assert_eq!(
            header_hash(b"commit 4649429483654261bee3a9294596eea10aa8af63\trefs/heads/main"),
            Some(&b"4649429483654261bee3a9294596eea10aa8af63"[..])
        );
        assert_eq!(header_hash(b"commit a.txt"), None);
        assert_eq!(header_hash(b"commit message"), None);
        assert_eq!(header_hash(b"    commit 4649429483654261"), None);
        let text = b"commit 1234567\nAuthor: a <a>\n\n    commit 7654321\ncommit abcdef0\n";
        assert_eq!(next_record_start(text, 0), Some(0));
        // 15 + 14 + 1 + 19 bytes precede the second header.
        assert_eq!(next_record_start(text, 1), Some(49));
        assert_eq!(last_record_start(text), Some(49));
    }

    /// Ada's options: Berlin, merges left out, author times.
    fn ada() -> GitOptions {
        GitOptions {
            me: vec!["ada@example.com".into()],
            zone: chrono_tz::Europe::Berlin,
            include_merges: false,
            timestamp: Timestamp::Author,
            reach: None,
        }
    }

    /// What `read_from` gives: its outcome (an error as text), the
    /// commits, the warnings.
    fn run(
        input: &mut dyn Read,
        name: &str,
        opts: &GitOptions,
        chunk: usize,
        hold: usize,
    ) -> (Result<(), String>, Vec<Commit>, Vec<Warning>) {
        let mut commits = Vec::new();
        let mut warnings = Vec::new();
        let result = read_from(
            input,
            name,
            opts,
            &mut warnings,
            Sink {
                out: &mut |c| commits.push(c),
                census: &mut Census::default(),
            },
            chunk,
            hold,
        )
        .map_err(|e| e.to_string());
        (result, commits, warnings)
    }

    fn read_bytes(bytes: &[u8], chunk: usize) -> (Vec<Commit>, Vec<Warning>) {
        read_bytes_holding(bytes, chunk, HOLD)
    }

    fn read_bytes_holding(bytes: &[u8], chunk: usize, hold: usize) -> (Vec<Commit>, Vec<Warning>) {
        let (result, commits, warnings) = run(&mut &bytes[..], "git.log", &ada(), chunk, hold);
        result.unwrap();
        (commits, warnings)
    }

    #[test]
    fn small_chunks_read_the_same_records_and_lines() {
        let text = include_bytes!("../../fixtures/git/week47/fuller-iso-strict-stat.log");
        let (whole, _) = read_bytes(text, 1 << 20);
        // The story has 9 commits of Ada that are not merges (fixtures/git/README.md).
        assert_eq!(whole.len(), 9);
        // The first record is at line 1, the second at line 12.
        assert_eq!(whole[0].line, Some(1));
        assert_eq!(whole[1].line, Some(12));
        for chunk in [16, 50, 97, 300, 1000] {
            let (parts, warnings) = read_bytes(text, chunk);
            assert_eq!(parts, whole, "chunk {chunk}");
            assert!(warnings.is_empty(), "chunk {chunk}: {warnings:?}");
        }
    }

    /// The fixture with every record's stat made 300 lines longer, as a
    /// commit touching many files looks.
    fn with_long_bodies(text: &str) -> String {
        let many: String = (0..300)
            .map(|i| format!(" src/generated/file{i:03}.rs | 2 +-\n"))
            .collect();
        text.replace(" 1 file changed", &format!("{many} 301 files changed"))
    }

    #[test]
    fn records_longer_than_held_are_read_by_their_header() {
        for name in ["fuller-iso-strict-stat", "malformed"] {
            let text = match name {
                "malformed" => include_str!("../../fixtures/git/week47/malformed.log"),
                _ => include_str!("../../fixtures/git/week47/fuller-iso-strict-stat.log"),
            };
            let long = with_long_bodies(text);
            assert!(long.len() > 20 * text.len() / 2, "bodies grew");
            let want = read_bytes(long.as_bytes(), 1 << 20);
            // Each record has ~12 kB; hold 600 bytes, read in small pieces.
            for chunk in [64, 500, 3000] {
                let got = read_bytes_holding(long.as_bytes(), chunk, 600);
                assert_eq!(got, want, "{name}, chunk {chunk}");
            }
        }
        // And the lines still point at the records: the second record of
        // the long log starts 300 lines later than in the fixture (line 12).
        let long = with_long_bodies(include_str!(
            "../../fixtures/git/week47/fuller-iso-strict-stat.log"
        ));
        let (commits, _) = read_bytes_holding(long.as_bytes(), 64, 600);
        assert_eq!(commits[1].line, Some(312));
    }

    #[test]
    fn crlf_bom_and_utf16_exports_read_like_the_original() {
        let text = include_str!("../../fixtures/git/week47/fuller-iso-strict-stat.log");
        let (want, _) = read_bytes(text.as_bytes(), 1 << 20);
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let (got, warnings) = read_bytes(crlf.as_bytes(), 64);
        assert_eq!(got, want);
        assert!(warnings.is_empty());
        // Windows PowerShell's `git log > git.log` writes UTF-16LE with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.replace('\n', "\r\n").encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let (got, _) = read_bytes(&utf16, 64);
        assert_eq!(got, want);
    }

    #[test]
    fn many_bad_records_give_twenty_warnings_and_one_summary() {
        let mut text = String::new();
        for i in 0..25 {
            text.push_str(&format!(
                "commit {i:040x}\nAuthor: Ada Lovelace <ada@example.com>\nDate:   someday\n\n    x\n\n"
            ));
        }
        let (commits, warnings) = read_bytes(text.as_bytes(), 1 << 20);
        assert!(commits.is_empty());
        assert_eq!(warnings.len(), 21);
        // Each record is 6 lines: the 21st starts at line 121, its date on 123.
        assert_eq!(warnings[20].line, Some(123));
        assert_eq!(
            warnings[20].message,
            "5 more malformed records skipped (first of them here)"
        );
    }

    #[test]
    fn text_that_is_not_a_log_is_refused_at_its_first_line() {
        // 1 MB with no record boundary, read 64 bytes at a time: refused on
        // the first chunk, not held whole.
        let mut text = b"\n\nPK\x03\x04 not a log\n".to_vec();
        text.resize(1 << 20, b'x');
        let mut reader = &text[..];
        let err = run(&mut reader, "a.zip", &ada(), 64, HOLD).0.unwrap_err();
        assert!(err.starts_with("a.zip:3: not `git log` text"), "{err}");
        assert!(
            reader.len() > (1 << 20) - 200,
            "read {} bytes",
            (1 << 20) - reader.len()
        );

        // Endless zeros (`--git-log /dev/zero`) have no first line to wait for.
        let err = run(&mut std::io::repeat(0), "zero", &ada(), 4096, HOLD)
            .0
            .unwrap_err();
        assert!(
            err.starts_with(
                "zero:1: not `git log` text: expected a line `commit <hash>`, found '\\u{0}\\u{0}"
            ),
            "{err}"
        );
    }

    #[test]
    fn coloured_output_is_refused_with_the_way_out() {
        // What `git -c color.ui=always log` writes into a file.
        let text = b"\x1b[33mcommit 4649429483654261bee3a9294596eea10aa8af63\x1b[m\nAuthor: Ada <ada@example.com>\n";
        let err = run(&mut &text[..], "git.log", &ada(), 64, HOLD)
            .0
            .unwrap_err();
        assert_eq!(
            err,
            "git.log:1: this log has colour codes; export again with --no-color: git log --no-color --pretty=fuller --date=iso-strict > git.log"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn any_bytes_are_read_or_refused_without_panicking(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
            chunk in 8usize..200,
        ) {
            let opts = GitOptions { include_merges: true, timestamp: Timestamp::Committer, ..ada() };
            let _ = run(&mut &bytes[..], "x.log", &opts, chunk, 600);
        }

        #[test]
        fn a_damaged_real_log_never_panics(
            cut in 0usize..3400,
            splice in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
        ) {
            let text = include_bytes!("../../fixtures/git/week47/fuller-iso-strict-stat.log");
            let cut = cut.min(text.len());
            let mut bytes = text[..cut].to_vec();
            bytes.extend_from_slice(&splice);
            bytes.extend_from_slice(&text[cut..]);
            let (result, commits) = read_bytes_lenient(&bytes);
            match result {
                // The splice damages one record at most (of Ada's 9), never the others.
                Ok(()) => proptest::prop_assert!(commits >= 8, "{commits}"),
                // A broken first line (48 bytes and its newline) makes it not a log.
                Err(_) => proptest::prop_assert!(cut < 49, "{cut}"),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        #[test]
        fn skipping_long_bodies_changes_nothing_even_in_damaged_logs(
            cut in 0usize..40_000,
            splice in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            chunk in 16usize..4000,
        ) {
            let long = with_long_bodies(include_str!(
                "../../fixtures/git/week47/fuller-iso-strict-stat.log"
            ));
            let text = long.as_bytes();
            let cut = cut.min(text.len());
            let mut bytes = text[..cut].to_vec();
            bytes.extend_from_slice(&splice);
            bytes.extend_from_slice(&text[cut..]);
            let opts = GitOptions { include_merges: true, timestamp: Timestamp::Committer, ..ada() };
            proptest::prop_assert_eq!(
                run(&mut &bytes[..], "x.log", &opts, chunk, 600),
                run(&mut &bytes[..], "x.log", &opts, 1 << 20, HOLD)
            );
        }
    }

    fn read_bytes_lenient(bytes: &[u8]) -> (Result<(), String>, usize) {
        let (result, commits, _) = run(&mut &bytes[..], "x.log", &ada(), 64, 600);
        (result, commits.len())
    }
}
