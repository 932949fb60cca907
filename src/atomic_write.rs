//! Writing a file so that a reader sees the old one or the new one, never
//! half: the bytes go to a temporary file in the same folder (so the rename
//! stays on one file system), which is then renamed over the target.

use anyhow::{anyhow, Context, Result};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. The temporary file is removed when
/// anything fails. Callers decide whether `path` may be replaced at all
/// (`init` refuses an existing file without `--force`; the report folder
/// refuses to write over its inputs).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |out| Ok(out.write_all(bytes)?))
}

/// As [`write_atomically`], with the bytes written by `write` as they are
/// made (through a buffer), never held whole in memory.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    through_temp(path, false, write)
}

/// As [`write_atomically`], for a secret (a sign-in's refresh token): the
/// file is readable by the user alone from its first byte (mode 0600 where
/// there are modes) and on disk before it replaces the old one.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    through_temp(path, true, |out| Ok(out.write_all(bytes)?))
}

/// Writes through the temporary file, removed when anything fails.
fn through_temp(
    path: &Path,
    private: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let temp = temp_path(path);
    let result = write_then_rename(&temp, path, private, write);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The folder of `path` that does not exist, when that is why opening a
/// file in it failed (looked for only then: a report folder writes many).
fn missing_folder<'p>(path: &'p Path, e: &std::io::Error) -> Option<&'p Path> {
    let folder = path.parent().filter(|f| !f.as_os_str().is_empty())?;
    (e.kind() == std::io::ErrorKind::NotFound && !folder.exists()).then_some(folder)
}

fn write_then_rename(
    temp: &Path,
    path: &Path,
    private: bool,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let shown = || format!("cannot write '{}'", path.display());
    // Whatever is left at the temporary's name goes first: a symbolic link
    // there would be followed, and written through (removing it removes
    // the link, not what it points to).
    let _ = fs::remove_file(temp);
    let mut options = fs::OpenOptions::new();
    options.write(true);
    if private {
        // A new file, so its mode is the one given.
        options.create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    } else {
        options.create(true).truncate(true);
    }
    let file = options
        .open(temp)
        .map_err(|e| match missing_folder(path, &e) {
            Some(folder) => anyhow!(
                "cannot write '{}': the folder '{}' does not exist; create it first",
                path.display(),
                folder.display()
            ),
            None => anyhow::Error::new(e).context(shown()),
        })?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    write(&mut out).with_context(shown)?;
    let file = (out.into_inner())
        .map_err(|e| e.into_error())
        .with_context(shown)?;
    if private {
        file.sync_all().with_context(shown)?;
    }
    fs::rename(temp, path).with_context(|| format!("cannot replace '{}'", path.display()))
}

/// `.NAME.PID.tmp` beside `path`: hidden, and distinct per process.
fn temp_path(path: &Path) -> PathBuf {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.join(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_at_the_temporary_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let path = dir.path().join("out.txt");
        std::os::unix::fs::symlink(&victim, temp_path(&path)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        assert!(fs::symlink_metadata(temp_path(&path)).is_err());
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("out.txt");
        let error = write_atomically(&path, b"x").unwrap_err();
        assert!(error.to_string().starts_with("cannot write '"), "{error}");
        assert!(!path.exists());
    }
}
