//! One module per subcommand, as xsv does; this file holds what they share:
//! turning the command line and config into managers, reading their sources,
//! and reporting warnings.

pub mod explain;
pub mod init;
pub mod report;
pub mod week;

use crate::classify::Classifier;
use crate::cli::{Command, FailOn, Sources};
use crate::config::{self, Config, ManagerConfig};
use crate::figures::{self, ManagerFigures, Report, Verdict};
use crate::intervals::{self, Manager, ManagerData};
use crate::period::{self, Week};
use crate::Warning;
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use chrono_tz::Tz;
use rayon::prelude::*;

/// Runs a command; the result is the exit code (0, or 1 for `--fail-on`).
/// Errors become exit code 2 in `main`.
pub fn run(command: Command) -> Result<i32> {
    match command {
        Command::Week(args) => week::run(args),
        Command::Report(args) => report::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
    }
}

/// The config and the managers to report on, flags merged in.
pub struct Setup {
    pub config: Config,
    pub managers: Vec<Manager>,
    pub classifier: Classifier,
    pub today: NaiveDate,
    pub strict: bool,
}

impl Setup {
    pub fn from_sources(sources: &Sources) -> Result<Setup> {
        let mut config = match &sources.config {
            Some(path) => config::load(path)?,
            None => Config::default(),
        };
        let flag_zone = sources
            .tz
            .as_deref()
            .map(config::parse_zone)
            .transpose()
            .map_err(|m| anyhow!("--tz: {m}"))?;
        let has_manager_flags = !sources.ics.is_empty()
            || !sources.repos.is_empty()
            || !sources.git_logs.is_empty()
            || !sources.me.is_empty()
            || sources.reports.is_some()
            || flag_zone.is_some()
            || sources.name.is_some();
        let mut configured = std::mem::take(&mut config.managers);
        if has_manager_flags {
            if configured.len() == 1 {
                // Flags override the config's single manager; lists replace.
                let m = &mut configured[0];
                override_manager(m, sources, flag_zone);
            } else {
                let mut m = ManagerConfig {
                    name: sources.name.clone().unwrap_or_else(|| "me".to_string()),
                    ..Default::default()
                };
                override_manager(&mut m, sources, flag_zone);
                configured.push(m);
            }
        }
        if configured.is_empty() {
            bail!("nothing to read: give --config FILE, or --ics / --repo / --git-log for one manager (see twohats --help)");
        }
        let default_zone = config.timezone.unwrap_or_else(system_zone);
        let managers = configured
            .into_iter()
            .map(|m| Manager {
                name: m.name,
                emails: m.emails,
                reports: m.reports,
                zone: m.timezone.unwrap_or(default_zone),
                calendars: m.calendars,
                repos: m.repos,
                git_logs: m.git_logs,
            })
            .collect::<Vec<_>>();
        let today = period::today(sources.today, managers[0].zone);
        let classifier = Classifier::new(config.rules.clone(), config.use_default_rules);
        Ok(Setup {
            config,
            managers,
            classifier,
            today,
            strict: sources.strict,
        })
    }

    /// The week of `--week`, else the last complete one.
    pub fn week(&self, given: Option<&str>) -> Result<Week> {
        match given {
            Some(w) => w.parse().map_err(|e: anyhow::Error| anyhow!("--week: {e}")),
            None => Ok(period::last_complete_week(self.today)),
        }
    }

    /// Reads every manager's sources over `weeks` (in parallel, one manager
    /// per task) and computes their figures.
    pub fn gather(&self, weeks: &[Week], progress: bool) -> Result<(Report, Vec<ManagerData>)> {
        let bar = progress_bar(progress, self.managers.len());
        let results: Vec<Result<(ManagerFigures, ManagerData, Vec<Warning>)>> = self
            .managers
            .par_iter()
            .map(|m| {
                let mut warnings = Vec::new();
                if m.reports.is_none() {
                    warnings.push(Warning::new(
                        format!("manager '{}'", m.name),
                        None,
                        "no `reports` given; counted as 0 direct reports",
                    ));
                }
                let first = weeks.first().expect("at least one week").bounds(m.zone).0;
                let last = weeks.last().expect("at least one week").bounds(m.zone).1;
                let data = intervals::gather(
                    m,
                    &self.config,
                    &self.classifier,
                    (first, last),
                    &mut warnings,
                )?;
                let counting = figures::Counting {
                    thresholds: &self.config.thresholds,
                    working_hours: &self.config.working_hours,
                };
                let figures =
                    figures::manager_figures(m.identity(), &data.activity(), counting, weeks);
                bar.inc(1);
                Ok((figures, data, warnings))
            })
            .collect();
        bar.finish_and_clear();
        let mut report = Report {
            weeks: weeks.to_vec(),
            bands: self.config.thresholds.bands.clone(),
            managers: Vec::new(),
            warnings: Vec::new(),
        };
        let mut data = Vec::new();
        for r in results {
            let (f, d, w) = r?;
            report.managers.push(f);
            report.warnings.extend(w);
            data.push(d);
        }
        emit_warnings(&report.warnings, self.strict)?;
        Ok((report, data))
    }
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
    if !s.repos.is_empty() {
        m.repos = s.repos.clone();
    }
    if !s.git_logs.is_empty() {
        m.git_logs = s.git_logs.clone();
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
