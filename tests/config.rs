//! The config file and `twohats init`: validation errors name the file, the
//! line and the key; init writes a starter that reproduces the defaults.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn twohats() -> Command {
    let mut cmd = Command::cargo_bin("twohats").unwrap();
    cmd.env_remove("TWOHATS_TODAY").env("NO_COLOR", "1");
    cmd
}

/// Runs `week` on a config and returns (exit code, stderr).
fn week_with_config(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twohats.toml");
    fs::write(&path, text).unwrap();
    let out = twohats()
        .current_dir(dir.path())
        .args(["week", "--config", "twohats.toml", "--week", "2026-W47"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_key_names_the_file_line_and_key() {
    let (code, err) = week_with_config("timezone = \"Europe/Berlin\"\n\n[git]\nsession_gap = 90\n");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: twohats.toml:4: unknown field `session_gap`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn a_bad_regex_names_the_rule() {
    let (code, err) = week_with_config(
        "[[rule]]\ncategory = \"ok\"\nkind = \"people\"\ntitle = \"1:1\"\n\n[[rule]]\nkind = \"other\"\ntitle = \"(unclosed\"\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: twohats.toml:8: rule[2].title: bad regex"),
        "{err}"
    );
}

#[test]
fn a_bad_time_zone_is_refused() {
    let (code, err) = week_with_config("[[manager]]\nname = \"Ada\"\ntimezone = \"Mars/Base\"\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("twohats.toml:3: manager[1].timezone: unknown time zone 'Mars/Base'"),
        "{err}"
    );
}

#[test]
fn bands_out_of_order_are_refused() {
    let (code, err) = week_with_config(
        "[thresholds]\nbands = [ { max_reports = 10, limit_pct = 20.0 }, { max_reports = 5, limit_pct = 30.0 }, { limit_pct = 10.0 } ]\n",
    );
    assert_eq!(code, 2);
    assert!(err.contains("thresholds.bands[1].max_reports: bands out of order: 5 is not above the previous band's 10"), "{err}");
}

#[test]
fn negative_hours_and_reports_are_refused() {
    let (code, err) = week_with_config("[thresholds]\nmin_tracked_hours = -2\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("thresholds.min_tracked_hours: -2 hours is negative"),
        "{err}"
    );
    let (code, err) = week_with_config("[[manager]]\nname = \"Ada\"\nreports = -1\n");
    assert_eq!(code, 2);
    assert!(err.contains("manager[1].reports: -1 is negative"), "{err}");
}

#[test]
fn a_manager_without_a_name_is_refused() {
    let (code, err) = week_with_config("[[manager]]\nemails = [\"a@example.com\"]\n");
    assert_eq!(code, 2);
    assert!(err.contains("manager[1] has no name"), "{err}");
}

#[test]
fn a_missing_config_is_an_error_naming_it() {
    twohats()
        .args(["week", "--config", "no-such-dir/twohats.toml"])
        .assert()
        .code(2)
        .stderr(
            "error: cannot read config 'no-such-dir/twohats.toml': No such file or directory\n",
        );
}

#[test]
fn nothing_to_read_is_a_usage_error() {
    twohats()
        .args(["week"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to read"));
}

#[test]
fn init_writes_a_starter_config_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    twohats()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("twohats.toml")).unwrap();
    assert!(text.contains("use_default_rules = false"));
    assert!(text.contains("category = \"one-on-ones\""));
    // The file parses as a valid config.
    twohats::config::load(&dir.path().join("twohats.toml")).unwrap();

    fs::write(dir.path().join("twohats.toml"), "# mine\n").unwrap();
    twohats()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .code(2)
        .stderr("error: twohats.toml already exists: pass --force to overwrite it\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("twohats.toml")).unwrap(),
        "# mine\n"
    );
    twohats()
        .current_dir(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert!(fs::read_to_string(dir.path().join("twohats.toml"))
        .unwrap()
        .contains("[[manager]]"));
}
