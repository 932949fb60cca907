//! Reading shares: untrusted files from other people. A file is capped in
//! size before it is read, parsed as JSON, and checked whole; every error is
//! one line naming the file and, where it helps, the JSON path
//! (`weeks[2].hours.tracked`). Nothing is guessed: a figure that is missing,
//! negative, not a number, more than the week holds, or that does not add
//! up is an error, never a default. Keys this version does not know are
//! ignored (the format, like `twohats/v1`, only ever adds keys), except in
//! `warnings`, whose keys must be kinds from a fixed list. The share's
//! `coding_share_pct` is for people: the reader counts its own from the
//! hours.

use super::write::WARNING_KINDS;
use super::{MAX_BYTES, SCHEMA};
use crate::figures::advice::{Advice, CodingItem, ItemKind, LARGEST_ITEMS};
use crate::figures::coverage::Coverage;
use crate::figures::{share, Verdict, WeekFigures};
use crate::period::Week;
use crate::Warning;
use anyhow::{anyhow, bail, Context, Result};
use chrono_tz::Tz;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one manager's share files hold, merged by week.
#[derive(Debug, Clone)]
pub struct SharedManager {
    /// The files read, as the user named them.
    pub files: Vec<String>,
    pub name: String,
    pub zone: Tz,
    /// Each week's figures (verdicts left for the reader's thresholds).
    pub weeks: BTreeMap<Week, WeekFigures>,
    /// The warning counts the shares carry, one warning per file.
    pub warnings: Vec<Warning>,
    reports: Vec<(String, Option<u32>)>,
    groups: Vec<(String, Option<String>)>,
}

/// One share file, checked.
#[derive(Debug, Clone)]
struct Share {
    file: String,
    name: String,
    reports: Option<u32>,
    zone: Tz,
    group: Option<String>,
    weeks: BTreeMap<Week, WeekFigures>,
    warnings: BTreeMap<String, u64>,
}

/// Reads one manager's shares: files, and folders of `*.json` files.
/// Several files merge by week; the same week with different figures in
/// two files is an error naming both.
pub fn read_manager(paths: &[String]) -> Result<SharedManager> {
    let files = expand(paths)?;
    let mut shares = files.iter().map(|f| read_file(f));
    let first = shares.next().expect("expand gives at least one file")?;
    let mut m = SharedManager {
        files: vec![first.file.clone()],
        name: first.name.clone(),
        zone: first.zone,
        weeks: BTreeMap::new(),
        warnings: Vec::new(),
        reports: Vec::new(),
        groups: Vec::new(),
    };
    let mut week_files: BTreeMap<Week, String> = BTreeMap::new();
    for s in std::iter::once(Ok(first)).chain(shares) {
        let s = s?;
        let a = &m.files[0];
        if s.name != m.name {
            bail!(
                "{a} is a share of '{}' and {} of '{}': give each manager their own files",
                m.name,
                s.file,
                s.name
            );
        }
        if s.zone != m.zone {
            bail!(
                "{a} and {} cut weeks in different zones ({} and {}): one manager's shares must use one zone",
                s.file,
                m.zone.name(),
                s.zone.name()
            );
        }
        merge_weeks(&mut m.weeks, &mut week_files, &s)?;
        if !s.warnings.is_empty() {
            m.warnings.push(warning_counts(&s));
        }
        if !m.files.contains(&s.file) {
            m.files.push(s.file.clone());
        }
        m.reports.push((s.file.clone(), s.reports));
        m.groups.push((s.file, s.group));
    }
    Ok(m)
}

impl SharedManager {
    /// The reports the shares give; files that disagree are an error (the
    /// director's `reports` settles it).
    pub fn reports(&self) -> Result<Option<u32>> {
        agreed(&self.reports, "reports", |r| {
            r.map_or("none".to_string(), |n| n.to_string())
        })
    }

    /// The group the shares give; files that disagree are an error (the
    /// director's `group` settles it).
    pub fn group(&self) -> Result<Option<String>> {
        agreed(&self.groups, "group", |g| {
            g.as_deref()
                .map_or("none".to_string(), |g| format!("'{g}'"))
        })
    }
}

fn agreed<T: Clone + PartialEq>(
    given: &[(String, T)],
    key: &str,
    show: impl Fn(&T) -> String,
) -> Result<T> {
    let (first_file, first) = &given[0];
    if let Some((file, other)) = given.iter().find(|(_, v)| v != first) {
        bail!(
            "{first_file} and {file} disagree on {key} ({} and {}): give `{key}` for this manager in the config",
            show(first),
            show(other)
        );
    }
    Ok(first.clone())
}

fn merge_weeks(
    weeks: &mut BTreeMap<Week, WeekFigures>,
    week_files: &mut BTreeMap<Week, String>,
    s: &Share,
) -> Result<()> {
    for (week, figures) in &s.weeks {
        match weeks.get(week) {
            Some(held) if held != figures => bail!(
                "{} and {} both hold {week} with different figures: keep the newer file only",
                week_files[week],
                s.file
            ),
            Some(_) => {}
            None => {
                weeks.insert(*week, figures.clone());
                week_files.insert(*week, s.file.clone());
            }
        }
    }
    Ok(())
}

fn warning_counts(s: &Share) -> Warning {
    let total: u64 = s.warnings.values().sum();
    let kinds: Vec<String> = (s.warnings.iter())
        .map(|(kind, n)| format!("{kind}: {n}"))
        .collect();
    Warning::new(
        s.file.clone(),
        None,
        format!(
            "the manager's sources gave {total} warning(s) when this share was written ({})",
            kinds.join(", ")
        ),
    )
}

/// The files named: a file as it is, a folder as its `*.json` files in
/// name order.
fn expand(paths: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if !path.is_dir() {
            files.push(path.to_path_buf());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .with_context(|| format!("cannot read the share folder '{p}'"))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            // A link to nothing named *.json is kept: reading it says so
            // (skipped, its weeks would go missing in silence).
            .filter(|f| {
                !f.is_dir()
                    && f.extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            })
            .collect();
        if found.is_empty() {
            bail!("{p}: no share (*.json) in this folder");
        }
        found.sort();
        files.extend(found);
    }
    files.dedup();
    if files.is_empty() {
        bail!("no share file given");
    }
    Ok(files)
}

/// One share file, read (at most [`MAX_BYTES`]) and checked.
fn read_file(path: &Path) -> Result<Share> {
    let shown = path.display().to_string();
    let value = load_json(path, &shown)?;
    // Messages quote the file's text: one line whatever it holds.
    let fail = |message: String| anyhow!("{shown}: {}", crate::warning::one_line(message));
    let top = value
        .as_object()
        .ok_or_else(|| fail(format!("is {}, not a twohats share", kind(&value))))?;
    check_schema(top).map_err(fail)?;
    let manager = get(top, "manager", "").and_then(|m| object(m, "manager"));
    let manager = manager.map_err(fail)?;
    let (name, reports, zone, group) = parse_manager(manager).map_err(fail)?;
    let weeks = parse_weeks(get(top, "weeks", "").map_err(fail)?, zone).map_err(fail)?;
    check_ended(top, &weeks, zone).map_err(fail)?;
    let warnings = parse_warnings(top).map_err(fail)?;
    Ok(Share {
        file: shown,
        name,
        reports,
        zone,
        group,
        weeks,
        warnings,
    })
}

/// A share holds complete weeks only: each week ended by the time the share
/// says it was written (`generated`, when given), in the manager's zone.
fn check_ended(
    top: &Map<String, Value>,
    weeks: &BTreeMap<Week, WeekFigures>,
    zone: Tz,
) -> std::result::Result<(), String> {
    let generated = match top.get("generated") {
        None | Some(Value::Null) => return Ok(()),
        Some(v) => text(v, "generated")?,
    };
    let at = crate::period::rfc3339_utc(generated)
        .ok_or_else(|| format!("generated: '{generated}' is not an RFC 3339 time"))?;
    match weeks.keys().find(|w| w.bounds(zone).1 > at) {
        Some(week) => Err(format!(
            "{week} had not ended when the share was written ({generated}); a share holds complete weeks only"
        )),
        None => Ok(()),
    }
}

/// The file's JSON, refused unread when it is larger than a share can be.
fn load_json(path: &Path, shown: &str) -> Result<Value> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read share '{shown}'"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let too_big = |size: u64| {
        anyhow!(
            "{shown}: {} MiB is more than a share can be ({} MiB); is it the right file?",
            // Up: a file just over the cap must not read as the cap.
            size.div_ceil(1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        )
    };
    if size > MAX_BYTES {
        return Err(too_big(size));
    }
    let mut bytes = Vec::new();
    (file.take(MAX_BYTES + 1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read share '{shown}'"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    serde_json::from_slice(text).map_err(|e| anyhow!("{shown}: not JSON: {e}"))
}

fn check_schema(top: &Map<String, Value>) -> std::result::Result<(), String> {
    let schema = match top.get("schema") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => return Err(format!("schema: {} is not a schema name", kind(other))),
        None => return Err(format!("no schema: not a twohats share ({SCHEMA})")),
    };
    if schema == SCHEMA {
        Ok(())
    } else if schema == crate::report::json::SCHEMA {
        Err(format!(
            "schema is '{schema}': a report, not a share; write one with `twohats share`"
        ))
    } else if schema.starts_with("twohats-share/") {
        Err(format!(
            "schema is '{schema}'; this twohats reads {SCHEMA}: update twohats, or ask for a {SCHEMA} file"
        ))
    } else {
        Err(format!(
            "schema is '{schema}': not a twohats share ({SCHEMA})"
        ))
    }
}

type Parsed<T> = std::result::Result<T, String>;
type ManagerMeta = (String, Option<u32>, Tz, Option<String>);

fn parse_manager(m: &Map<String, Value>) -> Parsed<ManagerMeta> {
    let name = plain_text(get(m, "name", "manager")?, "manager.name")?.trim();
    if name.is_empty() {
        return Err("manager.name: is empty".to_string());
    }
    let reports = match get(m, "reports", "manager")? {
        Value::Null => None,
        v => Some(count(v, "manager.reports")?),
    };
    let zone_name = text(get(m, "timezone", "manager")?, "manager.timezone")?;
    let zone =
        crate::config::parse_zone(zone_name).map_err(|e| format!("manager.timezone: {e}"))?;
    let group = match m.get("group") {
        None | Some(Value::Null) => None,
        Some(v) => match plain_text(v, "manager.group")?.trim() {
            "" => return Err("manager.group: is empty".to_string()),
            g => Some(g.to_string()),
        },
    };
    Ok((name.to_string(), reports, zone, group))
}

fn parse_weeks(v: &Value, zone: Tz) -> Parsed<BTreeMap<Week, WeekFigures>> {
    let list = v
        .as_array()
        .ok_or_else(|| format!("weeks: is {}, not a list of weeks", kind(v)))?;
    let mut weeks: BTreeMap<Week, (usize, WeekFigures)> = BTreeMap::new();
    for (i, w) in list.iter().enumerate() {
        let at = format!("weeks[{i}]");
        let figures = parse_week(w, &at, zone)?;
        if let Some((first, _)) = weeks.get(&figures.week) {
            return Err(format!(
                "{at}: {} appears twice (also weeks[{first}])",
                figures.week
            ));
        }
        weeks.insert(figures.week, (i, figures));
    }
    Ok(weeks.into_iter().map(|(k, (_, f))| (k, f)).collect())
}

/// One week's figures, checked: hours are numbers ≥ 0, the kinds add up
/// to `tracked` and the categories too (0.01 h of rounding per term), no
/// figure is more than the week's own length in the manager's zone (168 h,
/// or 167 / 169 with a clock change), after-hours coding is part of coding.
fn parse_week(v: &Value, at: &str, zone: Tz) -> Parsed<WeekFigures> {
    let w = object(v, at)?;
    let week = parse_week_name(get(w, "week", at)?, &format!("{at}.week"))?;
    check_start(w, at, week)?;
    let (from, to) = week.bounds(zone);
    let length = (to - from).num_seconds() as f64 / 3600.0;
    let [coding, people, other, tracked] = parse_kinds(w, at, length, week)?;
    let categories = parse_categories(
        get(w, "categories", at)?,
        &format!("{at}.categories"),
        length,
        week,
    )?;
    let category_sum: f64 = categories.values().sum();
    adds_up(
        category_sum,
        tracked,
        categories.len().max(1),
        &format!("{at}.categories"),
        "the categories",
    )?;
    let after = parse_after_hours(w, at, length, week, coding)?;
    let seconds = |h: f64| (h * 3600.0).round() as i64;
    let largest_coding = (parse_items(w, at, coding, &categories)?.into_iter())
        .map(|(kind, label, h)| {
            // A share labels items by category.
            let label: Arc<str> = label.into();
            CodingItem {
                kind,
                category: label.clone(),
                label,
                titled: false,
                seconds: seconds(h),
            }
        })
        .collect();
    Ok(WeekFigures {
        week,
        coding: seconds(coding),
        people: seconds(people),
        other: seconds(other),
        tracked: seconds(tracked),
        categories: (categories.into_iter())
            .map(|(k, h)| (k.into(), seconds(h)))
            .collect(),
        after_hours_coding: seconds(after),
        commits: count(get(w, "commits", at)?, &format!("{at}.commits"))?,
        sessions: count(get(w, "sessions", at)?, &format!("{at}.sessions"))?,
        events: count(get(w, "events", at)?, &format!("{at}.events"))?,
        // Shares written before reviews were read have none.
        reviews: match w.get("reviews") {
            Some(v) => count(v, &format!("{at}.reviews"))?,
            None => 0,
        },
        coding_share_pct: share(seconds(coding), seconds(tracked)),
        verdict: Verdict::InsufficientData,
        advice: Advice {
            largest_coding,
            ..Advice::default()
        },
        coverage: parse_coverage(w, at)?,
        status: crate::period::Status::Complete,
        progress: None,
    })
}

/// `one_on_ones` (optional: a manager without a team has none): the counts
/// `team`, `met` and `overdue`, and nothing that names a member. A member
/// met this week is not overdue, so met + overdue ≤ team.
fn parse_coverage(w: &Map<String, Value>, at: &str) -> Parsed<Option<Coverage>> {
    let Some(v) = w.get("one_on_ones") else {
        return Ok(None);
    };
    let at = format!("{at}.one_on_ones");
    let c = object(v, &at)?;
    if let Some(key) = c
        .keys()
        .find(|k| !["team", "met", "overdue"].contains(&k.as_str()))
    {
        return Err(format!(
            "{at}.{key}: a share carries the counts team, met and overdue only"
        ));
    }
    let [team, met, overdue] =
        ["team", "met", "overdue"].map(|k| count(get(c, k, &at)?, &format!("{at}.{k}")));
    let (team, met, overdue) = (team?, met?, overdue?);
    if u64::from(met) + u64::from(overdue) > u64::from(team) {
        return Err(format!(
            "{at}: {met} met and {overdue} overdue are more than the team of {team}"
        ));
    }
    Ok(Some(Coverage {
        team,
        met,
        overdue,
        members: Vec::new(),
    }))
}

/// `start`, when given, is the week's Monday.
fn check_start(w: &Map<String, Value>, at: &str, week: Week) -> Parsed<()> {
    if let Some(start) = w.get("start") {
        let monday = week.monday().to_string();
        if text(start, &format!("{at}.start"))? != monday {
            return Err(format!(
                "{at}.start: {start} is not the Monday of {week} ({monday})"
            ));
        }
    }
    Ok(())
}

/// The hours of each kind and tracked, which they add up to.
fn parse_kinds(w: &Map<String, Value>, at: &str, length: f64, week: Week) -> Parsed<[f64; 4]> {
    let hours_at = format!("{at}.hours");
    let h = object(get(w, "hours", at)?, &hours_at)?;
    let mut kinds = [0.0; 4];
    for (slot, key) in kinds
        .iter_mut()
        .zip(["coding", "people", "other", "tracked"])
    {
        *slot = hours_within(
            get(h, key, &hours_at)?,
            &format!("{hours_at}.{key}"),
            length,
            week,
        )?;
    }
    let [coding, people, other, tracked] = kinds;
    adds_up(
        coding + people + other,
        tracked,
        3,
        &hours_at,
        "coding + people + other",
    )?;
    Ok(kinds)
}

/// After-hours coding: hours, and part of the week's coding.
fn parse_after_hours(
    w: &Map<String, Value>,
    at: &str,
    length: f64,
    week: Week,
    coding: f64,
) -> Parsed<f64> {
    let after = hours_within(
        get(w, "after_hours_coding", at)?,
        &format!("{at}.after_hours_coding"),
        length,
        week,
    )?;
    if after > coding + 0.01 + 1e-9 {
        return Err(format!(
            "{at}.after_hours_coding: {} h is more than the week's coding ({} h)",
            shown(after),
            shown(coding)
        ));
    }
    Ok(after)
}

/// `largest_coding` (optional: shares written before it have none): at
/// most 3 items, each labelled by one of the week's categories (calendar)
/// or "commits" (git), so a share cannot smuggle a title into a report,
/// with no more hours than the week's coding.
fn parse_items(
    w: &Map<String, Value>,
    at: &str,
    coding: f64,
    categories: &BTreeMap<String, f64>,
) -> Parsed<Vec<(ItemKind, String, f64)>> {
    let Some(v) = w.get("largest_coding") else {
        return Ok(Vec::new());
    };
    let at = format!("{at}.largest_coding");
    let list = (v.as_array()).ok_or_else(|| format!("{at}: is {}, not a list", kind(v)))?;
    if list.len() > LARGEST_ITEMS {
        return Err(format!(
            "{at}: {} items, more than {LARGEST_ITEMS}",
            list.len()
        ));
    }
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let item = object(item, &at)?;
        let label = plain_text(get(item, "label", &at)?, &format!("{at}.label"))?;
        let source = text(get(item, "source", &at)?, &format!("{at}.source"))?;
        let kind = match source {
            "calendar" if categories.contains_key(label) => ItemKind::Event,
            "git" if label == "commits" => ItemKind::Repository,
            "forge" if label == crate::forge::REVIEW_CATEGORY => ItemKind::Reviews,
            "calendar" | "git" | "forge" => {
                return Err(format!(
                    "{at}.label: '{label}' is not a category of the week (a share labels items by category, \"commits\" for git, \"code review\" for forge)"
                ))
            }
            _ => return Err(format!("{at}.source: '{source}' is not \"calendar\", \"git\" or \"forge\"")),
        };
        let h = (get(item, "hours", &at)?.as_f64())
            .filter(|h| h.is_finite() && *h >= 0.0 && *h <= coding + 0.01 + 1e-9)
            .ok_or_else(|| {
                format!(
                    "{at}.hours: not a number of hours from 0 to the week's coding ({} h)",
                    shown(coding)
                )
            })?;
        out.push((kind, label.to_string(), h));
    }
    Ok(out)
}

fn parse_week_name(v: &Value, at: &str) -> Parsed<Week> {
    let s = text(v, at)?;
    let not_a_week = || format!("{at}: '{s}' is not an ISO week like 2026-W47");
    let week: Week = s.parse().map_err(|_| not_a_week())?;
    if week.to_string() != s {
        return Err(not_a_week());
    }
    Ok(week)
}

fn parse_categories(v: &Value, at: &str, length: f64, week: Week) -> Parsed<BTreeMap<String, f64>> {
    let map = object(v, at)?;
    let mut out = BTreeMap::new();
    for (name, hours) in map {
        if name.trim().is_empty() {
            return Err(format!("{at}: a category has no name"));
        }
        plain_text(
            &Value::String(name.clone()),
            &format!("{at}: a category name"),
        )?;
        let at = format!("{at}[\"{name}\"]");
        let h = hours_within(hours, &at, length, week)?;
        // `twohats share` lists only categories with time that week: at
        // least a second, which its 4 decimals always show.
        if (h * 3600.0).round() < 1.0 {
            return Err(format!(
                "{at}: {} h is no time; a share lists only categories with time",
                shown(h)
            ));
        }
        out.insert(name.clone(), h);
    }
    Ok(out)
}

/// A number of hours: finite, not negative, at most the week's length.
fn hours_within(v: &Value, at: &str, length: f64, week: Week) -> Parsed<f64> {
    let h = match v.as_f64() {
        Some(h) if h.is_finite() => h,
        _ => return Err(format!("{at}: {} is not a number of hours", kind(v))),
    };
    if h < 0.0 {
        return Err(format!("{at}: {} h is negative", shown(h)));
    }
    if h > length + 1e-9 {
        return Err(format!(
            "{at}: {} h is more than the {} h in {week}",
            shown(h),
            shown(length)
        ));
    }
    Ok(h)
}

/// Most rounding all the terms of a sum may add up to: shares give hours
/// to 4 decimals, so many terms never come near it, and padding a week
/// with hundreds of tiny categories cannot make any sum pass.
const MAX_ROUNDING_HOURS: f64 = 0.25;

/// `sum` is `total` within 0.01 h of rounding per term, at most
/// [`MAX_ROUNDING_HOURS`] in all.
fn adds_up(sum: f64, total: f64, terms: usize, at: &str, what: &str) -> Parsed<()> {
    let rounding = (0.01 * terms as f64).min(MAX_ROUNDING_HOURS);
    if (sum - total).abs() > rounding + 1e-9 {
        return Err(format!(
            "{at}: {what} = {} h, not tracked ({} h)",
            shown(sum),
            shown(total)
        ));
    }
    Ok(())
}

/// `warnings`: counts per kind, each kind from the writer's fixed list.
fn parse_warnings(top: &Map<String, Value>) -> Parsed<BTreeMap<String, u64>> {
    let Some(v) = top.get("warnings") else {
        return Ok(BTreeMap::new());
    };
    let map = object(v, "warnings")?;
    let mut out = BTreeMap::new();
    for (key, n) in map {
        // The kinds come from a fixed list: any other key is text the
        // report would show, and a share brings no text into a report.
        if !WARNING_KINDS.contains(&key.as_str()) {
            return Err(format!(
                "warnings: {} is not a kind of warning (a share counts warnings as {})",
                kind(&Value::String(key.clone())),
                WARNING_KINDS.join(", ")
            ));
        }
        let n = count(n, &format!("warnings[\"{key}\"]"))?;
        if n > 0 {
            out.insert(key.clone(), u64::from(n));
        }
    }
    Ok(out)
}

fn get<'a>(m: &'a Map<String, Value>, key: &str, at: &str) -> Parsed<&'a Value> {
    m.get(key).ok_or_else(|| match at {
        "" => format!("{key}: missing"),
        at => format!("{at}.{key}: missing"),
    })
}

fn object<'a>(v: &'a Value, at: &str) -> Parsed<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| format!("{at}: is {}, not an object", kind(v)))
}

fn text<'a>(v: &'a Value, at: &str) -> Parsed<&'a str> {
    v.as_str()
        .ok_or_else(|| format!("{at}: is {}, not text", kind(v)))
}

/// Text shown in reports (a name, a group, a category): no control
/// characters, which would break a report's lines.
fn plain_text<'a>(v: &'a Value, at: &str) -> Parsed<&'a str> {
    let s = text(v, at)?;
    if s.chars().any(char::is_control) {
        return Err(format!("{at}: holds a control character"));
    }
    Ok(s)
}

fn count(v: &Value, at: &str) -> Parsed<u32> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("{at}: {} is not a count (a whole number from 0)", kind(v)))
}

/// A value as an error shows it: numbers and short text as they are, the
/// rest by kind.
fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
        Value::String(_) => "long text".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// Hours as an error shows them: up to 4 decimals, no trailing zeros.
fn shown(h: f64) -> String {
    if h.abs() >= 1e9 {
        return format!("{h:e}");
    }
    let rounded = (h * 10_000.0).round() / 10_000.0;
    format!("{rounded}")
}
