//! Helpers shared by the integration tests: the binary with a fixed clock,
//! zone and environment; paths into the repository; folders of input files
//! that must come out byte-identical; reading back what a run wrote.
//!
//! A test file uses them with `mod common;`. Cargo compiles this folder into
//! each such test and never runs it as a test of its own.

// Each test binary uses a different subset.
#![allow(dead_code)]

pub mod schema;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// "Today" for every run: Wednesday 25 November 2026, so the last complete
/// ISO week is 2026-W47, the demo's last week. Tests still name their weeks;
/// this only keeps a forgotten `--week` from depending on the machine's clock.
pub const TODAY: &str = "2026-11-25";

/// The bundled demo, relative to the repository root (where `cargo test`
/// runs integration tests), as the README's first command names it.
pub const DEMO_CONFIG: &str = "fixtures/demo/twohats.toml";
/// The range of the README's first command: ISO weeks 2026-W41 to 2026-W47.
pub const DEMO_FROM: &str = "2026-10-05";
pub const DEMO_TO: &str = "2026-11-22";

/// A path inside the repository, whatever the current folder.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `fixtures/<relative>` as an absolute path string, for library calls that
/// take paths as strings.
pub fn fixture(relative: &str) -> String {
    repo_path("fixtures").join(relative).display().to_string()
}

/// The twohats binary, with nothing of the machine leaking in: a fixed
/// today, UTC as the system zone, no colour, no user config (a test that
/// gives no source must not read the developer's own config file), no
/// forge token or address, and a cache folder of the tests' own.
pub fn twohats() -> Command {
    let mut cmd = Command::cargo_bin("twohats").unwrap();
    cmd.env("TWOHATS_TODAY", TODAY)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env_remove("TWOHATS_CONFIG")
        .env("XDG_CONFIG_HOME", repo_path("target/no-user-config"))
        // Nothing reaches a real forge with the developer's token, nor
        // their cache (tests that read over the network set their own).
        .env("XDG_CACHE_HOME", repo_path("target/no-user-cache"))
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITLAB_TOKEN")
        .env_remove("GITHUB_API_URL")
        .env_remove("GITLAB_API_URL")
        .timeout(Duration::from_secs(120));
    cmd
}

/// What one run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Whether stdout was UTF-8 before `of` replaced any bad bytes.
    stdout_is_utf8: bool,
}

impl Run {
    pub fn of(cmd: &mut Command) -> Run {
        let out = cmd.output().unwrap();
        Run {
            code: out
                .status
                .code()
                .expect("exited, not killed (no hang, no crash)"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout_is_utf8: std::str::from_utf8(&out.stdout).is_ok(),
        }
    }

    /// stdout as text: fails if it was not UTF-8 (`stdout` has the bad
    /// bytes replaced).
    pub fn text(&self) -> &str {
        assert!(self.stdout_is_utf8, "stdout is not UTF-8: {}", self.stdout);
        &self.stdout
    }

    /// stdout as JSON, which must be UTF-8; a parse error shows what was
    /// printed.
    pub fn json(&self) -> Value {
        serde_json::from_str(self.text()).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    /// Asserts exit 0 (showing stderr otherwise) and returns stdout as JSON.
    pub fn ok_json(&self) -> Value {
        assert_eq!(self.code, 0, "{}", self.stderr);
        self.json()
    }
}

/// Runs `twohats ARGS` and expects JSON on stdout with exit 0.
pub fn ok_json(args: &[&str]) -> Value {
    Run::of(twohats().args(args)).ok_json()
}

/// Writes `files` (path relative to `dir` → bytes), creating folders.
pub fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// A zip of `entries` (name → bytes), each deflated, as a Google Calendar
/// export is.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Runs twohats in a fresh folder holding `files`, and checks that no input
/// changed.
pub fn run_in_folder(files: &[(&str, &[u8])], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let before = files_under(dir.path());
    let run = Run::of(twohats().current_dir(dir.path()).args(args));
    let after = files_under(dir.path());
    for (name, bytes) in &before {
        assert!(after.get(name) == Some(bytes), "input {name} was modified");
    }
    run
}

/// Every file under a folder, hidden ones included: path relative to the
/// folder, with `/` between parts → bytes.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                let relative = e.path().strip_prefix(dir).unwrap().to_owned();
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(parts.join("/"), fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

/// The names of `files_under(dir)`, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    files_under(dir).into_keys().collect()
}

/// Decodes a PNG whole (every pixel) and returns its (width, height).
pub fn png_size(path: &Path) -> (u32, u32) {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a PNG: {e}", path.display()));
    let mut pixels = vec![
        0;
        reader
            .output_buffer_size()
            .expect("a PNG of a size that fits")
    ];
    let frame = reader
        .next_frame(&mut pixels)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    (frame.width, frame.height)
}

/// Reads an SVG document to its end (any XML syntax error or unclosed
/// element fails) and returns the root `<svg>`'s width and height
/// attributes.
pub fn svg_size(path: &Path) -> (String, String) {
    use quick_xml::events::Event;
    let text = fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    let mut root = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if root.is_none() {
                    let attr = |name: &str| {
                        e.try_get_attribute(name)
                            .unwrap()
                            .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                            .unwrap_or_default()
                    };
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    root = Some((name, attr("width"), attr("height")));
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{} is not well-formed XML: {e}", path.display()),
        }
    }
    assert_eq!(depth, 0, "{} has unclosed elements", path.display());
    let (name, width, height) = root.unwrap_or_else(|| panic!("{} is empty", path.display()));
    assert_eq!(name, "svg", "{}", path.display());
    (width, height)
}

/// Every command a manager runs over one config, each with exit 0: the week
/// as a table and as JSON, explain, doctor, a share, and a report folder
/// written to `out`. `command` gives a binary with the environment the
/// test needs (tokens, cache folder). What each printed, stdout then stderr.
pub fn outputs_of_every_command(
    command: impl Fn() -> Command,
    config: &Path,
    out: &Path,
) -> Vec<String> {
    let mut outputs = Vec::new();
    for args in [
        vec!["week", "--week", "2026-W47"],
        vec!["week", "--week", "2026-W47", "--format", "json"],
        vec!["explain", "--week", "2026-W47"],
        vec!["doctor", "--week", "2026-W47"],
        vec!["share", "--from", "2026-11-16", "--to", "2026-11-22"],
        vec![
            "report",
            "--from",
            "2026-11-09",
            "--to",
            "2026-11-22",
            "--out",
        ],
    ] {
        let mut c = command();
        c.args(&args);
        if args[0] == "report" {
            c.arg(out);
        }
        let run = Run::of(c.arg("--config").arg(config));
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        outputs.push(run.stdout + &run.stderr);
    }
    outputs
}

/// No secret in any output, nor in any file under `folders` (but a config
/// file, which may name it as `${VARIABLE}`'s value only in the test).
pub fn assert_no_secret(outputs: &[String], folders: &[&Path], secrets: &[&str]) {
    for secret in secrets {
        for text in outputs {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        for folder in folders {
            for (file, bytes) in files_under(folder) {
                if file.ends_with("twohats.toml") {
                    continue;
                }
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(secret), "{secret} is in {file}");
            }
        }
    }
}
