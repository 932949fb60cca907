//! Where calendars come from: a file, a folder of .ics (recursively), a
//! Google Calendar export .zip, or `-` for stdin. Each input is decoded to
//! text once (UTF-8, else Latin-1 with a warning).

use crate::warning::one_line;
use crate::Warning;
use anyhow::{anyhow, Result};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One calendar's text and the label warnings and occurrences carry.
pub(crate) struct Input {
    /// The path as the user gave it; for a zip entry `export.zip/inner.ics`.
    pub label: Arc<str>,
    pub text: String,
}

/// A calendar found but not read yet, so that only one input is in memory
/// at a time.
enum Pending {
    File {
        path: PathBuf,
        label: String,
    },
    Stdin,
    /// A URL's bodies, fetched by `net` and named by the shown URL.
    Fetched(crate::net::Fetched),
}

/// Calls `each` for every calendar under `paths`, in the order given
/// (folders sorted by name). A missing or unreadable path is an error naming
/// it; a zip entry that cannot be read is a warning.
pub(crate) fn for_each_input(
    paths: &[String],
    warnings: &mut Vec<Warning>,
    mut each: impl FnMut(Input, &mut Vec<Warning>),
) -> Result<()> {
    for given in paths {
        let mut pending = Vec::new();
        if let Some(fetched) = crate::net::open(given) {
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
                    Pending::File { path: p, label }
                }));
            } else {
                pending.push(Pending::File {
                    path: path.to_path_buf(),
                    label: given.clone(),
                });
            }
        }
        for p in pending {
            let (label, bytes) = match p {
                Pending::Stdin => {
                    let mut bytes = Vec::new();
                    std::io::stdin()
                        .read_to_end(&mut bytes)
                        .map_err(|e| anyhow!("cannot read calendar from stdin: {e}"))?;
                    ("-".to_string(), bytes)
                }
                Pending::File { path, label } => {
                    let bytes = std::fs::read(&path)
                        .map_err(|e| anyhow!("cannot read calendar '{}': {e}", one_line(&label)))?;
                    (label, bytes)
                }
                Pending::Fetched(f) => (f.label, f.bytes),
            };
            if bytes.starts_with(b"PK\x03\x04") {
                read_zip(&label, bytes, warnings, &mut each)?;
            } else {
                let label: Arc<str> = label.into();
                let text = decode(bytes, &label, warnings);
                each(Input { label, text }, warnings);
            }
        }
    }
    Ok(())
}

/// Collects the .ics files under `dir`, following no symlinked folders (a
/// loop of links must not hang the run).
fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ics"))
        {
            found.push(path);
        }
    }
    Ok(())
}

/// A Google Calendar export: one .ics per calendar inside the zip.
fn read_zip(
    label: &str,
    bytes: Vec<u8>,
    warnings: &mut Vec<Warning>,
    each: &mut impl FnMut(Input, &mut Vec<Warning>),
) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        anyhow!(
            "cannot read calendar '{}': not a readable zip ({e})",
            one_line(label)
        )
    })?;
    let mut names: Vec<(usize, String)> = Vec::new();
    for i in 0..archive.len() {
        match archive.by_index(i) {
            Ok(f) => {
                let name = f.name().map(|n| n.to_string()).unwrap_or_default();
                if f.is_file() && name.to_ascii_lowercase().ends_with(".ics") {
                    names.push((i, name));
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
    for (i, name) in names {
        let entry_label: Arc<str> = format!("{label}/{name}").into();
        let mut data = Vec::new();
        let read = archive
            .by_index(i)
            .map_err(|e| e.to_string())
            .and_then(|mut f| f.read_to_end(&mut data).map_err(|e| e.to_string()));
        if let Err(e) = read {
            warnings.push(Warning::new(
                &*entry_label,
                None,
                format!("skipped: cannot unzip ({e})"),
            ));
            continue;
        }
        let text = decode(data, &entry_label, warnings);
        each(
            Input {
                label: entry_label,
                text,
            },
            warnings,
        );
    }
    Ok(())
}

/// UTF-8 without its BOM; anything else is read as Latin-1 (what Outlook's
/// older exports are) with a warning, so no byte is lost or fatal.
pub(crate) fn decode(mut bytes: Vec<u8>, label: &str, warnings: &mut Vec<Warning>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = &bytes[..valid];
            // Line ends before the bad byte: LF, and CR not followed by LF.
            let line = 1 + memchr::memchr2_iter(b'\r', b'\n', before)
                .filter(|&i| !(before[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .count() as u64;
            warnings.push(Warning::new(
                label,
                Some(line),
                "not valid UTF-8; read as Latin-1",
            ));
            bytes.iter().map(|&b| b as char).collect()
        }
    }
}
