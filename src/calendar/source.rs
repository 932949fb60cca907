//! Where calendars come from: a file, a folder of .ics and Google export
//! .zip files (recursively), a Google Calendar export .zip, or `-` for
//! stdin. Each input is decoded to text once (UTF-8, else Latin-1 with a
//! warning). A zip is read within limits (entries, total size, compression
//! ratio, counted while unzipping, not taken from its headers), so a zip
//! bomb is refused, not unpacked.

use crate::net::CalendarSource;
use crate::warning::one_line;
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use std::cell::Cell;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// One calendar's text and the label warnings and occurrences carry.
pub(crate) struct Input {
    /// The path as the user gave it; for a zip entry `export.zip/inner.ics`.
    pub label: Arc<str>,
    pub text: String,
    /// Named directly (a file path given, or stdin), not found in a
    /// folder, a zip or a fetched collection: if it holds no calendar,
    /// that is an error, not a warning.
    pub named: bool,
}

/// A calendar found but not read yet, so that only one file is in memory
/// at a time (calendars fetched over the network are already in memory).
enum Pending {
    File {
        path: PathBuf,
        label: String,
        named: bool,
    },
    Stdin,
    /// A URL's bodies, fetched by `net` and named by the shown URL.
    Fetched(crate::net::Fetched),
}

/// Calls `each` for every calendar under `paths`, in the order given
/// (folders sorted by name). A missing or unreadable path is an error naming
/// it; a zip entry that cannot be read is a warning; an error of `each`
/// stops the reading.
pub(crate) fn for_each_input(
    sources: impl IntoIterator<Item = CalendarSource>,
    warnings: &mut Vec<Warning>,
    mut each: impl FnMut(Input, &mut Vec<Warning>) -> Result<()>,
) -> Result<()> {
    for source in sources {
        let given = match source {
            CalendarSource::Given(given) => given,
            CalendarSource::Fetched(bodies) => {
                for f in bodies {
                    read_pending(Pending::Fetched(f), warnings, &mut each)?;
                }
                continue;
            }
        };
        let given = &given;
        let mut pending = Vec::new();
        if let Some(fetched) = crate::net::open(given, warnings) {
            pending.extend(fetched?.into_iter().map(Pending::Fetched));
        } else if given == "-" {
            pending.push(Pending::Stdin);
        } else {
            let path = Path::new(given);
            let meta = std::fs::metadata(path)
                .map_err(|e| anyhow!("cannot read calendar '{}': {e}", one_line(given)))?;
            if meta.is_dir() {
                let mut found = Vec::new();
                walk(path, &mut found).map_err(|e| {
                    anyhow!("cannot read calendar folder '{}': {e}", one_line(given))
                })?;
                found.sort();
                pending.extend(found.into_iter().map(|p| {
                    let label = p.display().to_string();
                    Pending::File {
                        path: p,
                        label,
                        named: false,
                    }
                }));
            } else {
                pending.push(Pending::File {
                    path: path.to_path_buf(),
                    label: given.clone(),
                    named: true,
                });
            }
        }
        for p in pending {
            read_pending(p, warnings, &mut each)?;
        }
    }
    Ok(())
}

/// One calendar found: its bytes read and decoded (a zip opened), handed
/// to `each`.
fn read_pending(
    p: Pending,
    warnings: &mut Vec<Warning>,
    each: &mut impl FnMut(Input, &mut Vec<Warning>) -> Result<()>,
) -> Result<()> {
    let (label, bytes, named) = match p {
        Pending::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow!("cannot read calendar from stdin: {e}"))?;
            ("-".to_string(), bytes, true)
        }
        Pending::File { path, label, named } => {
            let bytes = std::fs::read(&path)
                .map_err(|e| anyhow!("cannot read calendar '{}': {e}", one_line(&label)))?;
            (label, bytes, named)
        }
        // A URL's body that is no calendar is refused by `net`.
        Pending::Fetched(f) => (f.label, f.bytes, false),
    };
    if bytes.starts_with(b"PK\x03\x04") {
        read_zip(&label, bytes, warnings, each)
    } else {
        let label: Arc<str> = label.into();
        let text = decode(bytes, &label, warnings);
        each(Input { label, text, named }, warnings)
    }
}

/// Collects the .ics and .zip files under `dir`, following no symlinked
/// folders (a loop of links must not hang the run).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ics") || e.eq_ignore_ascii_case("zip"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// Most entries a zip may list.
pub const ZIP_MAX_ENTRIES: usize = 10_000;
/// Most bytes all of a zip's calendars may unzip to.
pub const ZIP_MAX_TOTAL: u64 = 512 << 20;
/// Most bytes an entry may unzip to per byte read of it (once past
/// [`ZIP_RATIO_FROM`]): real calendars compress 5 to 20 times.
pub const ZIP_MAX_RATIO: u64 = 200;
/// Entries smaller than this are not held to the ratio.
pub const ZIP_RATIO_FROM: u64 = 1 << 20;

/// A reader that counts the bytes read through it: what an entry really
/// consumed of the zip, whatever its header says.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A Google Calendar export: one .ics per calendar inside the zip.
fn read_zip(
    label: &str,
    bytes: Vec<u8>,
    warnings: &mut Vec<Warning>,
    each: &mut impl FnMut(Input, &mut Vec<Warning>) -> Result<()>,
) -> Result<()> {
    let consumed = Rc::new(Cell::new(0));
    let reader = Counted {
        inner: Cursor::new(bytes),
        read: consumed.clone(),
    };
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
        anyhow!(
            "cannot read calendar '{}': not a readable zip ({e})",
            one_line(label)
        )
    })?;
    if archive.len() > ZIP_MAX_ENTRIES {
        bail!(
            "cannot read calendar '{}': refused: the zip lists {} entries, more than {ZIP_MAX_ENTRIES} (a zip bomb?)",
            one_line(label),
            archive.len()
        );
    }
    let names = calendar_entries(&mut archive, label, warnings);
    let mut total = 0u64;
    for (i, name) in names {
        let entry_label: Arc<str> = format!("{label}/{name}").into();
        let data = match archive.by_index(i) {
            Ok(f) => unzip_entry(f, &consumed, &mut total, label, &name)?,
            Err(e) => Err(e.to_string()),
        };
        let data = match data {
            Ok(data) => data,
            Err(e) => {
                warnings.push(Warning::new(
                    &*entry_label,
                    None,
                    format!("skipped: cannot unzip ({e})"),
                ));
                continue;
            }
        };
        let text = decode(data, &entry_label, warnings);
        each(
            Input {
                label: entry_label,
                text,
                named: false,
            },
            warnings,
        )?;
    }
    Ok(())
}

/// The .ics entries of a zip (index, name); one that cannot be read is a
/// warning, and so is a zip inside it (not opened: one level of zips keeps
/// the limits simple, and a calendar in it must not vanish silently).
fn calendar_entries<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    label: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<(usize, String)> {
    let mut names: Vec<(usize, String)> = Vec::new();
    for i in 0..archive.len() {
        match archive.by_index(i) {
            Ok(f) => {
                let name = f.name().map(|n| n.to_string()).unwrap_or_default();
                let lower = name.to_ascii_lowercase();
                if f.is_file() && lower.ends_with(".ics") {
                    names.push((i, name));
                } else if f.is_file() && lower.ends_with(".zip") {
                    warnings.push(Warning::new(
                        format!("{label}/{name}"),
                        None,
                        "skipped: a zip inside a zip is not opened; unzip it first",
                    ));
                }
            }
            Err(e) => warnings.push(Warning::new(
                label,
                None,
                format!("skipped zip entry {i}: {e}"),
            )),
        }
    }
    if names.is_empty() {
        warnings.push(Warning::new(label, None, "the zip holds no .ics calendar"));
    }
    names
}

/// One entry's bytes, unzipped 64 KiB at a time within the limits: a
/// damaged entry is `Ok(Err(why))` (skipped with a warning), an entry past
/// a limit an error naming the zip (refused).
fn unzip_entry(
    mut f: impl Read,
    consumed: &Cell<u64>,
    total: &mut u64,
    label: &str,
    name: &str,
) -> Result<std::result::Result<Vec<u8>, String>> {
    let before = consumed.get();
    let mut data = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => return Ok(Ok(data)),
            Ok(n) => n,
            Err(e) => return Ok(Err(e.to_string())),
        };
        data.extend_from_slice(&buf[..n]);
        *total += n as u64;
        let read = consumed.get().saturating_sub(before).max(1);
        let size = data.len() as u64;
        let refuse = |why: String| {
            anyhow!(
                "cannot read calendar '{}': refused: entry '{}' {why} (a zip bomb?)",
                one_line(label),
                one_line(name)
            )
        };
        if *total > ZIP_MAX_TOTAL {
            return Err(refuse(format!(
                "takes the calendars past {} MiB unzipped",
                ZIP_MAX_TOTAL >> 20
            )));
        }
        if size > ZIP_RATIO_FROM && size > ZIP_MAX_RATIO * read {
            return Err(refuse(format!(
                "unzips to more than {ZIP_MAX_RATIO} times its compressed size"
            )));
        }
    }
}

/// A file's bytes as text: a UTF-8 byte-order mark dropped; UTF-16 with
/// its mark (Windows PowerShell 5.1's `>` writes it) converted; UTF-8 whose
/// folding split a character between two lines mended (RFC 5545 unfolds
/// before it decodes); anything else not UTF-8 read as Latin-1, with a
/// warning naming the first bad line.
pub(crate) fn decode(mut bytes: Vec<u8>, label: &str, warnings: &mut Vec<Warning>) -> String {
    if let Some(text) = utf16(&bytes) {
        return text.unwrap_or_else(|lossy| {
            warnings.push(Warning::new(
                label,
                None,
                "not valid UTF-16 after its byte-order mark; what is not was replaced by \u{fffd}",
            ));
            lossy
        });
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let (valid, bytes) = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => (e.utf8_error().valid_up_to(), e.into_bytes()),
    };
    if let Some(text) = mend_split_folds(&bytes).and_then(|m| String::from_utf8(m).ok()) {
        return text;
    }
    let before = &bytes[..valid];
    // Line ends before the bad byte, as the reader counts them: LF, and CR
    // followed by neither LF nor CR LF.
    let line = 1 + memchr::memchr2_iter(b'\r', b'\n', before)
        .filter(|&i| !matches!(&bytes[i..], [b'\r', b'\n', ..] | [b'\r', b'\r', b'\n', ..]))
        .count() as u64;
    warnings.push(Warning::new(
        label,
        Some(line),
        "not valid UTF-8; read as Latin-1",
    ));
    bytes.iter().map(|&b| b as char).collect()
}

/// The text of UTF-16 bytes with a byte-order mark (little- or
/// big-endian), or (Err) what of it could be read; None without a mark.
fn utf16(bytes: &[u8]) -> Option<std::result::Result<String, String>> {
    let (little, rest) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    let units: Vec<u16> = (rest.chunks_exact(2))
        .map(|p| match little {
            true => u16::from_le_bytes([p[0], p[1]]),
            false => u16::from_be_bytes([p[0], p[1]]),
        })
        .collect();
    Some(String::from_utf16(&units).map_err(|_| String::from_utf16_lossy(&units)))
}

/// `bytes` with every character that a fold (a line break and one space
/// or tab) split in two put back together before the break, where the
/// unfolded text has it anyway; None when no fold splits one. Line
/// numbers stay those of the file.
fn mend_split_folds(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut mended = false;
    let mut at = 0;
    for brk in memchr::memchr_iter(b'\n', bytes) {
        // The break: "\r\n" or "\n", then the fold's space or tab.
        let start = if brk > 0 && bytes[brk - 1] == b'\r' {
            brk - 1
        } else {
            brk
        };
        if start < at || !matches!(bytes.get(brk + 1), Some(b' ' | b'\t')) {
            continue;
        }
        let missing = missing_continuation(&bytes[..start]);
        let after = &bytes[brk + 2..];
        let moved = after
            .iter()
            .take(missing)
            .take_while(|&&b| b & 0xC0 == 0x80)
            .count();
        if missing == 0 || moved < missing {
            continue;
        }
        out.extend_from_slice(&bytes[at..start]);
        out.extend_from_slice(&after[..moved]);
        out.extend_from_slice(&bytes[start..brk + 2]);
        at = brk + 2 + moved;
        mended = true;
    }
    if !mended {
        return None;
    }
    out.extend_from_slice(&bytes[at..]);
    Some(out)
}

/// How many continuation bytes the UTF-8 character at the end of `bytes`
/// still lacks (0 when it is whole).
fn missing_continuation(bytes: &[u8]) -> usize {
    let tail = &bytes[bytes.len().saturating_sub(3)..];
    for (back, &b) in tail.iter().rev().enumerate() {
        let have = back + 1;
        let needs: usize = match b {
            0x80..=0xBF => continue,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0,
        };
        return needs.saturating_sub(have);
    }
    0
}
