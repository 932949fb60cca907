//! The TOML config: types, defaults, and validation whose errors name the
//! file, the line and the key.
//!
//! Relative paths are resolved from the config file's folder.

use crate::git::Timestamp;
use crate::timeline::Kind;
use anyhow::{anyhow, bail, Result};
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use regex::Regex;
use serde::Deserialize;
use std::path::Path;

/// A validated config.
#[derive(Debug, Clone)]
pub struct Config {
    pub timezone: Option<Tz>,
    pub thresholds: Thresholds,
    pub git: GitConfig,
    pub calendar: CalendarConfig,
    pub working_hours: WorkingHours,
    pub use_default_rules: bool,
    pub rules: Vec<Rule>,
    pub managers: Vec<ManagerConfig>,
}

#[derive(Debug, Clone)]
pub struct Thresholds {
    pub bands: Vec<Band>,
    pub watch_margin_pct: f64,
    pub min_tracked_hours: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    /// None: every team size above the previous band.
    pub max_reports: Option<u32>,
    pub limit_pct: f64,
}

#[derive(Debug, Clone)]
pub struct GitConfig {
    pub session_gap_minutes: u32,
    pub session_lead_minutes: u32,
    pub include_merges: bool,
    pub timestamp: Timestamp,
}

#[derive(Debug, Clone)]
pub struct CalendarConfig {
    pub count_tentative: bool,
    pub count_transparent: bool,
    pub max_event_hours: f64,
}

#[derive(Debug, Clone)]
pub struct WorkingHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A user rule: all given conditions must hold.
#[derive(Debug, Clone)]
pub struct Rule {
    pub category: String,
    pub kind: Kind,
    pub title: Option<Regex>,
    pub description: Option<Regex>,
    pub location: Option<Regex>,
    pub categories: Option<Regex>,
    pub attendees: Option<AttendeeCount>,
    pub organizer_is_me: Option<bool>,
    pub calendar: Option<Regex>,
}

/// An attendee-count condition: `">=3"`, `"2"`, `"1..=4"`, `"<3"`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttendeeCount {
    pub min: u32,
    pub max: u32,
}

impl AttendeeCount {
    pub fn matches(self, n: usize) -> bool {
        let n = n.min(u32::MAX as usize) as u32;
        self.min <= n && n <= self.max
    }
}

impl std::str::FromStr for AttendeeCount {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let num = |x: &str| {
            x.parse::<u32>().map_err(|_| {
                format!("'{s}' is not an attendee count like \">=3\", \"2\" or \"1..=4\"")
            })
        };
        let (min, max) = if let Some(r) = t.strip_prefix(">=") {
            (num(r)?, u32::MAX)
        } else if let Some(r) = t.strip_prefix("<=") {
            (0, num(r)?)
        } else if let Some(r) = t.strip_prefix('>') {
            (num(r)?.saturating_add(1), u32::MAX)
        } else if let Some(r) = t.strip_prefix('<') {
            let n = num(r)?;
            if n == 0 {
                return Err(format!("'{s}' can never match"));
            }
            (0, n - 1)
        } else if let Some((a, b)) = t.split_once("..=") {
            (num(a)?, num(b)?)
        } else if let Some((a, b)) = t.split_once("..") {
            let b = num(b)?;
            if b == 0 {
                return Err(format!("'{s}' can never match"));
            }
            (num(a)?, b - 1)
        } else {
            let n = num(&t)?;
            (n, n)
        };
        if min > max {
            return Err(format!("'{s}' can never match"));
        }
        Ok(AttendeeCount { min, max })
    }
}

/// One manager as the config gives them, paths resolved.
#[derive(Debug, Clone, Default)]
pub struct ManagerConfig {
    pub name: String,
    pub emails: Vec<String>,
    pub reports: Option<u32>,
    pub timezone: Option<Tz>,
    pub calendars: Vec<String>,
    pub repos: Vec<String>,
    pub git_logs: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: None,
            thresholds: Thresholds {
                bands: vec![
                    Band {
                        name: "small".into(),
                        max_reports: Some(5),
                        limit_pct: 30.0,
                    },
                    Band {
                        name: "medium".into(),
                        max_reports: Some(10),
                        limit_pct: 20.0,
                    },
                    Band {
                        name: "large".into(),
                        max_reports: None,
                        limit_pct: 10.0,
                    },
                ],
                watch_margin_pct: 5.0,
                min_tracked_hours: 10.0,
            },
            git: GitConfig {
                session_gap_minutes: 120,
                session_lead_minutes: 120,
                include_merges: false,
                timestamp: Timestamp::Author,
            },
            calendar: CalendarConfig {
                count_tentative: true,
                count_transparent: false,
                max_event_hours: 12.0,
            },
            working_hours: WorkingHours {
                days: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ],
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            },
            use_default_rules: true,
            rules: Vec::new(),
            managers: Vec::new(),
        }
    }
}

impl Thresholds {
    /// The band of a team size: the first whose `max_reports` ≥ reports; a
    /// band without `max_reports` takes the rest.
    pub fn band_for(&self, reports: u32) -> &Band {
        self.bands
            .iter()
            .find(|b| b.max_reports.is_none_or(|max| reports <= max))
            .unwrap_or_else(|| {
                self.bands
                    .last()
                    .expect("validation keeps at least one band")
            })
    }
}

// ---------------------------------------------------------------------------
// The file as written: every key optional, unknown keys refused.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<String>,
    #[serde(default)]
    thresholds: RawThresholds,
    #[serde(default)]
    git: RawGit,
    #[serde(default)]
    calendar: RawCalendar,
    #[serde(default)]
    working_hours: RawWorkingHours,
    use_default_rules: Option<bool>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawRule>,
    #[serde(default, rename = "manager")]
    managers: Vec<RawManager>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    bands: Option<Vec<RawBand>>,
    watch_margin_pct: Option<f64>,
    min_tracked_hours: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: Option<String>,
    max_reports: Option<i64>,
    limit_pct: f64,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawGit {
    session_gap_minutes: Option<i64>,
    session_lead_minutes: Option<i64>,
    include_merges: Option<bool>,
    timestamp: Option<Timestamp>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    count_tentative: Option<bool>,
    count_transparent: Option<bool>,
    max_event_hours: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWorkingHours {
    days: Option<Vec<String>>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    category: Option<String>,
    kind: String,
    title: Option<String>,
    description: Option<String>,
    location: Option<String>,
    categories: Option<String>,
    attendees: Option<toml::Value>,
    organizer_is_me: Option<bool>,
    calendar: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManager {
    name: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    reports: Option<i64>,
    timezone: Option<String>,
    #[serde(default)]
    calendars: Vec<String>,
    #[serde(default)]
    repos: Vec<String>,
    #[serde(default)]
    git_logs: Vec<String>,
}

/// Reads and validates a config file.
pub fn load(path: &Path) -> Result<Config> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| anyhow!("cannot read config '{shown}': {}", e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = line_of(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        anyhow!("{shown}:{line}: the config is not UTF-8 text")
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    parse(&text, &shown.to_string(), folder)
}

/// Parses config text; `shown` names it in errors, `folder` resolves paths.
pub fn parse(text: &str, shown: &str, folder: &Path) -> Result<Config> {
    // Values quoted in an error stay on its one line.
    parse_lines(text, shown, folder).map_err(|e| anyhow!(crate::warning::one_line(e.to_string())))
}

fn parse_lines(text: &str, shown: &str, folder: &Path) -> Result<Config> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        let mut message = e.message().trim().replace('\n', " ");
        // A top-level key written after a [table] belongs to that table.
        if let Some(key) = ["timezone", "use_default_rules"]
            .iter()
            .find(|k| message.starts_with(&format!("unknown field `{k}`")))
        {
            message.push_str(&format!(
                " (top-level keys like `{key}` must come before the first [table])"
            ));
        }
        anyhow!("{shown}:{line}: {message}")
    })?;
    let fail = |key: &str, message: String| -> anyhow::Error {
        anyhow!("{shown}:{}: {key}: {message}", key_line(text, key))
    };

    let mut config = Config::default();
    if let Some(tz) = &raw.timezone {
        config.timezone = Some(parse_zone(tz).map_err(|m| fail("timezone", m))?);
    }

    let t = &raw.thresholds;
    if let Some(bands) = &t.bands {
        if bands.is_empty() {
            return Err(fail("thresholds.bands", "needs at least one band".into()));
        }
        let default_names = ["small", "medium", "large"];
        let mut previous: Option<u32> = None;
        config.thresholds.bands.clear();
        for (i, b) in bands.iter().enumerate() {
            let key = format!("thresholds.bands[{i}]");
            if !(0.0..=100.0).contains(&b.limit_pct) || !b.limit_pct.is_finite() {
                return Err(fail(
                    &format!("{key}.limit_pct"),
                    format!("{} is not a percentage between 0 and 100", b.limit_pct),
                ));
            }
            let max = match b.max_reports {
                Some(m) if m < 0 => {
                    return Err(fail(
                        &format!("{key}.max_reports"),
                        format!("{m} is negative"),
                    ))
                }
                Some(m) => Some(u32::try_from(m).unwrap_or(u32::MAX)),
                None if i + 1 < bands.len() => {
                    return Err(fail(
                        &format!("{key}.max_reports"),
                        "only the last band may leave out max_reports".into(),
                    ))
                }
                None => None,
            };
            if let (Some(p), Some(m)) = (previous, max) {
                if m <= p {
                    return Err(fail(
                        &format!("{key}.max_reports"),
                        format!("bands out of order: {m} is not above the previous band's {p}"),
                    ));
                }
            }
            previous = max.or(previous);
            let name = b.name.clone().unwrap_or_else(|| {
                default_names
                    .get(i)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| format!("band {}", i + 1))
            });
            config.thresholds.bands.push(Band {
                name,
                max_reports: max,
                limit_pct: b.limit_pct,
            });
        }
    }
    if let Some(m) = t.watch_margin_pct {
        if !(0.0..=100.0).contains(&m) {
            return Err(fail(
                "thresholds.watch_margin_pct",
                format!("{m} is not a percentage between 0 and 100"),
            ));
        }
        config.thresholds.watch_margin_pct = m;
    }
    if let Some(h) = t.min_tracked_hours {
        if h < 0.0 || !h.is_finite() {
            return Err(fail(
                "thresholds.min_tracked_hours",
                format!("{h} hours is negative"),
            ));
        }
        config.thresholds.min_tracked_hours = h;
    }

    let g = &raw.git;
    for (key, value, slot) in [
        (
            "git.session_gap_minutes",
            g.session_gap_minutes,
            &mut config.git.session_gap_minutes,
        ),
        (
            "git.session_lead_minutes",
            g.session_lead_minutes,
            &mut config.git.session_lead_minutes,
        ),
    ] {
        if let Some(v) = value {
            if !(0..=7 * 24 * 60).contains(&v) {
                return Err(fail(
                    key,
                    format!("{v} minutes is not between 0 and one week"),
                ));
            }
            *slot = v as u32;
        }
    }
    if let Some(m) = g.include_merges {
        config.git.include_merges = m;
    }
    if let Some(ts) = g.timestamp {
        config.git.timestamp = ts;
    }

    let c = &raw.calendar;
    if let Some(v) = c.count_tentative {
        config.calendar.count_tentative = v;
    }
    if let Some(v) = c.count_transparent {
        config.calendar.count_transparent = v;
    }
    if let Some(h) = c.max_event_hours {
        if h <= 0.0 || !h.is_finite() {
            return Err(fail(
                "calendar.max_event_hours",
                format!("{h} hours must be above 0"),
            ));
        }
        config.calendar.max_event_hours = h;
    }

    let w = &raw.working_hours;
    if let Some(days) = &w.days {
        config.working_hours.days = days
            .iter()
            .map(|d| {
                parse_weekday(d).ok_or_else(|| {
                    fail(
                        "working_hours.days",
                        format!("'{d}' is not a day like \"mon\""),
                    )
                })
            })
            .collect::<Result<_>>()?;
    }
    if let Some(s) = &w.start {
        config.working_hours.start = parse_clock(s).ok_or_else(|| {
            fail(
                "working_hours.start",
                format!("'{s}' is not a time like \"09:00\""),
            )
        })?;
    }
    if let Some(s) = &w.end {
        config.working_hours.end = parse_clock(s).ok_or_else(|| {
            fail(
                "working_hours.end",
                format!("'{s}' is not a time like \"18:00\""),
            )
        })?;
    }
    if config.working_hours.end <= config.working_hours.start {
        return Err(fail(
            "working_hours.end",
            "must be after working_hours.start".into(),
        ));
    }

    if let Some(v) = raw.use_default_rules {
        config.use_default_rules = v;
    }

    for (i, r) in raw.rules.iter().enumerate() {
        let key = |k: &str| format!("rule[{}].{k}", i + 1);
        let kind: Kind = r.kind.parse().map_err(|m: String| fail(&key("kind"), m))?;
        let regex = |k: &str, v: &Option<String>| -> Result<Option<Regex>> {
            v.as_deref()
                .map(|p| {
                    Regex::new(p).map_err(|e| {
                        fail(&key(k), format!("bad regex: {}", one_line(&e.to_string())))
                    })
                })
                .transpose()
        };
        let attendees = match &r.attendees {
            None => None,
            Some(toml::Value::Integer(n)) if *n >= 0 => Some(AttendeeCount {
                min: *n as u32,
                max: *n as u32,
            }),
            Some(toml::Value::String(s)) => {
                Some(s.parse().map_err(|m| fail(&key("attendees"), m))?)
            }
            Some(other) => {
                return Err(fail(
                    &key("attendees"),
                    format!("{other} is not an attendee count like \">=3\", \"2\" or \"1..=4\""),
                ))
            }
        };
        config.rules.push(Rule {
            category: r
                .category
                .clone()
                .unwrap_or_else(|| kind.as_str().to_string()),
            kind,
            title: regex("title", &r.title)?,
            description: regex("description", &r.description)?,
            location: regex("location", &r.location)?,
            categories: regex("categories", &r.categories)?,
            attendees,
            organizer_is_me: r.organizer_is_me,
            calendar: regex("calendar", &r.calendar)?,
        });
    }

    let resolve = |p: &String| -> String {
        if p == "-" || Path::new(p).is_absolute() {
            p.clone()
        } else {
            folder.join(p).to_string_lossy().into_owned()
        }
    };
    for (i, m) in raw.managers.iter().enumerate() {
        let key = |k: &str| format!("manager[{}].{k}", i + 1);
        let name = match m.name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => {
                return Err(anyhow!(
                    "{shown}:{}: manager[{}] has no name: every [[manager]] needs name = \"...\"",
                    key_line(text, &key("name")),
                    i + 1
                ))
            }
        };
        let reports = match m.reports {
            Some(r) if r < 0 => return Err(fail(&key("reports"), format!("{r} is negative"))),
            Some(r) => Some(u32::try_from(r).unwrap_or(u32::MAX)),
            None => None,
        };
        let timezone = m
            .timezone
            .as_deref()
            .map(parse_zone)
            .transpose()
            .map_err(|msg| fail(&key("timezone"), msg))?;
        config.managers.push(ManagerConfig {
            name,
            emails: m.emails.iter().map(|e| normalise_email(e)).collect(),
            reports,
            timezone,
            calendars: m.calendars.iter().map(resolve).collect(),
            repos: m.repos.iter().map(resolve).collect(),
            git_logs: m.git_logs.iter().map(resolve).collect(),
        });
    }
    let mut names = std::collections::HashSet::new();
    for m in &config.managers {
        if !names.insert(m.name.to_lowercase()) {
            bail!(
                "{shown}: two managers are named '{}': names must be unique",
                m.name
            );
        }
    }
    Ok(config)
}

/// An IANA zone name, as chrono-tz knows them.
pub fn parse_zone(name: &str) -> std::result::Result<Tz, String> {
    name.trim()
        .parse::<Tz>()
        .map_err(|_| format!("unknown time zone '{name}': use an IANA name like \"Europe/Berlin\""))
}

/// Lower-case, without `mailto:`, trimmed: how addresses are compared.
pub fn normalise_email(e: &str) -> String {
    let t = e.trim();
    let t = t
        .strip_prefix("mailto:")
        .or_else(|| t.strip_prefix("MAILTO:"))
        .unwrap_or(t);
    t.to_lowercase()
}

fn parse_weekday(d: &str) -> Option<Weekday> {
    let t = d.trim().to_lowercase();
    if t.len() < 3 {
        return None;
    }
    t.parse::<Weekday>().ok()
}

fn parse_clock(s: &str) -> Option<NaiveTime> {
    let t = s.trim();
    if t == "24:00" {
        return NaiveTime::from_hms_opt(23, 59, 59);
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

/// The line a semantic error points at, for keys like `git.timestamp`,
/// `rule[2].title` or `thresholds.bands[1].max_reports`: the key's line
/// inside its table (the n-th `[[rule]]` for arrays of tables), else the
/// table's header, else line 1.
fn key_line(text: &str, key: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let (table, leaf) = key.split_once('.').unwrap_or(("", key));
    let leaf = leaf.split(['.', '[']).next().unwrap_or(leaf);
    // Where the table starts, and where the next one starts.
    let (start, header) = match table.split_once('[') {
        Some((name, n)) if matches!(name, "rule" | "manager") => {
            let n: usize = n.trim_end_matches(']').parse().unwrap_or(1);
            let header = format!("[[{name}]]");
            match lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.trim() == header)
                .nth(n.saturating_sub(1))
            {
                Some((i, _)) => (i + 1, true),
                None => (0, false),
            }
        }
        _ if !table.is_empty() && !table.contains('[') => {
            let header = format!("[{table}]");
            match lines.iter().position(|l| l.trim() == header) {
                Some(i) => (i + 1, true),
                None => (0, false),
            }
        }
        _ => (0, false),
    };
    let section = lines[start..]
        .iter()
        .take_while(|l| !(header && l.trim_start().starts_with('[') && !l.contains('=')));
    for (i, l) in section.enumerate() {
        let t = l.trim_start();
        if t.starts_with(leaf) && t[leaf.len()..].trim_start().starts_with('=') {
            return start + i + 1;
        }
    }
    // A key given inline (bands = [...]) or not found: its table's header.
    if header {
        start
    } else {
        lines
            .iter()
            .position(|l| l.contains(leaf))
            .map(|i| i + 1)
            .unwrap_or(1)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
