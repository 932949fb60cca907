//! Flags + config → the managers to read and the weeks to cover, decided
//! once for every command (ripgrep's HiArgs). Nothing is read here: the
//! sources are read in `crate::gather`.
//!
//! Which config: `--config FILE`; else, when no flag names a source
//! (`--ics`, `--caldav`, `--repo`, `--git-log`, `--figures`), the user's own config
//! ([`user_config_path`]); else none. Flags for one manager then replace the
//! config's single manager or add one.

use crate::classify::Classifier;
use crate::cli::{DateRange, DoctorArgs, ExplainArgs, ReportArgs, ShareArgs, Sources, WeekArgs};
use crate::config::{self, Config, ManagerConfig};
use crate::figures;
use crate::intervals::Manager;
use crate::period::{self, Week};
use anyhow::{anyhow, bail, Result};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use std::path::PathBuf;

/// The config and the managers to report on, flags merged in.
pub struct Setup {
    pub config: Config,
    /// The config file read (`--config` or the user's own), if any.
    pub config_path: Option<PathBuf>,
    pub managers: Vec<Manager>,
    pub classifier: Classifier,
    /// The config's `timezone`, else the system's: the zone of a manager
    /// who gives none, and of the person running several managers' view.
    pub default_zone: Tz,
    /// `--today` / `TWOHATS_TODAY`, else None: the clock.
    pub given_now: Option<period::GivenNow>,
    /// The clock, read once.
    pub clock: DateTime<Utc>,
    pub strict: bool,
    /// `[network]` with `--offline` and `--caldav-user`.
    pub network: crate::net::Options,
    /// Whether the weeks get their trends (rolling share, week-over-week
    /// change), for which the 3 weeks before them are read too. A share
    /// carries no trends: `share` turns this off.
    pub trends: bool,
    /// Whether repositories are read whole (what `doctor` counts), not
    /// only back from HEAD to what the weeks need.
    pub whole_git_history: bool,
}

/// What a command's flags say about its weeks: a date range
/// wins, then `--weeks N`, then `--week`, else the last `default_weeks`
/// complete weeks.
#[derive(Debug, Clone, Copy)]
pub struct Period<'a> {
    pub week: Option<&'a str>,
    pub last: Option<u32>,
    pub range: Option<&'a DateRange>,
    pub default_weeks: u32,
}

impl WeekArgs {
    /// One week: `--week`, else the last complete one.
    pub fn period(&self) -> Period<'_> {
        Period {
            week: self.week.as_deref(),
            last: None,
            range: None,
            default_weeks: 1,
        }
    }
}

impl ReportArgs {
    /// `--weeks N` or `--from/--to`, else the last 4 complete weeks.
    pub fn period(&self) -> Period<'_> {
        Period {
            week: None,
            last: self.weeks,
            range: Some(&self.range),
            default_weeks: 4,
        }
    }
}

impl ExplainArgs {
    /// `--week` or `--from/--to`, else the last complete week.
    pub fn period(&self) -> Period<'_> {
        Period {
            week: self.week.as_deref(),
            last: None,
            range: Some(&self.range),
            default_weeks: 1,
        }
    }
}

impl DoctorArgs {
    /// `--week` or `--from/--to`, else the last 4 complete weeks.
    pub fn period(&self) -> Period<'_> {
        Period {
            week: self.week.as_deref(),
            last: None,
            range: Some(&self.range),
            default_weeks: 4,
        }
    }
}

impl ShareArgs {
    /// `--weeks N` or `--from/--to`, else the last 4 complete weeks.
    pub fn period(&self) -> Period<'_> {
        Period {
            week: None,
            last: self.weeks,
            range: Some(&self.range),
            default_weeks: 4,
        }
    }
}

impl Setup {
    pub fn from_sources(sources: &Sources) -> Result<Setup> {
        for (flag, user) in [("--github", &sources.github), ("--gitlab", &sources.gitlab)] {
            if user.as_ref().is_some_and(|u| u.trim().is_empty()) {
                bail!("{flag}: give the user name whose reviews to read");
            }
        }
        let (mut config, config_path, looked_at) = read_config(sources)?;
        let flag_zone = sources
            .tz
            .as_deref()
            .map(config::parse_zone)
            .transpose()
            .map_err(|m| anyhow!("--tz: {m}"))?;
        let configured = merge_flags(std::mem::take(&mut config.managers), sources, flag_zone);
        if configured.is_empty() {
            let mut message = "nothing to read: give --config FILE, or --ics / --repo / --git-log for one manager, or --figures for shared figures (see twohats --help)".to_string();
            if let Some(looked_at) = looked_at {
                message.push_str(&format!("; {looked_at}"));
            }
            bail!(message);
        }
        let default_zone = config.timezone.unwrap_or_else(system_zone);
        let descriptions = config.rules.iter().any(|r| r.description.is_some());
        let managers: Vec<Manager> = (configured.into_iter())
            .map(|m| Manager {
                api_calendars: crate::calendar::api::live::sources(
                    (&m.name, descriptions),
                    (m.outlook, m.google),
                    (m.outlook_files, m.google_files),
                ),
                forge: crate::forge::sources(&m.name, m.github, m.gitlab, m.forge_files),
                name: m.name,
                emails: m.emails,
                reports: m.reports,
                zone: m.timezone.unwrap_or(default_zone),
                calendars: (m.calendars.into_iter())
                    .chain(
                        m.caldav
                            .iter()
                            .map(|u| format!("{}{u}", crate::net::CALDAV_PREFIX)),
                    )
                    .collect(),
                repos: m.repos,
                git_logs: m.git_logs,
                figures: m.figures,
                group: m.group,
                team: m.team,
                shared: None,
            })
            .map(shared_manager_named)
            .collect::<Result<_>>()?;
        unique_names(&managers)?;
        stdin_once(&managers)?;
        let clock = Utc::now();
        let classifier = Classifier::new(&config.rules, config.use_default_rules);
        let network = crate::net::Options {
            offline: sources.offline,
            user: sources.caldav_user.clone(),
            ..crate::net::Options::of(config.network.timeout_seconds, config.network.max_megabytes)
        };
        Ok(Setup {
            config,
            config_path,
            managers,
            classifier,
            default_zone,
            given_now: sources.today,
            clock,
            strict: sources.strict,
            network,
            trends: true,
            whole_git_history: false,
        })
    }

    /// Now for a manager in `zone`: `--today` read in that zone, else the
    /// clock.
    pub fn now(&self, zone: Tz) -> DateTime<Utc> {
        self.given_now
            .map_or(self.clock, |given| given.instant(zone))
    }

    /// The date of now in `zone` (`--today`'s own date when it gives one).
    fn date_in(&self, zone: Tz) -> NaiveDate {
        match self.given_now {
            Some(given) => given.date(zone),
            None => self.clock.with_timezone(&zone).date_naive(),
        }
    }

    /// The date of now that `--week this` counts from: in the manager's
    /// zone, or, for several managers, in the zone of whoever runs their
    /// view (`default_zone`), whatever order the config lists them in.
    fn today(&self) -> NaiveDate {
        match self.managers.as_slice() {
            [only] => self.date_in(only.zone),
            _ => self.date_in(self.default_zone),
        }
    }

    /// The date of now where it is earliest among the managers' zones:
    /// "the last complete week" counts from it, so that it has ended for
    /// every manager (a CI job on Monday morning in Europe must not judge
    /// a week that is still Sunday for a manager in California).
    fn today_everywhere(&self) -> NaiveDate {
        (self.managers.iter().map(|m| self.date_in(m.zone)).min())
            .unwrap_or_else(|| self.date_in(self.default_zone))
    }

    /// The week of `--week` (`this`: the week containing now; `next`: the
    /// one after), else the last complete one.
    pub fn week(&self, given: Option<&str>) -> Result<Week> {
        match given.map(str::trim) {
            Some(w) if w.eq_ignore_ascii_case("this") => Ok(Week::containing(self.today())),
            Some(w) if w.eq_ignore_ascii_case("next") => Ok(Week::containing(self.today()).next()),
            Some(w) => w.parse().map_err(|e: anyhow::Error| anyhow!("--week: {e}")),
            None => Ok(period::last_complete_week(self.today_everywhere())),
        }
    }

    /// The weeks a command covers, in order.
    pub fn weeks(&self, period: Period) -> Result<Vec<Week>> {
        if let Some(DateRange {
            from: Some(from),
            to: Some(to),
        }) = period.range
        {
            return period::weeks_between(*from, *to);
        }
        match (period.last, period.week) {
            (Some(n), _) => period::last_weeks(self.today_everywhere(), n),
            (None, Some(week)) => Ok(vec![self.week(Some(week))?]),
            (None, None) => period::last_weeks(self.today_everywhere(), period.default_weeks),
        }
    }

    /// The weeks before `weeks` read for the trends (none without them).
    pub fn lead_weeks(&self, weeks: &[Week]) -> Vec<Week> {
        match (self.trends, weeks.first()) {
            (true, Some(&first)) => figures::advice::lead_weeks(first),
            _ => Vec::new(),
        }
    }

    /// The weeks before `weeks` read for manager `m`: those of the trends,
    /// and for a team, those of 1:1 coverage (`coverage::LOOK_BACK_WEEKS`,
    /// and always enough to tell who is overdue in the first week),
    /// whichever are more.
    pub fn lead_weeks_of(&self, m: &Manager, weeks: &[Week]) -> Vec<Week> {
        let trends = self.lead_weeks(weeks);
        let gap = self.config.people.one_on_one_max_gap_weeks as usize;
        let coverage = (gap - 1).max(figures::coverage::LOOK_BACK_WEEKS);
        match weeks.first() {
            Some(&first) if !m.team.is_empty() && coverage > trends.len() => {
                crate::period::weeks_before(first, coverage)
            }
            _ => trends,
        }
    }

    /// Keeps only the manager named `name` (`--manager`, any case).
    pub fn keep_manager(&mut self, name: &str) -> Result<()> {
        self.managers.retain(|m| m.name.eq_ignore_ascii_case(name));
        if self.managers.is_empty() {
            bail!("no manager named '{name}' in the config");
        }
        Ok(())
    }

    /// Every path the managers are read from, and the config: what a
    /// report or a share may not be written over.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let sources = self.managers.iter().flat_map(|m| {
            (m.calendars.iter())
                .chain(&m.repos)
                .chain(&m.git_logs)
                .chain(&m.figures)
                .chain(&m.forge.files)
                .chain(m.api_calendars.files())
        });
        (self.config_path.iter().cloned())
            .chain(sources.filter(|p| p.as_str() != "-").map(PathBuf::from))
            .collect()
    }
}

/// A manager given by `--figures` takes the shares' zone, and without
/// `--name` their name; a manager may have sources or figures, not both.
fn shared_manager_named(mut m: Manager) -> Result<Manager> {
    if m.figures.is_empty() {
        return Ok(m);
    }
    if !(m.calendars.is_empty()
        && m.repos.is_empty()
        && m.git_logs.is_empty()
        && m.forge.is_empty()
        && m.api_calendars.is_empty())
    {
        bail!(
            "manager '{}' has both sources and figures: give --ics / --repo / --git-log / --github / --gitlab / --forge-file or --figures, not both",
            m.name
        );
    }
    let shared = crate::share::read_manager(&m.figures)?;
    if m.name.is_empty() {
        m.name = shared.name.clone();
    }
    // The shares' weeks are cut in their zone: "now" and "the last
    // complete week" are read there, as for a manager read from sources.
    m.zone = shared.zone;
    m.shared = Some(std::sync::Arc::new(shared));
    Ok(m)
}

/// The config refuses two managers of one name; the flags' manager, named
/// by `--name` or by a share, may meet one of the config's.
fn unique_names(managers: &[Manager]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    match managers.iter().find(|m| !seen.insert(m.name.as_str())) {
        Some(m) => bail!(
            "two managers are named '{}', one in the config and one from the flags: names must be unique (give the flags' manager another --name, or leave the flags out)",
            crate::warning::one_line(&m.name)
        ),
        None => Ok(()),
    }
}

/// Standard input (`-`) can be read once: a second `-` would read
/// nothing, and its source would look empty.
fn stdin_once(managers: &[Manager]) -> Result<()> {
    let given = (managers.iter())
        .flat_map(|m| m.calendars.iter().chain(&m.git_logs))
        .filter(|p| p.as_str() == "-")
        .count();
    if given > 1 {
        bail!("standard input ('-') is given {given} times, and can be read once: give '-' to one source, and files to the others");
    }
    Ok(())
}

/// Whether the flags name a source of their own (a calendar, a
/// repository, a log, a forge, an API calendar, a share's figures).
fn names_a_source(sources: &Sources) -> bool {
    !sources.ics.is_empty()
        || !sources.caldav.is_empty()
        || !sources.repos.is_empty()
        || !sources.git_logs.is_empty()
        || !sources.figures.is_empty()
        || sources.github.is_some()
        || sources.gitlab.is_some()
        || !sources.forge_files.is_empty()
        || api_flags(sources)
}

/// The config to start from, the file it came from, and (when the user's
/// own config was looked for and not found) where twohats looked.
fn read_config(sources: &Sources) -> Result<(Config, Option<PathBuf>, Option<String>)> {
    if let Some(path) = &sources.config {
        return Ok((config::load(path)?, Some(path.clone()), None));
    }
    if names_a_source(sources) {
        return Ok((Config::default(), None, None));
    }
    user_config_path().load()
}

/// Where the user's own config is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserConfig {
    /// `TWOHATS_CONFIG` names it: read it, or fail naming it.
    Named(PathBuf),
    /// The config folder's `twohats/config.toml`, which may not exist.
    Default(PathBuf),
    /// No variable tells where the config folder is.
    Unknown,
}

impl UserConfig {
    /// The config read from here (none when the default file does not
    /// exist), the file it came from, or where twohats looked.
    pub fn load(self) -> Result<(Config, Option<PathBuf>, Option<String>)> {
        match self {
            UserConfig::Named(path) => Ok((config::load(&path)?, Some(path), None)),
            UserConfig::Default(path) if path.is_file() => {
                Ok((config::load(&path)?, Some(path), None))
            }
            UserConfig::Default(path) => {
                let looked_at = format!(
                    "no user config at {} (twohats init --user writes one)",
                    path.display()
                );
                Ok((Config::default(), None, Some(looked_at)))
            }
            UserConfig::Unknown => Ok((
                Config::default(),
                None,
                Some("no user config: neither TWOHATS_CONFIG nor HOME is set".to_string()),
            )),
        }
    }
}

/// `TWOHATS_CONFIG`, else `$XDG_CONFIG_HOME/twohats/config.toml`, else the
/// platform's config folder: `~/.config` (XDG's default),
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows.
pub fn user_config_path() -> UserConfig {
    use crate::user_dirs::{config_folder, env_path};
    if let Some(path) = env_path("TWOHATS_CONFIG") {
        return UserConfig::Named(path);
    }
    match config_folder() {
        Some(folder) => UserConfig::Default(folder.join("twohats").join("config.toml")),
        None => UserConfig::Unknown,
    }
}

/// The config's managers with the flags for one manager applied: they
/// replace the single manager of a config that has exactly one (lists
/// replace lists), else they describe one more (named by `--name`, else
/// "me").
fn merge_flags(
    mut configured: Vec<ManagerConfig>,
    sources: &Sources,
    flag_zone: Option<Tz>,
) -> Vec<ManagerConfig> {
    let has_manager_flags = names_a_source(sources)
        || !sources.me.is_empty()
        || sources.reports.is_some()
        || flag_zone.is_some()
        || sources.name.is_some();
    if !has_manager_flags {
        return configured;
    }
    if configured.len() == 1 {
        override_manager(&mut configured[0], sources, flag_zone);
    } else {
        // A manager of shares without --name is named by the share (below).
        let unnamed = if sources.figures.is_empty() { "me" } else { "" };
        let mut m = ManagerConfig {
            name: sources.name.clone().unwrap_or_else(|| unnamed.to_string()),
            ..Default::default()
        };
        override_manager(&mut m, sources, flag_zone);
        configured.push(m);
    }
    configured
}

fn override_manager(m: &mut ManagerConfig, s: &Sources, zone: Option<Tz>) {
    if let Some(n) = &s.name {
        m.name = n.clone();
    }
    if !s.me.is_empty() {
        m.emails = s.me.iter().map(|e| config::normalise_email(e)).collect();
    }
    if let Some(r) = s.reports {
        m.reports = Some(r);
    }
    if zone.is_some() {
        m.timezone = zone;
    }
    if !s.ics.is_empty() {
        m.calendars = s.ics.clone();
    }
    if !s.caldav.is_empty() {
        m.caldav = s.caldav.clone();
    }
    if !s.repos.is_empty() {
        m.repos = s.repos.clone();
    }
    if !s.git_logs.is_empty() {
        m.git_logs = s.git_logs.clone();
    }
    if !s.figures.is_empty() {
        m.figures = s.figures.clone();
    }
    // A flag names the user; the config's token and API for that forge stay.
    for (flag, account) in [(&s.github, &mut m.github), (&s.gitlab, &mut m.gitlab)] {
        if let Some(user) = flag {
            let mut a = account.take().unwrap_or_default();
            a.user = user.trim().to_string();
            *account = Some(a);
        }
    }
    if !s.forge_files.is_empty() {
        m.forge_files = s.forge_files.clone();
    }
    // A flag names the calendar; the config's token and API stay.
    for (flag, account) in [(&s.outlook, &mut m.outlook), (&s.google, &mut m.google)] {
        if let Some(calendar) = flag {
            let mut a = account.take().unwrap_or_default();
            a.calendar = Some(calendar.trim().to_string());
            *account = Some(a);
        }
    }
    if !s.outlook_files.is_empty() {
        m.outlook_files = s.outlook_files.clone();
    }
    if !s.google_files.is_empty() {
        m.google_files = s.google_files.clone();
    }
}

/// Whether a flag names an API calendar (`--outlook`, `--google-file`, …).
fn api_flags(s: &Sources) -> bool {
    s.outlook.is_some()
        || s.google.is_some()
        || !s.outlook_files.is_empty()
        || !s.google_files.is_empty()
}

/// The system's zone (TZ, else /etc/localtime), UTC when it cannot be told.
fn system_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse().ok())
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(Tz::UTC)
}
