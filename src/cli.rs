//! Command-line definitions (clap), nothing else.
//!
//! Each flag's doc comment is its help text: the first line for `-h`, the
//! whole paragraph for `--help`.

use crate::config::{Band, Thresholds};
use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// How an engineering manager's week splits between coding and people work.
#[derive(Debug, Parser)]
#[command(name = "twohats", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap sees it, with the long help that names the
/// default bands (written once, in `config::DEFAULT_BANDS`). Parsing,
/// completions and the man page all start here.
pub fn command() -> clap::Command {
    Cli::command().long_about(format!(
        "How an engineering manager's week splits between coding and people work.\n\n\
         twohats reads calendar exports (.ics) and git history, lays both on one \
         timeline, classifies every hour as coding, people or other work, and flags \
         the weeks in which a hybrid manager codes more than their team size \
         allows ({}).",
        bands_text(&Thresholds::default().bands)
    ))
}

/// The process's arguments, parsed against [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    // A CI job's `TWOHATS_TODAY: ${{ inputs.today }}` is set but empty on
    // every scheduled run: empty means not given (before any thread runs).
    if std::env::var_os("TWOHATS_TODAY").is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
        std::env::remove_var("TWOHATS_TODAY");
    }
    let mut command = command();
    let matches = command.try_get_matches_from_mut(std::env::args_os())?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

/// "30% for up to 5 reports, 20% for 6-10, 10% above".
pub fn bands_text(bands: &[Band]) -> String {
    let mut previous: Option<u32> = None;
    let parts: Vec<String> = bands
        .iter()
        .map(|b| {
            let pct = format!("{}%", b.limit_pct);
            let part = match (previous, b.max_reports) {
                (None, Some(max)) => format!("{pct} for up to {max} reports"),
                (Some(p), Some(max)) => format!("{pct} for {}-{max}", p + 1),
                (Some(_), None) => format!("{pct} above"),
                (None, None) => format!("{pct} for any team"),
            };
            previous = b.max_reports.or(previous);
            part
        })
        .collect();
    parts.join(", ")
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One week's figures and verdict for each manager.
    Week(WeekArgs),
    /// Several weeks for many managers; with --out, a report folder
    /// (Markdown, JSON, CSV, Parquet, HTML with charts).
    Report(ReportArgs),
    /// Every interval of a week: kind, category, the rule that decided it,
    /// its source, and the hours it finally counted.
    Explain(ExplainArgs),
    /// Whether the inputs can be trusted: per calendar what was read, each
    /// time zone and how it was resolved, drops by reason, warnings by kind,
    /// the free/busy signal and the unclassified hours; per git source the
    /// commits matched per address and the addresses likely missing.
    Doctor(DoctorArgs),
    /// Write one manager's figures, and nothing else, to a share file
    /// (twohats-share/v1) that a director's report can read.
    Share(ShareArgs),
    /// Write a commented starter config holding the default rules.
    Init(InitArgs),
    /// Sign in to Microsoft 365 (outlook) or Google Workspace (google), so
    /// that `outlook = { … }` / `google = { … }` calendars can be read; the
    /// refresh token is kept in a file only you can read.
    Login(LoginArgs),
    /// Forget the sign-in of `twohats login`.
    Logout(LogoutArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    ///
    /// For example: twohats completions bash > ~/.local/share/bash-completion/completions/twohats
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one per command into a folder.
    Man(ManArgs),
}

/// Where the data comes from: a config with any number of managers, and/or
/// flags describing one manager.
#[derive(Debug, Args, Clone, Default)]
pub struct Sources {
    /// A TOML config listing managers, rules and thresholds.
    ///
    /// Relative paths inside it are relative to its folder (`~/` is your
    /// home folder). Flags below then describe one more manager, or override
    /// the config's single manager.
    /// Without --config and without --ics / --caldav / --repo / --git-log /
    /// --figures, your own config is read: $TWOHATS_CONFIG, else
    /// $XDG_CONFIG_HOME/twohats/config.toml (~/.config/twohats/config.toml);
    /// `twohats init --user` writes it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// A calendar: an .ics file, a folder of them, a Google export .zip,
    /// `-` for stdin, or a URL (https://, http://, webcal://). Repeatable.
    ///
    /// A URL (e.g. Google's "secret address in iCal format") is a secret: it
    /// is shown only as https://HOST/…#abcd1234. Answers are cached and
    /// asked for again only when changed.
    #[arg(long = "ics", value_name = "PATH|URL")]
    pub ics: Vec<String>,

    /// A CalDAV calendar, or a CalDAV server or principal URL whose
    /// calendars are all read. Repeatable.
    ///
    /// The password comes from TWOHATS_CALDAV_PASSWORD or ~/.netrc, never
    /// from a flag.
    #[arg(long = "caldav", value_name = "URL")]
    pub caldav: Vec<String>,

    /// The CalDAV user name (default: the URL's user part, else ~/.netrc).
    #[arg(long = "caldav-user", value_name = "USER")]
    pub caldav_user: Option<String>,

    /// Read calendar URLs only from the cache (an uncached URL is an error).
    #[arg(long)]
    pub offline: bool,

    /// A git repository, read directly from HEAD (no git binary needed).
    /// Repeatable.
    #[arg(long = "repo", value_name = "PATH")]
    pub repos: Vec<String>,

    /// Text written by `git log` (any --date style, --pretty=fuller, with or
    /// without --stat), or `-` for stdin. Repeatable.
    ///
    /// Export one with: git log --all --pretty=fuller --date=iso-strict > my.log
    #[arg(long = "git-log", value_name = "PATH")]
    pub git_logs: Vec<String>,

    /// A GitHub login whose pull-request reviews (review sessions) are read
    /// from the GitHub API.
    ///
    /// The token comes from GITHUB_TOKEN (or GH_TOKEN), the API from
    /// GITHUB_API_URL (GitHub Enterprise: https://HOST/api/v3), else
    /// api.github.com.
    #[arg(long = "github", value_name = "USER")]
    pub github: Option<String>,

    /// A GitLab username whose merge-request reviews and comments are read
    /// from the GitLab API (token: GITLAB_TOKEN; API: GITLAB_API_URL, else
    /// gitlab.com).
    #[arg(long = "gitlab", value_name = "USER")]
    pub gitlab: Option<String>,

    /// Saved GitHub or GitLab API responses (`gh api --paginate …` output):
    /// reviews, review comments, search results, GitLab events. Repeatable.
    #[arg(long = "forge-file", value_name = "PATH")]
    pub forge_files: Vec<String>,

    /// Read the manager's Microsoft 365 calendar through Microsoft Graph
    /// (default: the primary calendar; or a calendar's id or name).
    ///
    /// The token: `token`/`token_command` in the config, else
    /// TWOHATS_OUTLOOK_TOKEN, else `twohats login outlook`.
    #[arg(long = "outlook", value_name = "CALENDAR", num_args = 0..=1, default_missing_value = "primary")]
    pub outlook: Option<String>,

    /// Read the manager's Google Workspace calendar through the Google
    /// Calendar API (default: primary; token: TWOHATS_GOOGLE_TOKEN, else
    /// `twohats login google`).
    #[arg(long = "google", value_name = "CALENDAR", num_args = 0..=1, default_missing_value = "primary")]
    pub google: Option<String>,

    /// A saved Microsoft Graph `calendarView` response (pages one after
    /// another, as Graph Explorer or Invoke-MgGraphRequest save them).
    /// Repeatable.
    #[arg(long = "outlook-file", value_name = "PATH")]
    pub outlook_files: Vec<String>,

    /// A saved Google Calendar `events.list` response (singleEvents=true;
    /// pages one after another). Repeatable.
    #[arg(long = "google-file", value_name = "PATH")]
    pub google_files: Vec<String>,

    /// The manager's email address: their git author identity and their
    /// address as a calendar attendee or organizer. Repeatable.
    #[arg(long = "me", value_name = "EMAIL")]
    pub me: Vec<String>,

    /// The manager's number of direct reports; it picks the band and so the
    /// coding-share limit.
    #[arg(long, value_name = "N")]
    pub reports: Option<u32>,

    /// The manager's time zone (IANA name, e.g. Europe/Berlin). Default: the
    /// config's `timezone`, else the system's zone.
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,

    /// The manager's name in reports (default "me").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// A share file written by `twohats share`, or a folder of them (*.json):
    /// one manager's figures, read instead of their sources. Repeatable.
    #[arg(long = "figures", value_name = "PATH")]
    pub figures: Vec<String>,

    /// Use this as now (reproducible runs and CI): a date (its 00:00), a
    /// time in the manager's zone (2026-12-09T12:00) or RFC 3339 with an
    /// offset. Default weeks are the complete ISO weeks before it; a week
    /// containing it is in progress, a later one ahead. Commits made more
    /// than 28 days after it are not read.
    #[arg(long, value_name = "DATE", env = "TWOHATS_TODAY", value_parser = parse_now)]
    pub today: Option<crate::period::GivenNow>,

    /// Treat every warning (a broken event, an unknown time zone, ...) as an
    /// error: exit 2.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Table,
    Json,
}

/// The verdict from which `--fail-on` exits with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Watch,
    Over,
}

#[derive(Debug, Args)]
pub struct WeekArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// The ISO week (2026-W47), any date inside it, `this` (the week
    /// containing now: in progress) or `next` (the week ahead). Default: the
    /// last complete week.
    #[arg(long, value_name = "WEEK")]
    pub week: Option<String>,

    /// Output format. `table` on a terminal is meant to be read in five
    /// seconds; json follows the twohats/v1 schema.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Exit with 1 when some manager's complete week has this verdict or
    /// worse (a week in progress or ahead, or with too little data, never
    /// fails); stderr then names each such week.
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// The last N complete ISO weeks (default 4).
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"])]
    pub weeks: Option<u32>,

    #[command(flatten)]
    pub range: DateRange,

    /// Write the whole report folder here (report.md, report.json, weeks.csv,
    /// weeks.parquet, report.html, charts/) and print where.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Format printed to stdout when there is no --out.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Exit with 1 when some manager's complete week has this verdict or
    /// worse (a week in progress or ahead, or with too little data, never
    /// fails); stderr then names each such week.
    #[arg(long, value_enum, value_name = "VERDICT")]
    pub fail_on: Option<FailOn>,

    /// Replace manager names with stable pseudonyms in every output.
    #[arg(long)]
    pub redact: bool,

    /// Only the per-group figures (managers with a `group`): groups of fewer
    /// than 5 managers fold into one "other groups" row, and no manager is
    /// named in any output.
    #[arg(long)]
    pub groups_only: bool,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// The last N complete ISO weeks (default 4).
    #[arg(long, value_name = "N", conflicts_with_all = ["from", "to"])]
    pub weeks: Option<u32>,

    #[command(flatten)]
    pub range: DateRange,

    /// The manager to share, when the config has several (by name,
    /// case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub manager: Option<String>,

    /// Write the share here (default: print it).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(mut_arg("from", |a| a.help(
    "Explain every week containing a day of FROM..=TO instead of one week"
)))]
pub struct ExplainArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// The ISO week (2026-W47), any date inside it, `this` or `next`.
    /// Default: the last complete week.
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,

    #[command(flatten)]
    pub range: DateRange,

    /// Only this manager (by name, case-insensitive).
    #[arg(long, value_name = "NAME")]
    pub manager: Option<String>,

    /// Output format: a table to read, or JSON (one object per interval).
    #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
    pub format: ExplainFormat,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub sources: Sources,

    /// The ISO week (2026-W47), any date inside it, `this` or `next`.
    /// Default: the last 4 complete weeks.
    #[arg(long, value_name = "WEEK", conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,

    #[command(flatten)]
    pub range: DateRange,

    /// Output format: a table to read, or JSON.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
    pub format: ExplainFormat,
}

/// `--from DATE --to DATE`: every ISO week containing a day of the range.
#[derive(Debug, Args, Clone, Default)]
pub struct DateRange {
    /// First day of the range; every ISO week containing a day of
    /// FROM..=TO is reported.
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to")]
    pub from: Option<NaiveDate>,

    /// Last day of the range (inclusive).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the config.
    #[arg(value_name = "PATH", default_value = "twohats.toml")]
    pub path: PathBuf,

    /// Write your own config instead, where twohats looks when no source is
    /// given: $TWOHATS_CONFIG, else $XDG_CONFIG_HOME/twohats/config.toml
    /// (~/.config/twohats/config.toml). The folder is created.
    #[arg(long, conflicts_with = "path")]
    pub user: bool,

    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Which calendar service a sign-in is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignInService {
    /// Microsoft 365 (Microsoft Graph).
    Outlook,
    /// Google Workspace (Google Calendar API).
    Google,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    #[arg(value_enum, value_name = "SERVICE")]
    pub service: SignInService,

    /// Microsoft: sign in in the browser (authorization code with PKCE, an
    /// answer taken on 127.0.0.1) instead of with a device code, for
    /// tenants that block device codes.
    #[arg(long)]
    pub browser: bool,

    /// The config whose [outlook] client_id / tenant or [google]
    /// client_file to use (default: your own config).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Microsoft: the app registration's client id (instead of [outlook]
    /// client_id).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Microsoft: the tenant id or domain (default: organizations).
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Google: the Desktop-app OAuth client JSON (instead of [google]
    /// client_file).
    #[arg(long, value_name = "PATH")]
    pub client_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[arg(value_enum, value_name = "SERVICE")]
    pub service: SignInService,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write twohats.1 and one page per command (twohats-week.1, ...) into
    /// this folder instead of printing twohats.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::period::parse_date(s).map_err(|e| e.to_string())
}

/// `--today`; clap names the flag in its error, so a value that came from
/// `TWOHATS_TODAY` (a CI job's setting, say) is named as that too.
fn parse_now(s: &str) -> Result<crate::period::GivenNow, String> {
    s.parse().map_err(|e: anyhow::Error| {
        let from_env = std::env::var_os("TWOHATS_TODAY").is_some_and(|v| v == s);
        match from_env {
            true => format!("{e} (the value of TWOHATS_TODAY)"),
            false => e.to_string(),
        }
    })
}
