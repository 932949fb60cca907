//! The reading stage: every manager's sources (calendars, repositories,
//! logs, forges, shares) → intervals → week figures, one manager per core,
//! what was read dropped as soon as a manager's figures exist, with a
//! progress bar on a terminal. The warnings go into the report: each
//! command prints them (`warning::emit`) once it knows what it may show.
//!
//! What to read and for which weeks was decided before, in
//! [`crate::settings`]; what the figures mean, in [`crate::figures`].

use crate::figures::{self, ManagerFigures, Report, WeekFigures};
use crate::intervals::{self, Manager, ManagerData, Origin};
use crate::period::{Status, Week};
use crate::settings::Setup;
use crate::Warning;
use anyhow::Result;
use rayon::prelude::*;

/// Reads every manager's sources over `weeks` (in parallel, one manager
/// per task) and computes their figures; what was read is dropped as
/// soon as a manager's figures are made, so memory does not grow with
/// the number of managers' sources. The warnings are in the report, not
/// printed: the command prints them (`warning::emit`) once it has decided
/// what its output may show of them.
pub fn report(setup: &Setup, weeks: &[Week], progress: bool) -> Result<Report> {
    let (report, _) = report_keeping(setup, weeks, progress, |_| ())?;
    Ok(report)
}

/// As [`report`], and what `keep` takes from each manager's
/// sources before they are dropped (what `explain` shows), in config
/// order.
pub fn report_keeping<T: Send>(
    setup: &Setup,
    weeks: &[Week],
    progress: bool,
    keep: impl Fn(&Read) -> T + Sync,
) -> Result<(Report, Vec<T>)> {
    let results = managers(setup, weeks, progress, keep);
    let mut report = Report {
        weeks: weeks.to_vec(),
        bands: setup.config.thresholds.bands.clone(),
        categories: known_categories(setup),
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
    if setup.trends {
        figures::advice::add_trends(&mut report, &lead)?;
    }
    Ok((report, kept))
}

/// Every category the run can count time in, with time or not: the rules'
/// (not `ignore`), the catch-all, commits and code review, and every
/// category of every week the shares hold (a director's shares name
/// their managers' own), so that each week's `weeks.csv` has one shape.
fn known_categories(setup: &Setup) -> Vec<String> {
    let shared = (setup.managers.iter())
        .filter_map(|m| m.shared.as_deref())
        .flat_map(|s| s.weeks.values())
        .flat_map(|w| w.categories.keys().map(|k| k.to_string()));
    (setup.classifier.categories_with_time())
        .chain([
            crate::intervals::COMMITS_CATEGORY,
            crate::forge::REVIEW_CATEGORY,
        ])
        .map(str::to_string)
        .chain(shared)
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect()
}

/// Every manager's sources over `weeks` (in parallel, one manager per
/// task): their figures, what `keep` takes from the sources (which are
/// then dropped), and each manager's warnings, in config order;
/// warnings not printed.
pub fn managers<T: Send>(
    setup: &Setup,
    weeks: &[Week],
    progress: bool,
    keep: impl Fn(&Read) -> T + Sync,
) -> Vec<Result<ManagerRead<T>>> {
    let bar = progress_bar(progress, setup.managers.len());
    let mut results: Vec<Option<Result<ManagerRead<T>>>> = std::iter::repeat_with(|| None)
        .take(setup.managers.len())
        .collect();
    let (done, received) = std::sync::mpsc::channel();
    // The managers are read on rayon's threads while this one receives.
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| {
            (setup.managers.par_iter().enumerate()).for_each_with(done, |done, (i, m)| {
                let read = manager(setup, m, weeks, &keep);
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
fn manager<T>(
    setup: &Setup,
    m: &Manager,
    weeks: &[Week],
    keep: &impl Fn(&Read) -> T,
) -> Result<ManagerRead<T>> {
    if let Some(shares) = m.shared.as_deref() {
        return shared(setup, (m, shares), weeks, keep);
    }
    let thresholds = &setup.config.thresholds;
    let mut warnings: Vec<Warning> = (reports_warning(&m.name, m.reports, thresholds).into_iter())
        .chain(team_size_warning(m))
        .chain(own_address_in_team(m))
        .chain(aliases_in_team(m))
        .collect();
    let lead_weeks = setup.lead_weeks_of(m, weeks);
    let first = lead_weeks.first().unwrap_or(&weeks[0]).bounds(m.zone).0;
    let last = weeks.last().expect("at least one week").bounds(m.zone).1;
    let reported = (weeks[0].bounds(m.zone).0, last);
    let data = read_sources(setup, m, ((first, last), reported), &mut warnings)?;
    let counting = figures::Counting {
        thresholds: &setup.config.thresholds,
        working_hours: &setup.config.working_hours,
        people: &setup.config.people,
    };
    let activity = data.activity();
    let mut figures = figures::manager_figures(m.identity(), &activity, counting, weeks);
    figures.group = m.group.clone();
    let mut lead = figures::judged_weeks(m.identity(), &activity, counting, &lead_weeks);
    let now = setup.now(m.zone);
    // Some week has not ended: counted again as known at now.
    let known = (last > now).then(|| as_of(&data, setup.config.git.timestamp, now));
    if let Some(known) = &known {
        let as_of = known.activity(&activity);
        for weeks in [&mut lead[..], &mut figures.weeks[..]] {
            figures::progress::judge_unfinished(weeks, m.identity(), &as_of, counting, now);
        }
        figures.summary = figures::week::summarise(&figures.weeks);
    }
    add_coverage(setup, m, &data, &mut lead, &mut figures.weeks);
    warnings.extend(crate::doctor::signals(
        &m.name,
        &data.occurrences,
        reported,
        &figures,
    ));
    let kept = keep(&Read {
        manager: m,
        data: &data,
        as_of: known.as_ref(),
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

/// Each week's 1:1 coverage (`docs/model.md`, "1:1 coverage"), for a
/// manager with a team: `lead` and `weeks` are the weeks read, in order.
fn add_coverage(
    setup: &Setup,
    m: &Manager,
    data: &ManagerData,
    lead: &mut [WeekFigures],
    weeks: &mut [WeekFigures],
) {
    if m.team.is_empty() {
        return;
    }
    let team = figures::coverage::Team::new(&m.team, &m.emails);
    let one_on_ones: Vec<_> = (data.one_on_ones(&team).into_iter())
        .map(|(_, o)| o)
        .collect();
    let read: Vec<Week> = lead.iter().chain(&*weeks).map(|w| w.week).collect();
    let gap = setup.config.people.one_on_one_max_gap_weeks;
    let coverage = figures::coverage::weekly(&m.team, &one_on_ones, m.zone, &read, gap);
    for (w, c) in lead.iter_mut().chain(weeks).zip(coverage) {
        w.coverage = Some(c);
    }
}

/// A manager whose figures come from share files: the shares give the
/// weeks, the director's thresholds decide; the director's `reports`
/// and `group` override the shares' (`docs/model.md`, "Shared figures").
fn shared<T>(
    setup: &Setup,
    (m, shared): (&Manager, &crate::share::SharedManager),
    weeks: &[Week],
    keep: &impl Fn(&Read) -> T,
) -> Result<ManagerRead<T>> {
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
    warnings.extend(reports_warning(&m.name, reports, &setup.config.thresholds));
    let identity = figures::Identity {
        name: &m.name,
        reports,
        zone: shared.zone,
    };
    let thresholds = (
        &setup.config.thresholds,
        setup.config.people.one_on_one_hours_per_report,
    );
    // Shares hold complete weeks only: a week that has not ended at now
    // (a share written by a clock ahead, or read with an earlier --today)
    // has no data yet.
    let now = setup.now(shared.zone);
    let status = |week| Status::of(week, shared.zone, now);
    let ended = |week| (shared.weeks.get(&week)).filter(|_| status(week) == Status::Complete);
    if let Some(first) = shared
        .weeks
        .keys()
        .find(|&&w| status(w) != Status::Complete)
    {
        warnings.push(Warning::new(
            shared.files.join(", "),
            None,
            format!("holds {first}, which has not ended at now; weeks from it on are left out"),
        ));
    }
    let mut figures = figures::shared::manager_figures(identity, ended, thresholds, weeks);
    figures.group = group;
    for w in &mut figures.weeks {
        w.status = status(w.week);
    }
    // The weeks before the range, for the trends, as far as the shares
    // hold them (a week they do not hold has no data).
    let lead_weeks = setup.lead_weeks(weeks);
    let lead = figures::shared::manager_figures(identity, ended, thresholds, &lead_weeks);
    let kept = keep(&Read {
        // Its zone is the shares' (settings): weeks cut in it.
        manager: m,
        data: &ManagerData::default(),
        as_of: None,
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

/// One manager's sources read over `window` (the weeks and the look-back
/// weeks; `reported`: the weeks asked for) into classified intervals: the
/// calendar URLs fetched first (docs/model.md, step 2; one that cannot be
/// read only warns when the manager's other sources were read), then the
/// forges, then the files and repositories.
fn read_sources(
    setup: &Setup,
    m: &Manager,
    (window, reported): (crate::net::Window, crate::net::Window),
    warnings: &mut Vec<Warning>,
) -> Result<ManagerData> {
    let others = m.calendars.iter().any(|c| !crate::net::is_url(c))
        || !m.repos.is_empty()
        || !m.git_logs.is_empty()
        || !m.forge.is_empty()
        || !m.api_calendars.is_empty();
    let calendars =
        crate::net::fetch_manager(&m.calendars, &setup.network, window, others, warnings)?;
    let opts = intervals::calendar_options(m, &setup.config, window);
    let api = crate::calendar::api::live::read(&m.api_calendars, &opts, &setup.network, warnings)?;
    // A forge that cannot be read only warns when something else was read.
    let others = !(calendars.is_empty()
        && api.occurrences.is_empty()
        && m.repos.is_empty()
        && m.git_logs.is_empty());
    let forge = crate::forge::read(
        &m.forge,
        &setup.network,
        (window, reported),
        others,
        warnings,
    )?;
    let fetched = intervals::Fetched {
        calendars,
        api,
        forge,
    };
    let config = (&setup.config, &setup.classifier);
    let git_now = (!setup.whole_git_history).then(|| setup.now(m.zone));
    let data = intervals::gather(m, config, window, fetched, git_now, warnings)?;
    Ok(data)
}

/// The manager's activity as known at `now` (`figures::progress::AsOf`):
/// each commit or review session made only of its events before now.
fn as_of(
    data: &ManagerData,
    timestamp: crate::config::Timestamp,
    now: chrono::DateTime<chrono::Utc>,
) -> figures::progress::AsOf {
    use figures::progress::session_end_before;
    let activity = data.activity();
    let commit_end = |s: &crate::git::Session| {
        session_end_before(
            s.commits.iter().map(|&c| data.commits[c].time(timestamp)),
            now,
        )
    };
    let commit_session_ends: Vec<_> = data.sessions.iter().map(commit_end).collect();
    let session_ends: Vec<_> = (data.origins[activity.event_intervals..].iter())
        .map(|origin| match *origin {
            Origin::Session(i) => commit_session_ends[i],
            Origin::Review(i) => session_end_before(
                (data.review_sessions[i].commits.iter()).map(|&e| data.reviews[e].time),
                now,
            ),
            Origin::Occurrence(_) => None,
        })
        .collect();
    figures::progress::AsOf::new(&activity, &session_ends, &commit_session_ends, now)
}

/// What the user is told of a manager's `reports` (docs/model.md, step
/// 8): none given counts as 0; a team larger than every band's
/// `max_reports` (no band is open-ended) takes the last band, whose limit
/// was meant for smaller teams.
fn reports_warning(
    name: &str,
    reports: Option<u32>,
    thresholds: &crate::config::Thresholds,
) -> Option<Warning> {
    let message = match reports {
        None => "no `reports` given; counted as 0 direct reports".to_string(),
        Some(r) if figures::limits::band_within(thresholds, r).is_none() => {
            let last = figures::limits::band_for(thresholds, r);
            format!(
                "reports = {r} is more than any band's max_reports (the last: {}); its limit, {}%, is used (a last band without max_reports takes the rest)",
                last.max_reports.unwrap_or_default(),
                last.limit_pct
            )
        }
        Some(_) => return None,
    };
    Some(Warning::new(
        crate::warning::manager_source(name),
        None,
        message,
    ))
}

/// A `reports` that differs from the size of the manager's `team` decides
/// the band all the same; the user is told (no member is named).
fn team_size_warning(m: &Manager) -> Option<Warning> {
    let size = m.team.len() as u32;
    match m.reports {
        Some(r) if size > 0 && r != size => Some(Warning::new(
            crate::warning::manager_source(&m.name),
            None,
            format!("reports = {r}, but the team lists {size}; {r} decides the band"),
        )),
        _ => None,
    }
}

/// A team member at one of the manager's own addresses: a report who is
/// not one, and met at every 1:1 the manager attends.
fn own_address_in_team(m: &Manager) -> Option<Warning> {
    let own = (m.team.iter()).find(|t| t.addresses().any(|a| m.emails.iter().any(|e| e == a)))?;
    Some(Warning::new(
        crate::warning::manager_source(&m.name),
        None,
        format!(
            "the team lists '{}', one of the manager's own addresses: it counts as a report, met at every 1:1 of theirs; take it out of `team`",
            own.shown()
        ),
    ))
}

/// Team entries read as an earlier member's other address (the same
/// display name): said, since two people of one name would be one report.
/// The names are not given: a warning reaches reports of many managers.
fn aliases_in_team(m: &Manager) -> Option<Warning> {
    let n: usize = m.team.iter().map(|t| t.also.len()).sum();
    (n > 0).then(|| {
        Warning::new(
            crate::warning::manager_source(&m.name),
            None,
            format!(
                "{n} team entr{} an earlier entry's display name: read as that member's other address (one report); two people of one name need names told apart",
                if n == 1 { "y repeats" } else { "ies repeat" }
            ),
        )
    })
}

/// One manager as read, before the sources are dropped: what a command may
/// keep something of.
pub struct Read<'a> {
    pub manager: &'a Manager,
    pub data: &'a ManagerData,
    /// What the figures of the weeks that have not ended were counted
    /// from (none when every week has ended, and for shares).
    pub as_of: Option<&'a figures::progress::AsOf>,
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
