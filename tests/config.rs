//! The config file and `twohats init`: validation errors name the file, the
//! line and the key; init writes a starter that reproduces the defaults.

mod common;

use assert_cmd::Command;
use common::{run_in_folder, twohats, Run};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

/// The binary with `home` as HOME and `xdg` (when given) as XDG_CONFIG_HOME.
fn twohats_at_home(home: &Path, xdg: Option<&Path>) -> Command {
    let mut cmd = twohats();
    cmd.env("HOME", home).env_remove("XDG_CONFIG_HOME");
    if let Some(xdg) = xdg {
        cmd.env("XDG_CONFIG_HOME", xdg);
    }
    cmd
}

/// A config with one manager of this name and no sources.
fn write_user_config(path: &Path, manager: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        path,
        format!("[[manager]]\nname = \"{manager}\"\nreports = 3\n"),
    )
    .unwrap();
}

/// Runs `week` on a config and returns (exit code, stderr).
fn week_with_config(text: &str) -> (i32, String) {
    let run = run_in_folder(
        &[("twohats.toml", text.as_bytes())],
        &["week", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    (run.code, run.stderr)
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
fn a_base_url_that_is_not_one_is_refused_without_quoting_it() {
    // A base URL may carry a user, a password or a token: the line and
    // key say where it is.
    for (api, why) in [
        (
            "https://rui:hunter2@ghe example.com/api/v3",
            "not a valid URL: check it starts with https://HOST/ and holds no spaces",
        ),
        (
            "ghp_s3cr3tT0ken",
            "not a valid URL: check it starts with https://HOST/ and holds no spaces",
        ),
        (
            "ftp://rui:hunter2@ghe.example.com/api/v3",
            "not an http(s) URL: twohats reads https://, http:// and webcal:// addresses",
        ),
    ] {
        let (code, err) = week_with_config(&format!(
            "[[manager]]\nname = \"Rui\"\ngithub = {{ user = \"rui\", api = \"{api}\" }}\n"
        ));
        assert_eq!(code, 2);
        assert_eq!(
            err,
            format!("error: twohats.toml:3: manager[1].github.api: {why}\n")
        );
    }
}

#[test]
fn a_url_the_toml_parser_quotes_is_shown_as_every_url_is() {
    // A list written as one string: the parser's message quotes the value.
    let url = "https://cal.example.com/private-s3cr3t/basic.ics";
    let (code, err) = week_with_config(&format!(
        "[[manager]]\nname = \"Ada\"\ncalendars = \"{url}\"\n"
    ));
    assert_eq!(code, 2);
    assert!(!err.contains("s3cr3t"), "{err}");
    // `printf %s URL | sha256sum` begins 6d2b0cb0.
    assert!(err.contains("https://cal.example.com/…#6d2b0cb0"), "{err}");
    assert!(
        err.starts_with("error: twohats.toml:3: manager[1].calendars: is text"),
        "{err}"
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_what_it_should_be() {
    for (config, line) in [
        (
            "[[manager]]\nname = \"Ada\"\nreports = \"7\"\n",
            "twohats.toml:3: manager[1].reports: is text (\"7\"), not a whole number",
        ),
        (
            "[thresholds]\nwatch_margin_pct = \"5\"\n",
            "twohats.toml:2: thresholds.watch_margin_pct: is text (\"5\"), not a number",
        ),
        (
            "[git]\ninclude_merges = 1\n",
            "twohats.toml:2: git.include_merges: is the number 1, not true or false",
        ),
        (
            "[[manager]]\nname = \"A\"\n\n[[manager]]\nname = \"B\"\nemails = \"b@example.com\"\n",
            "twohats.toml:6: manager[2].emails: is text (\"b@example.com\"), not a list ([\"…\", \"…\"])",
        ),
        // A list over several lines, an inline table, a sub-table of the
        // last [[manager]]: the line says where, no key is guessed.
        (
            "[[manager]]\nname = \"A\"\ncalendars = [\n  \"a.ics\",\n  5,\n]\n",
            "twohats.toml:5: the number 5 where text in quotes is expected",
        ),
        (
            "[[manager]]\nname = \"A\"\ngithub = { user = \"a\", api = 5 }\n",
            "twohats.toml:3: the number 5 where text in quotes is expected",
        ),
        (
            "[[manager]]\nname = \"A\"\n[manager.github]\nuser = 5\n",
            "twohats.toml:4: the number 5 where text in quotes is expected",
        ),
    ] {
        let (code, err) = week_with_config(config);
        assert_eq!(code, 2);
        assert_eq!(err, format!("error: {line}\n"));
    }
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
fn a_team_beyond_every_band_takes_the_last_limit_with_a_warning() {
    // No band is open-ended: 20 reports fit none, and the last band (up to
    // 5 reports, 40%) is the one used, which the user must be told.
    let config = "[thresholds]\nbands = [ { max_reports = 2, limit_pct = 50.0 }, { max_reports = 5, limit_pct = 40.0 } ]\n\n[[manager]]\nname = \"Ada\"\nemails = [\"ada@example.com\"]\nreports = 20\ntimezone = \"Europe/Berlin\"\ncalendars = [\"cal.ics\"]\n";
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let run = run_in_folder(
        &[
            ("twohats.toml", config.as_bytes()),
            ("cal.ics", ics.as_bytes()),
        ],
        &["week", "--config", "twohats.toml", "--week", "2026-W47"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: manager 'Ada': reports = 20 is more than any band's max_reports (the last: 5); its limit, 40%, is used (a last band without max_reports takes the rest)\n"
    );
    assert!(run.stdout.contains("20 reports"), "{}", run.stdout);
    assert!(run.stdout.contains("limit 40%"), "{}", run.stdout);
}

#[test]
fn a_tilde_path_in_the_config_is_in_the_home_folder() {
    // The user config lives in ~/.config/twohats/, and its calendar in
    // ~/Downloads: `~/Downloads/cal.ics` is read from the home folder, not
    // from ~/.config/twohats/~/Downloads.
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join(".config/twohats/config.toml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::create_dir_all(home.path().join("Downloads")).unwrap();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261117T090000Z\r\nDTEND:20261117T120000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    fs::write(home.path().join("Downloads/cal.ics"), ics).unwrap();
    let text = "[[manager]]\nname = \"Ada\"\nemails = [\"ada@example.com\"]\nreports = 3\ntimezone = \"UTC\"\ncalendars = [\"~/Downloads/cal.ics\"]\n";
    fs::write(&config, text).unwrap();
    let run = Run::of(
        twohats_at_home(home.path(), None).args(["week", "--week", "2026-W47", "--format", "json"]),
    );
    // The 3-hour focus block: 3 h of coding.
    assert_eq!(
        run.ok_json()["managers"][0]["weeks"][0]["hours"]["coding"],
        3.0
    );
}

#[test]
fn commits_from_gitlab_are_refused_naming_the_line() {
    // Only GitHub can search commits by author: on GitLab the flag would
    // silently read nothing.
    let (code, err) = week_with_config(
        "[[manager]]\nname = \"Rui\"\ngitlab = { user = \"rui\", commits = true }\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: twohats.toml:3: manager[1].gitlab.commits: commits are read from GitHub only (GitLab cannot search commits by author); give the repository (`repos`) or a git log instead\n"
    );
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
fn nothing_to_read_names_where_the_user_config_was_looked_for() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    let expected = xdg.join("twohats").join("config.toml");
    twohats_at_home(home.path(), Some(&xdg))
        .args(["week"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: nothing to read: give --config FILE, or --ics / --repo / --git-log for one manager",
        ))
        .stderr(predicate::str::contains(format!(
            "no user config at {} (twohats init --user writes one)",
            expected.display()
        )));
}

#[test]
fn week_without_sources_reads_the_user_config_in_xdg_config_home() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    write_user_config(&xdg.join("twohats/config.toml"), "Ada Lovelace");
    twohats_at_home(home.path(), Some(&xdg))
        .args(["week", "--week", "2026-W47"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ada Lovelace · 2026-W47"));
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_xdg_config_home_the_user_config_is_in_dot_config() {
    let home = tempfile::tempdir().unwrap();
    write_user_config(&home.path().join(".config/twohats/config.toml"), "Ada");
    twohats_at_home(home.path(), None)
        .args(["week", "--week", "2026-W47"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ada · 2026-W47"));
}

#[test]
fn twohats_config_wins_over_xdg_config_home() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    write_user_config(&xdg.join("twohats/config.toml"), "From XDG");
    let named = home.path().join("elsewhere/mine.toml");
    write_user_config(&named, "From TWOHATS_CONFIG");
    twohats_at_home(home.path(), Some(&xdg))
        .env("TWOHATS_CONFIG", &named)
        .args(["week", "--week", "2026-W47"])
        .assert()
        .success()
        .stdout(predicate::str::contains("From TWOHATS_CONFIG · 2026-W47"))
        .stdout(predicate::str::contains("From XDG").not());
}

#[test]
fn a_twohats_config_that_does_not_exist_is_an_error_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let named = home.path().join("missing.toml");
    twohats_at_home(home.path(), None)
        .env("TWOHATS_CONFIG", &named)
        .args(["week"])
        .assert()
        .code(2)
        .stderr(format!(
            "error: cannot read config '{}': No such file or directory\n",
            named.display()
        ));
}

#[test]
fn a_source_flag_leaves_the_user_config_unread() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    write_user_config(&xdg.join("twohats/config.toml"), "Ada");
    fs::write(
        home.path().join("cal.ics"),
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    twohats_at_home(home.path(), Some(&xdg))
        .current_dir(home.path())
        .args([
            "week",
            "--week",
            "2026-W47",
            "--ics",
            "cal.ics",
            "--reports",
            "2",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("me · 2026-W47"))
        .stdout(predicate::str::contains("Ada").not());
}

#[test]
fn flags_without_a_source_override_the_user_configs_single_manager() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    write_user_config(&xdg.join("twohats/config.toml"), "Ada");
    twohats_at_home(home.path(), Some(&xdg))
        .args(["week", "--week", "2026-W47", "--reports", "12"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ada · 2026-W47"))
        .stdout(predicate::str::contains("12 reports"));
}

#[test]
fn init_user_writes_the_starter_where_week_looks() {
    let home = tempfile::tempdir().unwrap();
    let xdg = home.path().join("xdg");
    let expected = xdg.join("twohats").join("config.toml");
    twohats_at_home(home.path(), Some(&xdg))
        .args(["init", "--user"])
        .assert()
        .success()
        .stdout(format!(
            "wrote {}: edit the [[manager]] block, then run: twohats week\n",
            expected.display()
        ));
    let written = twohats::config::load(&expected).unwrap();
    assert_eq!(written.managers[0].name, "Your Name");
    twohats_at_home(home.path(), Some(&xdg))
        .args(["init", "--user"])
        .assert()
        .code(2)
        .stderr(format!(
            "error: {} already exists: pass --force to overwrite it\n",
            expected.display()
        ));

    let named = home.path().join("named/twohats.toml");
    twohats_at_home(home.path(), Some(&xdg))
        .env("TWOHATS_CONFIG", &named)
        .args(["init", "--user"])
        .assert()
        .success();
    twohats::config::load(&named).unwrap();
}

#[test]
fn init_user_and_a_path_are_one_or_the_other() {
    twohats()
        .args(["init", "--user", "mine.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

/// What `init` writes is what runs without a config: the same thresholds,
/// git, calendar and working-hours settings, and the built-in rules (written
/// out, with the built-in ones switched off).
#[test]
fn the_starter_config_loads_to_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    twohats()
        .current_dir(dir.path())
        .args(["init"])
        .assert()
        .success();
    let loaded = twohats::config::load(&dir.path().join("twohats.toml")).unwrap();
    let expected = twohats::config::Config {
        use_default_rules: false,
        rules: twohats::classify::default_rules(),
        managers: loaded.managers.clone(),
        ..Default::default()
    };
    assert_eq!(loaded, expected);
    assert_eq!(loaded.managers.len(), 1);
    assert_eq!(
        twohats::cmd::init::starter_config(),
        fs::read_to_string(dir.path().join("twohats.toml")).unwrap()
    );
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
    // A folder is no config file, --force or not.
    fs::create_dir(dir.path().join("configs")).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        twohats()
            .current_dir(dir.path())
            .args(["init", "configs"])
            .args(extra)
            .assert()
            .code(2)
            .stderr("error: configs is a folder: give the config file to write (e.g. configs/twohats.toml)\n");
    }
    twohats()
        .current_dir(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert!(fs::read_to_string(dir.path().join("twohats.toml"))
        .unwrap()
        .contains("[[manager]]"));
}

/// Lines come from where the parser found each value: a band written on
/// its own line inside `bands = [...]` is named by that line, a manager
/// without a name by its `[[manager]]` header.
#[test]
fn errors_name_the_line_of_the_value() {
    let (code, err) = week_with_config(
        "[thresholds]\nbands = [\n  { max_reports = 5, limit_pct = 30.0 },\n  { limit_pct = 300.0 },\n]\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: twohats.toml:4: thresholds.bands[1].limit_pct: 300 is not a percentage between 0 and 100\n"
    );
    let (code, err) = week_with_config(
        "[[manager]]\nname = \"Ada\"\n\n# the next one\n[[manager]]\nreports = 3\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: twohats.toml:5: manager[2] has no name"),
        "{err}"
    );
}

#[test]
fn attendee_counts_are_written_back_as_they_are_read() {
    for text in ["2", ">=3", "<=4", "1..=4", "0"] {
        let count: twohats::config::AttendeeCount = text.parse().unwrap();
        assert_eq!(count.to_string(), text);
    }
}
