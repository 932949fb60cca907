//! Flags + config → the managers to read and the weeks to cover, decided
//! once for every command (ripgrep's HiArgs); then reading every manager's
//! sources, the warnings, and the exit code.
//!
//! Which config: `--config FILE`; else, when no flag names a source
//! (`--ics`, `--caldav`, `--repo`, `--git-log`, `--figures`), the user's own config
//! ([`user_config_path`]); else none. Flags for one manager then replace the
//! config's single manager or add one.

use crate::classify::Classifier;
use crate::cli::{
    DateRange, DoctorArgs, ExplainArgs, FailOn, ReportArgs, ShareArgs, Sources, WeekArgs,
};
use crate::config::{self, Config, ManagerConfig};
use crate::figures::{self, ManagerFigures, Report, Verdict, WeekFigures};
use crate::intervals::{self, Manager, ManagerData};
use crate::period::{self, Week};
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rayon::prelude::*;
use std::path::PathBuf;

/// The config and the managers to report on, flags merged in.
pub struct Setup {
    pub config: Config,
    /// The config file read (`--config` or the user's own), if any.
    pub config_path: Option<PathBuf>,
    pub managers: Vec<Manager>,
    pub classifier: Classifier,
    pub today: NaiveDate,
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
        let managers: Vec<Manager> = (configured.into_iter())
            .map(|m| Manager {
                forge: forge_sources(&m.name, m.github, m.gitlab, m.forge_files),
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
            })
            .map(shared_manager_named)
            .collect::<Result<_>>()?;
        let today = period::today(sources.today, managers[0].zone);
        let classifier = Classifier::new(&config.rules, config.use_default_rules);
        let network = crate::net::Options {
            timeout: std::time::Duration::from_secs(config.network.timeout_seconds),
            max_bytes: config.network.max_megabytes.saturating_mul(1024 * 1024),
            offline: sources.offline,
            user: sources.caldav_user.clone(),
        };
        Ok(Setup {
            config,
            config_path,
            managers,
            classifier,
            today,
            strict: sources.strict,
            network,
            trends: true,
            whole_git_history: false,
        })
    }

    /// The week of `--week`, else the last complete one.
    pub fn week(&self, given: Option<&str>) -> Result<Week> {
        match given {
            Some(w) => w.parse().map_err(|e: anyhow::Error| anyhow!("--week: {e}")),
            None => Ok(period::last_complete_week(self.today)),
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
            (Some(n), _) => period::last_weeks(self.today, n),
            (None, Some(week)) => Ok(vec![self.week(Some(week))?]),
            (None, None) => period::last_weeks(self.today, period.default_weeks),
        }
    }

    /// The weeks before `weeks` read for the trends (none without them).
    fn lead_weeks(&self, weeks: &[Week]) -> Vec<Week> {
        match (self.trends, weeks.first()) {
            (true, Some(&first)) => figures::advice::lead_weeks(first),
            _ => Vec::new(),
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
        });
        (self.config_path.iter().cloned())
            .chain(sources.filter(|p| p.as_str() != "-").map(PathBuf::from))
            .collect()
    }

    /// Reads every manager's sources over `weeks` (in parallel, one manager
    /// per task) and computes their figures; what was read is dropped as
    /// soon as a manager's figures are made, so memory does not grow with
    /// the number of managers' sources.
    pub fn gather(&self, weeks: &[Week], progress: bool) -> Result<Report> {
        let (report, _) = self.gather_keeping(weeks, progress, |_| ())?;
        Ok(report)
    }

    /// As [`Setup::gather`], and what `keep` takes from each manager's
    /// sources before they are dropped (what `explain` shows), in config
    /// order.
    pub fn gather_keeping<T: Send>(
        &self,
        weeks: &[Week],
        progress: bool,
        keep: impl Fn(&Read) -> T + Sync,
    ) -> Result<(Report, Vec<T>)> {
        let results = self.read_managers(weeks, progress, keep);
        let mut report = Report {
            weeks: weeks.to_vec(),
            bands: self.config.thresholds.bands.clone(),
            managers: Vec::with_capacity(results.len()),
            warnings: Vec::new(),
        };
        let mut kept = Vec::with_capacity(results.len());
        let mut lead = Vec::with_capacity(results.len());
        for read in results {
            let read = read?;
            report.managers.push(read.figures);
            lead.push(read.lead);
            report.warnings.extend(read.warnings);
            kept.push(read.kept);
        }
        if self.trends {
            figures::advice::add_trends(&mut report, &lead)?;
        }
        emit_warnings(&report.warnings, self.strict)?;
        Ok((report, kept))
    }

    /// Every manager's sources over `weeks` (in parallel, one manager per
    /// task): their figures, what `keep` takes from the sources (which are
    /// then dropped), and each manager's warnings, in config order;
    /// warnings not printed.
    pub fn read_managers<T: Send>(
        &self,
        weeks: &[Week],
        progress: bool,
        keep: impl Fn(&Read) -> T + Sync,
    ) -> Vec<Result<ManagerRead<T>>> {
        let bar = progress_bar(progress, self.managers.len());
        let mut results: Vec<Option<Result<ManagerRead<T>>>> = std::iter::repeat_with(|| None)
            .take(self.managers.len())
            .collect();
        let (done, received) = std::sync::mpsc::channel();
        // The managers are read on rayon's threads while this one receives.
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                (self.managers.par_iter().enumerate()).for_each_with(done, |done, (i, m)| {
                    let read = self.read_manager(m, weeks, &keep);
                    bar.inc(1);
                    // The receiver lives until every manager is read.
                    let _ = done.send((i, read));
                })
            });
            // What is kept is copied here, on this thread, and the readers'
            // copy freed at once: the readers' heaps then hold only what one
            // manager's reading needs, and do not fragment (and slow down)
            // as an org's figures pile up between their allocations
            // (measured: 5,000 managers read 12% faster).
            for (i, read) in received {
                results[i] = Some(read.map(ManagerRead::copied));
            }
        });
        bar.finish_and_clear();
        (results.into_iter())
            .map(|r| r.expect("every manager is read"))
            .collect()
    }

    /// One manager's sources over `weeks` and the weeks before them that the
    /// trends need (`figures::advice::LEAD_WEEKS`), the figures of both,
    /// what `keep` takes, and the warnings.
    fn read_manager<T>(
        &self,
        m: &Manager,
        weeks: &[Week],
        keep: &impl Fn(&Read) -> T,
    ) -> Result<ManagerRead<T>> {
        if !m.figures.is_empty() {
            return self.read_shared(m, weeks, keep);
        }
        let mut warnings = Vec::new();
        if m.reports.is_none() {
            warnings.push(Warning::new(
                format!("manager '{}'", m.name),
                None,
                "no `reports` given; counted as 0 direct reports",
            ));
        }
        let lead_weeks = self.lead_weeks(weeks);
        let first = lead_weeks.first().unwrap_or(&weeks[0]).bounds(m.zone).0;
        let last = weeks.last().expect("at least one week").bounds(m.zone).1;
        // Calendar URLs are fetched first (docs/model.md, step 2): one that
        // cannot be read only warns when the manager's other sources were read.
        let others = m.calendars.iter().any(|c| !crate::net::is_url(c))
            || !m.repos.is_empty()
            || !m.git_logs.is_empty()
            || !m.forge.is_empty();
        let (calendars, _tickets) = crate::net::fetch_manager(
            &m.calendars,
            &self.network,
            (first, last),
            others,
            &mut warnings,
        )?;
        let m = &Manager {
            calendars,
            ..m.clone()
        };
        let reported = (weeks[0].bounds(m.zone).0, last);
        let forge = crate::forge::read(
            &m.forge,
            &self.network,
            ((first, last), reported),
            &mut warnings,
        )?;
        let data = intervals::gather(
            m,
            &self.config,
            &self.classifier,
            (first, last),
            forge,
            self.whole_git_history,
            &mut warnings,
        )?;
        let counting = figures::Counting {
            thresholds: &self.config.thresholds,
            working_hours: &self.config.working_hours,
            people: &self.config.people,
        };
        let activity = data.activity();
        let mut figures = figures::manager_figures(m.identity(), &activity, counting, weeks);
        figures.group = m.group.clone();
        let lead = figures::judged_weeks(m.identity(), &activity, counting, &lead_weeks);
        warnings.extend(crate::doctor::signals(
            &m.name,
            &data.occurrences,
            reported,
            &figures,
        ));
        let kept = keep(&Read {
            manager: m,
            data: &data,
            figures: &figures,
            warnings: &warnings,
        });
        Ok(ManagerRead {
            figures,
            lead,
            kept,
            warnings,
        })
    }

    /// A manager whose figures come from share files: the shares give the
    /// weeks, the director's thresholds decide; the director's `reports`
    /// and `group` override the shares' (`docs/model.md`, "Shared figures").
    fn read_shared<T>(
        &self,
        m: &Manager,
        weeks: &[Week],
        keep: &impl Fn(&Read) -> T,
    ) -> Result<ManagerRead<T>> {
        let shared = crate::share::read_manager(&m.figures)?;
        let reports = match m.reports {
            Some(r) => Some(r),
            None => shared.reports()?,
        };
        let group = match &m.group {
            Some(g) => Some(g.clone()),
            None => shared.group()?,
        };
        let mut warnings = shared.warnings.clone();
        if shared.name != m.name {
            warnings.push(Warning::new(
                shared.files.join(", "),
                None,
                format!(
                    "a share of '{}', read as '{}' as the config names them",
                    shared.name, m.name
                ),
            ));
        }
        if reports.is_none() {
            warnings.push(Warning::new(
                format!("manager '{}'", m.name),
                None,
                "no `reports` given; counted as 0 direct reports",
            ));
        }
        let identity = figures::Identity {
            name: &m.name,
            reports,
            zone: shared.zone,
        };
        let thresholds = (
            &self.config.thresholds,
            self.config.people.one_on_one_hours_per_report,
        );
        let mut figures =
            figures::shared::manager_figures(identity, &shared.weeks, thresholds, weeks);
        figures.group = group;
        // The weeks before the range, for the trends, as far as the shares
        // hold them (a week they do not hold has no data).
        let lead_weeks = self.lead_weeks(weeks);
        let lead =
            figures::shared::manager_figures(identity, &shared.weeks, thresholds, &lead_weeks);
        let kept = keep(&Read {
            // The manager as the shares have them: weeks cut in their zone.
            manager: &Manager {
                zone: shared.zone,
                ..m.clone()
            },
            data: &ManagerData::default(),
            figures: &figures,
            warnings: &warnings,
        });
        Ok(ManagerRead {
            figures,
            lead: lead.weeks,
            kept,
            warnings,
        })
    }
}

/// A manager given by `--figures` without `--name` is named by the share;
/// a manager may have sources or figures, not both.
fn shared_manager_named(mut m: Manager) -> Result<Manager> {
    if m.figures.is_empty() {
        return Ok(m);
    }
    if !(m.calendars.is_empty()
        && m.repos.is_empty()
        && m.git_logs.is_empty()
        && m.forge.is_empty())
    {
        bail!(
            "manager '{}' has both sources and figures: give --ics / --repo / --git-log / --github / --gitlab / --forge-file or --figures, not both",
            m.name
        );
    }
    if m.name.is_empty() {
        m.name = crate::share::read_manager(&m.figures)?.name;
    }
    Ok(m)
}

/// One manager as read, before the sources are dropped: what a command may
/// keep something of.
pub struct Read<'a> {
    pub manager: &'a Manager,
    pub data: &'a ManagerData,
    pub figures: &'a ManagerFigures,
    pub warnings: &'a [Warning],
}

/// One manager as read: their figures, the figures of the weeks before the
/// range (for the trends), what the command kept of the sources, and the
/// warnings.
pub struct ManagerRead<T> {
    pub figures: ManagerFigures,
    pub lead: Vec<WeekFigures>,
    pub kept: T,
    pub warnings: Vec<Warning>,
}

impl<T> ManagerRead<T> {
    /// The figures and the lead weeks allocated afresh, by the caller's
    /// thread; `kept` (what `explain` shows) and the warnings as they are.
    fn copied(self) -> ManagerRead<T> {
        ManagerRead {
            figures: self.figures.clone(),
            lead: self.lead.clone(),
            ..self
        }
    }
}

/// The config to start from, the file it came from, and (when the user's
/// own config was looked for and not found) where twohats looked.
fn read_config(sources: &Sources) -> Result<(Config, Option<PathBuf>, Option<String>)> {
    if let Some(path) = &sources.config {
        return Ok((config::load(path)?, Some(path.clone()), None));
    }
    let names_a_source = !sources.ics.is_empty()
        || !sources.caldav.is_empty()
        || !sources.repos.is_empty()
        || !sources.git_logs.is_empty()
        || !sources.figures.is_empty()
        || sources.github.is_some()
        || sources.gitlab.is_some()
        || !sources.forge_files.is_empty();
    if names_a_source {
        return Ok((Config::default(), None, None));
    }
    match user_config_path() {
        UserConfig::Named(path) => Ok((config::load(&path)?, Some(path), None)),
        UserConfig::Default(path) if path.is_file() => Ok((config::load(&path)?, Some(path), None)),
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
    let has_manager_flags = !sources.ics.is_empty()
        || !sources.caldav.is_empty()
        || !sources.repos.is_empty()
        || !sources.git_logs.is_empty()
        || !sources.me.is_empty()
        || sources.reports.is_some()
        || flag_zone.is_some()
        || sources.name.is_some()
        || !sources.figures.is_empty()
        || sources.github.is_some()
        || sources.gitlab.is_some()
        || !sources.forge_files.is_empty();
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
}

/// A manager's forge accounts with their tokens and API bases decided
/// (SPEC "Code reviews and forge activity"): the config's token, else the
/// environment's (`GITHUB_TOKEN`, `GH_TOKEN`; `GITLAB_TOKEN`); the config's
/// API, else `GITHUB_API_URL` / `GITLAB_API_URL`, else the public host.
fn forge_sources(
    name: &str,
    github: Option<config::ForgeAccountConfig>,
    gitlab: Option<config::ForgeAccountConfig>,
    files: Vec<String>,
) -> crate::forge::Sources {
    use crate::forge::{github as gh, gitlab as gl, Account};
    use crate::net::api::Token;
    let account = |a: config::ForgeAccountConfig,
                   key: &str,
                   env_token: Option<Token>,
                   env_api: &str,
                   public: &str| Account {
        token: (a
            .token
            .map(|t| Token::new(t, format!("manager '{name}' {key}.token"))))
        .or(env_token),
        api: (a.api)
            .or_else(|| std::env::var(env_api).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| public.to_string()),
        user: a.user,
        commits: a.commits,
    };
    crate::forge::Sources {
        github: github.map(|a| {
            account(
                a,
                "github",
                gh::token_from_env(),
                "GITHUB_API_URL",
                gh::PUBLIC_API,
            )
        }),
        gitlab: gitlab.map(|a| {
            account(
                a,
                "gitlab",
                gl::token_from_env(),
                "GITLAB_API_URL",
                gl::PUBLIC_API,
            )
        }),
        files,
    }
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

fn progress_bar(wanted: bool, len: usize) -> indicatif::ProgressBar {
    if !wanted || len < 2 {
        return indicatif::ProgressBar::hidden();
    }
    // Draws on stderr, and draws nothing when stderr is not a terminal.
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} reading managers {pos}/{len} {wide_bar} {eta}",
        )
        .expect("a valid template"),
    );
    bar
}

/// Prints warnings to stderr, each once (with a count when repeated). With
/// `--strict`, any warning is an error.
pub fn emit_warnings(warnings: &[Warning], strict: bool) -> Result<()> {
    use std::io::Write;
    let unique = crate::warning::deduplicate(warnings);
    let mut err = anstream::stderr().lock();
    let label = if strict { "error" } else { "warning" };
    for (w, count) in &unique {
        let _ = writeln!(err, "{label}: {}", crate::warning::with_count(w, *count));
    }
    if strict && !unique.is_empty() {
        bail!("--strict: {} warning(s) above", warnings.len());
    }
    Ok(())
}

/// Exit code for `--fail-on`: 1 when some manager-week has that verdict or
/// worse; insufficient data never fails.
pub fn exit_code(report: &Report, fail_on: Option<FailOn>) -> i32 {
    let Some(fail_on) = fail_on else { return 0 };
    let threshold = match fail_on {
        FailOn::Watch => Verdict::Watch,
        FailOn::Over => Verdict::Over,
    };
    let failing = report
        .managers
        .iter()
        .flat_map(|m| &m.weeks)
        .any(|w| w.verdict >= threshold);
    i32::from(failing)
}
