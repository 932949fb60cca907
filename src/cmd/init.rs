//! `twohats init`: a commented starter config holding the defaults and the
//! built-in rules, so a user can see and edit them. Every value in it is
//! written from `Config::default()` and `classify::DEFAULT_RULES`, so the
//! file loads to exactly what runs without it.

use crate::atomic_write::write_atomically;
use crate::classify::{DefaultRule, When, DEFAULT_RULES};
use crate::cli::InitArgs;
use crate::config::{Band, Config};
use crate::settings::{user_config_path, UserConfig};
use anyhow::{anyhow, bail, Context, Result};
use std::fmt::Write;
use std::path::PathBuf;

pub fn run(args: InitArgs) -> Result<i32> {
    let path = if args.user {
        user_path()?
    } else {
        args.path.clone()
    };
    if path.is_dir() {
        bail!(
            "{} is a folder: give the config file to write (e.g. {})",
            path.display(),
            path.join("twohats.toml").display()
        );
    }
    if path.exists() && !args.force {
        bail!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        );
    }
    if args.user {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create '{}'", folder.display()))?;
        }
    }
    // Written beside the target, then renamed: never a half-written config.
    write_atomically(&path, starter_config().as_bytes())?;
    let next = if args.user {
        "twohats week".to_string()
    } else {
        format!("twohats week --config {}", path.display())
    };
    println!(
        "wrote {}: edit the [[manager]] block, then run: {next}",
        path.display()
    );
    Ok(0)
}

/// Where `init --user` writes: where `week` without sources reads.
fn user_path() -> Result<PathBuf> {
    match user_config_path() {
        UserConfig::Named(path) | UserConfig::Default(path) => Ok(path),
        UserConfig::Unknown => Err(anyhow!(
            "cannot tell where your config goes: set TWOHATS_CONFIG, XDG_CONFIG_HOME or HOME"
        )),
    }
}

/// The starter config: every key with its default, and the built-in rules
/// written out as `[[rule]]` blocks (with `use_default_rules = false`, so
/// what the file says is all that runs).
pub fn starter_config() -> String {
    let defaults = Config::default();
    let mut s = String::from(INTRO);
    s.push_str(&settings_text(&defaults));
    s.push_str(RULES_INTRO);
    for rule in DEFAULT_RULES {
        s.push_str(&rule_block(rule));
    }
    s.push_str(MANAGER_BLOCK);
    s
}

/// `key = value` with its comment at column 34, as the rest of the file.
fn commented(s: &mut String, line: impl std::fmt::Display, comment: &str) {
    let _ = writeln!(s, "{:<34}# {comment}", line.to_string());
}

/// Thresholds, git, calendar and working hours at their defaults.
fn settings_text(d: &Config) -> String {
    let mut s = String::new();
    s.push_str("\n[thresholds]\n");
    s.push_str("# The first band whose max_reports >= a manager's reports decides the limit on\n");
    s.push_str("# the coding share; a band without max_reports takes everything above.\n");
    s.push_str(&bands_text(&d.thresholds.bands));
    let t = &d.thresholds;
    let watch = format!("watch_margin_pct = {:?}", t.watch_margin_pct);
    commented(&mut s, watch, "\"watch\" starts this far below the limit");
    let minimum = format!("min_tracked_hours = {:?}", t.min_tracked_hours);
    commented(&mut s, minimum, "below: verdict \"insufficient-data\"");

    let g = &d.git;
    s.push_str("\n[git]\n");
    let gap = format!("session_gap_minutes = {}", g.session_gap_minutes);
    commented(&mut s, gap, "commits closer than this are one session");
    let lead = format!("session_lead_minutes = {}", g.session_lead_minutes);
    commented(
        &mut s,
        lead,
        "time credited before a session's first commit",
    );
    let _ = writeln!(s, "include_merges = {}", g.include_merges);
    let other = match g.timestamp {
        crate::config::Timestamp::Author => "committer",
        crate::config::Timestamp::Committer => "author",
    };
    let timestamp = format!("timestamp = \"{}\"", g.timestamp.as_str());
    commented(&mut s, timestamp, &format!("or \"{other}\""));

    let c = &d.calendar;
    s.push_str("\n[calendar]\n");
    let tentative = format!("count_tentative = {}", c.count_tentative);
    commented(
        &mut s,
        tentative,
        "your PARTSTAT=TENTATIVE / NEEDS-ACTION still count",
    );
    let transparent = format!("count_transparent = {}", c.count_transparent);
    commented(&mut s, transparent, "events shown as free are dropped");
    let longest = format!("max_event_hours = {:?}", c.max_event_hours);
    commented(
        &mut s,
        longest,
        "longer timed events are treated as all-day",
    );

    let w = &d.working_hours;
    s.push('\n');
    commented(
        &mut s,
        "[working_hours]",
        "for the after-hours figures only",
    );
    let days: Vec<String> = (w.days.iter())
        .map(|day| format!("\"{}\"", day.to_string().to_lowercase()))
        .collect();
    let _ = writeln!(s, "days = [{}]", days.join(", "));
    let _ = writeln!(s, "start = \"{}\"", w.start.format("%H:%M"));
    let _ = writeln!(s, "end = \"{}\"", w.end.format("%H:%M"));

    s.push_str("\n[people]\n");
    let norm = format!(
        "one_on_one_hours_per_report = {:?}",
        d.people.one_on_one_hours_per_report
    );
    commented(&mut s, norm, "a week under this per report: thin 1:1s");
    let gap = format!(
        "one_on_one_max_gap_weeks = {}",
        d.people.one_on_one_max_gap_weeks
    );
    commented(
        &mut s,
        gap,
        "a team member with no 1:1 in this many weeks: overdue",
    );

    s.push_str(&network_text(d));
    s
}

/// `[network]` at its defaults.
fn network_text(d: &Config) -> String {
    let mut s = String::from(
        "\n[network]                         # calendars read over HTTP(S) and CalDAV\n",
    );
    let n = &d.network;
    commented(
        &mut s,
        format!("timeout_seconds = {}", n.timeout_seconds),
        "whole request, per calendar",
    );
    commented(
        &mut s,
        format!("max_megabytes = {}", n.max_megabytes),
        "larger responses are refused",
    );
    s
}

/// `bands = [ ... ]`, one inline table a line, the columns aligned.
fn bands_text(bands: &[Band]) -> String {
    let names: Vec<String> = (bands.iter())
        .map(|b| format!("name = {},", toml_string(&b.name)))
        .collect();
    let maxes: Vec<String> = (bands.iter())
        .map(|b| {
            b.max_reports
                .map(|m| format!("max_reports = {m},"))
                .unwrap_or_default()
        })
        .collect();
    let name_width = names.iter().map(String::len).max().unwrap_or(0) + 1;
    let max_width = maxes.iter().map(String::len).max().unwrap_or(0) + 1;
    let mut s = String::from("bands = [\n");
    for ((band, name), max) in bands.iter().zip(&names).zip(&maxes) {
        let max = if max.is_empty() {
            String::new()
        } else {
            format!("{max:<max_width$}")
        };
        let _ = writeln!(
            s,
            "  {{ {name:<name_width$}{max}limit_pct = {:?} }},",
            band.limit_pct
        );
    }
    s.push_str("]\n");
    s
}

/// One built-in rule as the config writes it.
fn rule_block(rule: &DefaultRule) -> String {
    let mut s = String::from("\n[[rule]]\n");
    let category = format!("category = {}", toml_string(rule.category));
    match rule.note {
        Some(note) => commented(&mut s, category, note),
        None => s.push_str(&format!("{category}\n")),
    }
    let _ = writeln!(s, "kind = \"{}\"", rule.kind);
    let _ = match rule.when {
        When::TitleWords(words) => writeln!(
            s,
            "title = {}",
            toml_string(&crate::classify::keyword_regex(words))
        ),
        When::Attendees(count) => writeln!(s, "attendees = \"{count}\""),
        When::EventType(types) => writeln!(
            s,
            "event_type = {}",
            toml_string(&crate::classify::event_type_regex(types))
        ),
    };
    s
}

/// A TOML string: a literal one ('...', no escapes) where it can be, so a
/// regex reads as it is written.
fn toml_string(text: &str) -> String {
    if text.contains(['\'', '\n', '\r']) || text.chars().any(char::is_control) {
        toml::Value::String(text.to_string()).to_string()
    } else if text.contains('\\') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}

const INTRO: &str = r#"# twohats config. Every key is optional except each manager's `name`.
# Relative paths are relative to this file's folder.

# timezone = "Europe/Berlin"      # default zone for managers (else the system's)

# The built-in default rules are written out below as [[rule]] blocks, so
# this file says everything that runs: edit them freely.
use_default_rules = false
"#;

const RULES_INTRO: &str = r#"
# The rules below are twohats' built-in defaults, written out so you can edit
# them. The first matching rule decides an event's category and kind
# (coding | people | other | ignore). Conditions, all of which must hold:
# title, description, location, categories, calendar (regex searches;
# case-sensitive unless the pattern starts with (?i)), attendees (">=3", "2",
# "1..=4"), organizer_is_me (true/false), event_type (the API's type:
# "focusTime", "outOfOffice", "oof", …). What no rule matches counts as
# "blocks" (other). Put your own rules first, e.g.:
#
# [[rule]]
# category = "on-call"
# kind = "other"
# title = '(?i)\bon-?call\b'
"#;

const MANAGER_BLOCK: &str = r#"
[[manager]]
name = "Your Name"
emails = ["you@example.com"]      # git author and calendar addresses
reports = 6                       # direct reports: picks the band
# Your reports, to follow each one's 1:1s (sets reports; a reports that differs wins):
# team = ["Ana Lima <ana@example.com>", "ben@example.com"]
# timezone = "Europe/London"
calendars = ["calendar.ics"]      # files, folders, Google export .zip
# repos = ["../my-service"]       # read directly from HEAD
# git_logs = ["my.log"]           # git log --all --pretty=fuller --date=iso-strict > my.log
"#;
