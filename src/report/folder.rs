//! The report folder (`report --out DIR`): every format and every chart,
//! each file written atomically (a temporary file in the same folder, then
//! a rename), never over an input.
//!
//! A rerun replaces its own files only: the folder keeps a list of what the
//! last run wrote (`.twohats-files`), and files of that list that this run
//! does not write (a manager who left the config, a name before
//! `--redact`) are removed. Anything else in the folder is left alone.

use super::{charts, folder_exporters, slugs};
use crate::atomic_write::write_atomically;
use crate::figures::Report;
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The list of files the last run wrote, relative to the folder.
pub const MANIFEST: &str = ".twohats-files";

/// Writes the report folder and returns the paths written, in order:
/// `report.md`, `report.json`, `weeks.csv`, `weeks.parquet`,
/// `report.html`, `charts/org.svg`, `charts/org.png`, then
/// `charts/<manager>.svg` and `.png` per manager in report order.
///
/// `inputs` are the files and folders the report was read from (config,
/// calendars, repositories, logs); the folder may not be one of them or
/// contain one.
pub fn write_folder(out: &Path, report: &Report, inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    refuse_inputs(out, inputs)?;
    let files = render_all(report)?;
    write_files(out, &files)
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
    let files = (super::groups::groups_only_folder().iter())
        .map(|e| Ok((e.file_name().to_string(), e.render(report)?)))
        .collect::<Result<Vec<_>>>()?;
    write_files(out, &files)
}

/// Writes rendered files into the folder and removes the files of the
/// previous run's list that this run does not write.
fn write_files(out: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    let folders = files
        .iter()
        .filter_map(|(n, _)| out.join(n).parent().map(Path::to_path_buf));
    for folder in std::iter::once(out.to_path_buf()).chain(folders) {
        fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create the report folder '{}'", folder.display()))?;
    }
    let previous = read_manifest(out);
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = out.join(name);
        write_atomically(&path, bytes)?;
        written.push(path);
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for stale in previous.iter().filter(|p| !names.contains(&p.as_str())) {
        // Only plain relative names of our own listing; a hand-edited
        // manifest cannot make us delete outside the folder.
        if is_plain_relative(stale) {
            let path = out.join(stale);
            if path.is_file() {
                fs::remove_file(&path).with_context(|| {
                    format!("cannot remove the old report file '{}'", path.display())
                })?;
            }
        }
    }
    let mut manifest = names.join("\n");
    manifest.push('\n');
    write_atomically(&out.join(MANIFEST), manifest.as_bytes())?;
    Ok(written)
}

/// Every file of the folder as (relative name, bytes), charts drawn in
/// parallel. All is rendered before anything is written, so a failure
/// leaves the folder as it was.
fn render_all(report: &Report) -> Result<Vec<(String, Vec<u8>)>> {
    let org_svg = charts::org_svg(report)?;
    let org_png = charts::org_png(report)?;
    let manager_charts: Vec<(String, Vec<u8>)> = report
        .managers
        .par_iter()
        .map(|m| Ok((charts::manager_svg(m)?, charts::manager_png(m)?)))
        .collect::<Result<_>>()?;
    let (svgs, pngs): (Vec<String>, Vec<Vec<u8>>) = manager_charts.into_iter().unzip();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for exporter in folder_exporters(&org_svg) {
        files.push((exporter.file_name().to_string(), exporter.render(report)?));
    }
    files.push(("charts/org.svg".into(), org_svg.into_bytes()));
    files.push(("charts/org.png".into(), org_png));
    for (slug, (svg, png)) in slugs(report).into_iter().zip(svgs.into_iter().zip(pngs)) {
        files.push((format!("charts/{slug}.svg"), svg.into_bytes()));
        files.push((format!("charts/{slug}.png"), png));
    }
    Ok(files)
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
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
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

fn is_plain_relative(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

fn read_manifest(out: &Path) -> Vec<String> {
    fs::read_to_string(out.join(MANIFEST))
        .map(|text| text.lines().map(str::to_string).collect())
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
