//! The report folder (`report --out DIR`): every format and every chart,
//! each file written atomically (a temporary file in the same folder, then
//! a rename) as it is made, never over an input. Files are written as they
//! are formatted, so an org of thousands never has its whole report in
//! memory; the charts are drawn and written in parallel with the other
//! files.
//!
//! A rerun replaces its own files only: the folder keeps a list of what the
//! last run wrote (`.twohats-files`), and files of that list that this run
//! does not write (a manager who left the config, a name before
//! `--redact`) are removed. Anything else in the folder is left alone.
//! The list names this run's files before the first is written, so a run
//! that stops half-way leaves nothing a rerun would not clean up.
//!
//! Nothing outside the folder is written or removed: a subfolder twohats
//! writes into (`charts/`) that is a symbolic link is refused before
//! anything is written, and the removal of stale files (the list is a file
//! anyone may edit) takes plain relative names only, through no symbolic
//! link, and removes regular files only.

use super::text::ORG_CHART;
use super::{charts, folder_exporters, slugs};
use crate::atomic_write::{write_atomically, write_atomically_with};
use crate::figures::Report;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The list of files the last run wrote, relative to the folder.
pub const MANIFEST: &str = ".twohats-files";

/// Writes the report folder and returns the paths written, in order:
/// `report.md`, `report.json`, `weeks.csv`, `weeks.parquet`,
/// `report.html`, `groups.csv` when managers have groups,
/// `charts/org.svg`, `charts/org.png`, then `charts/<manager>.svg` and
/// `.png` per manager in report order.
///
/// `inputs` are the files and folders the report was read from (config,
/// calendars, repositories, logs); the folder may not be one of them or
/// contain one.
pub fn write_folder(out: &Path, report: &Report, inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    refuse_inputs(out, inputs)?;
    let slugs = slugs(report);
    let org_svg = charts::org_svg(report)?;
    let mut exporters = Vec::from(folder_exporters(&org_svg));
    if report.has_groups() {
        exporters.push(Box::new(super::groups::AllGroupsCsv));
    }
    let mut names: Vec<String> = exporters.iter().map(|e| e.file_name().into()).collect();
    for slug in std::iter::once(ORG_CHART).chain(slugs.iter().map(String::as_str)) {
        names.extend([format!("charts/{slug}.svg"), format!("charts/{slug}.png")]);
    }
    let folder = Folder::open(out, &names)?;
    let (files, charts) = rayon::join(
        || -> Result<()> {
            for exporter in &exporters {
                folder.write_with(exporter.file_name(), |w| exporter.write(report, w))?;
            }
            folder.write(&format!("charts/{ORG_CHART}.svg"), org_svg.as_bytes())?;
            folder.write(
                &format!("charts/{ORG_CHART}.png"),
                &charts::org_png(report)?,
            )
        },
        || {
            (report.managers.par_iter().zip(&slugs)).try_for_each(|(m, slug)| {
                folder.write(
                    &format!("charts/{slug}.svg"),
                    charts::manager_svg(m)?.as_bytes(),
                )?;
                folder.write(&format!("charts/{slug}.png"), &charts::manager_png(m)?)
            })
        },
    );
    files?;
    charts?;
    folder.finish(&names)
}

/// `report --groups-only --out DIR`: `report.md`, `report.json` and
/// `groups.csv` with the folded groups only. The files of an earlier full
/// report in the folder (which name managers) are removed as stale.
pub fn write_groups_folder(
    out: &Path,
    report: &Report,
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>> {
    refuse_inputs(out, inputs)?;
    let exporters = super::groups::groups_only_folder();
    let names: Vec<String> = exporters.iter().map(|e| e.file_name().into()).collect();
    let folder = Folder::open(out, &names)?;
    for exporter in &exporters {
        folder.write_with(exporter.file_name(), |w| exporter.write(report, w))?;
    }
    folder.finish(&names)
}

/// A report folder being written: its path and the files the previous run
/// listed.
struct Folder<'a> {
    out: &'a Path,
    previous: Vec<String>,
}

impl<'a> Folder<'a> {
    /// Creates the folder and its subfolders for `names`, and lists the
    /// previous run's files and `names` in the manifest before anything is
    /// written.
    fn open(out: &'a Path, names: &[String]) -> Result<Folder<'a>> {
        // Each folder once (a chart per manager shares `charts/`), in the
        // order first named: the same first link found as file by file.
        let mut seen = HashSet::new();
        let first_in_folder: Vec<&String> = (names.iter())
            .filter(|n| seen.insert(Path::new(n.as_str()).parent().map(Path::to_path_buf)))
            .collect();
        if let Some(link) = first_in_folder
            .iter()
            .find_map(|n| symlinked_folder(out, n))
        {
            bail!(
                "{} is a symbolic link; twohats writes only inside the report folder",
                link.display()
            );
        }
        let folders =
            (first_in_folder.iter()).filter_map(|n| out.join(n).parent().map(Path::to_path_buf));
        if out.is_file() {
            bail!(
                "{} is a file; --out takes a folder (the report's files go inside it)",
                out.display()
            );
        }
        for folder in std::iter::once(out.to_path_buf()).chain(folders) {
            fs::create_dir_all(&folder).with_context(|| {
                format!("cannot create the report folder '{}'", folder.display())
            })?;
        }
        let previous = read_manifest(out);
        let known: HashSet<&String> = previous.iter().collect();
        let mut listed = previous.clone();
        listed.extend(names.iter().filter(|n| !known.contains(n)).cloned());
        write_manifest(out, &listed)?;
        Ok(Folder { out, previous })
    }

    fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        write_atomically(&self.out.join(name), bytes)
    }

    fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        write_atomically_with(&self.out.join(name), write)
    }

    /// Removes the files of the previous run's list that this run did not
    /// write, lists this run's, and returns their paths.
    fn finish(self, names: &[String]) -> Result<Vec<PathBuf>> {
        let written: HashSet<&String> = names.iter().collect();
        let stale = (self.previous.iter()).filter(|p| !written.contains(p));
        for stale in stale {
            // The manifest may have been edited: a name that would reach
            // outside the folder was dropped as it was read; one behind a
            // linked folder, or anything but a file we could have written,
            // is left alone.
            if symlinked_folder(self.out, stale).is_some() {
                continue;
            }
            let path = self.out.join(stale);
            // Not followed: a symbolic link is not a file of ours.
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&path).with_context(|| {
                    format!("cannot remove the old report file '{}'", path.display())
                })?;
            }
        }
        write_manifest(self.out, names)?;
        Ok(names.iter().map(|n| self.out.join(n)).collect())
    }
}

fn write_manifest(out: &Path, names: &[String]) -> Result<()> {
    let mut manifest = names.join("\n");
    manifest.push('\n');
    write_atomically(&out.join(MANIFEST), manifest.as_bytes())
}

/// Refuses an output folder that is an input or contains one. Paths are
/// compared after resolving `..` and symbolic links; a folder that does not
/// exist yet is resolved through its nearest existing parent.
fn refuse_inputs(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let out_resolved = resolve(out)
        .with_context(|| format!("cannot resolve the output folder '{}'", out.display()))?;
    for input in inputs {
        if input.as_os_str() == "-" {
            continue; // stdin
        }
        let Ok(input_resolved) = resolve(input) else {
            continue; // an input that cannot be resolved cannot be written over
        };
        if input_resolved.starts_with(&out_resolved) {
            let relation = if input_resolved == out_resolved {
                "is"
            } else {
                "contains"
            };
            bail!(
                "refusing to write the report into '{}': it {relation} the input '{}'; choose another --out folder",
                out.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// The absolute, symlink-free form of `path`, which need not exist: the
/// nearest existing ancestor is canonicalised and the rest appended.
pub(crate) fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        if let Ok(mut resolved) = prefix.canonicalize() {
            for part in &components[split..] {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return Ok(resolved);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        "no part of the path exists",
    ))
}

/// The first folder between `out` and the file `name` (inside `out`) that
/// is a symbolic link: writing or removing through it would reach outside
/// the report folder.
fn symlinked_folder(out: &Path, name: &str) -> Option<PathBuf> {
    let mut folder = out.to_path_buf();
    let parents: Vec<Component> = Path::new(name).components().collect();
    for part in parents.split_last().map_or(&[][..], |(_, p)| p) {
        folder.push(part);
        if fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(folder);
        }
    }
    None
}

fn is_plain_relative(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The names the last run listed; a name that is not a plain relative path
/// (`..`, absolute) is not one twohats wrote, and is dropped.
fn read_manifest(out: &Path) -> Vec<String> {
    fs::read_to_string(out.join(MANIFEST))
        .map(|text| {
            (text.lines())
                .filter(|name| is_plain_relative(name))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_folders_that_do_not_exist_yet() {
        let here = std::env::current_dir().unwrap().canonicalize().unwrap();
        assert_eq!(
            resolve(Path::new("no/such/../dir")).unwrap(),
            here.join("no/dir")
        );
        assert!(is_plain_relative("charts/org.svg"));
        assert!(!is_plain_relative("../x"));
        assert!(!is_plain_relative("/etc/passwd"));
    }
}
