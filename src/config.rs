//! The TOML config: plain validated data, its defaults, and validation
//! whose errors name the file, the line and the key.
//!
//! Lines come from the positions the TOML parser records for every value
//! (`toml::Spanned`). Relative paths are resolved from the config file's
//! folder. Nothing here knows the other stages: rules are checked (every
//! regex compiles) but compiled by `classify`.

use anyhow::{anyhow, bail, Result};
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// A validated config.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub timezone: Option<Tz>,
    pub thresholds: Thresholds,
    pub git: GitConfig,
    pub calendar: CalendarConfig,
    pub working_hours: WorkingHours,
    pub people: PeopleConfig,
    pub network: NetworkConfig,
    pub forge: ForgeConfig,
    /// `[outlook]` and `[google]`: the sign-in clients.
    pub sign_in: SignInConfig,
    pub use_default_rules: bool,
    pub rules: Vec<Rule>,
    pub managers: Vec<ManagerConfig>,
}

#[derive(Debug, Clone, PartialEq)]
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

/// The default bands, the one place they are written: name, the largest
/// team in the band (None: every larger team), the limit on the coding
/// share in percent (docs/model.md, "The limit").
pub const DEFAULT_BANDS: [(&str, Option<u32>, f64); 3] = [
    ("small", Some(5), 30.0),
    ("medium", Some(10), 20.0),
    ("large", None, 10.0),
];

#[derive(Debug, Clone, PartialEq)]
pub struct GitConfig {
    pub session_gap_minutes: u32,
    pub session_lead_minutes: u32,
    pub include_merges: bool,
    pub timestamp: Timestamp,
}

/// Which of a commit's two dates places it in time (`git.timestamp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Timestamp {
    #[default]
    Author,
    Committer,
}

impl Timestamp {
    pub fn as_str(self) -> &'static str {
        match self {
            Timestamp::Author => "author",
            Timestamp::Committer => "committer",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarConfig {
    pub count_tentative: bool,
    pub count_transparent: bool,
    pub max_event_hours: f64,
}

/// `[forge]`: how review events become review sessions (SPEC "Code
/// reviews and forge activity").
#[derive(Debug, Clone, PartialEq)]
pub struct ForgeConfig {
    /// Review events closer than this are one review session.
    pub session_gap_minutes: u32,
    /// Reading time credited before a session's first event.
    pub review_lead_minutes: u32,
}

impl Default for ForgeConfig {
    fn default() -> Self {
        ForgeConfig {
            session_gap_minutes: 60,
            review_lead_minutes: 30,
        }
    }
}

/// A manager's `github = { … }` or `gitlab = { … }`.
#[derive(Clone, PartialEq, Default)]
pub struct ForgeAccountConfig {
    pub user: String,
    /// A secret: never shown (see the `Debug` below).
    pub token: Option<String>,
    /// The variable the token was put in from (`token = "${MY_GH}"`): a
    /// refusal names it, as the one to renew.
    pub token_variable: Option<String>,
    /// The API base URL; None: the environment's, else the public host's.
    pub api: Option<String>,
    /// Also read authored commits (GitHub).
    pub commits: bool,
}

impl fmt::Debug for ForgeAccountConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ForgeAccountConfig")
            .field("user", &self.user)
            .field("token", &self.token.as_ref().map(|_| "hidden"))
            .field("api", &self.api)
            .field("commits", &self.commits)
            .finish()
    }
}

/// A manager's `outlook = { … }` or `google = { … }` (SPEC "Microsoft 365
/// and Google Workspace calendars").
#[derive(Clone, PartialEq, Default)]
pub struct CalendarAccountConfig {
    /// A calendar id, or its name as the app shows it; None: "primary".
    pub calendar: Option<String>,
    /// The API base URL; None: the environment's, else the public one.
    pub api: Option<String>,
    /// A secret: never shown (see the `Debug` below).
    pub token: Option<String>,
    /// The variable the token was put in from, as for a forge account.
    pub token_variable: Option<String>,
    /// A command printing the token (`["pass", "show", "graph"]`).
    pub token_command: Vec<String>,
}

impl fmt::Debug for CalendarAccountConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CalendarAccountConfig")
            .field("calendar", &self.calendar)
            .field("api", &self.api)
            .field("token", &self.token.as_ref().map(|_| "hidden"))
            .field("token_command", &self.token_command)
            .finish()
    }
}

/// `[outlook]` and `[google]`: the OAuth clients `twohats login` uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignInConfig {
    /// The app registration's client id (a public client).
    pub outlook_client_id: Option<String>,
    /// `organizations` (default), or the tenant id or domain.
    pub outlook_tenant: Option<String>,
    /// The Desktop-app OAuth client JSON Google gives, path resolved.
    pub google_client_file: Option<String>,
    /// Sign-in base URLs (`auth`), for a national cloud or a test server;
    /// else `TWOHATS_OUTLOOK_AUTH_URL` / `TWOHATS_GOOGLE_AUTH_URL`.
    pub outlook_auth: Option<String>,
    pub google_auth: Option<String>,
}

/// `[network]`: calendars read over HTTP(S) and CalDAV.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkConfig {
    /// For a whole request, per calendar.
    pub timeout_seconds: u64,
    /// Larger answers are refused.
    pub max_megabytes: u64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            timeout_seconds: 30,
            max_megabytes: 256,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkingHours {
    pub days: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// `[people]`: the norms the advice figures compare people work with
/// (docs/model.md, "Advice figures").
#[derive(Debug, Clone, PartialEq)]
pub struct PeopleConfig {
    /// 1:1 hours per direct report per week below which 1:1s are thin.
    pub one_on_one_hours_per_report: f64,
    /// A team member with no 1:1 in this many weeks (this week and the
    /// ones before) is overdue (docs/model.md, "1:1 coverage").
    pub one_on_one_max_gap_weeks: u32,
}

/// One entry of a manager's `team`: "Name <address>" or "address".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    /// Lower-case, without `mailto:`: the first address the team gives.
    pub address: String,
    /// The display name, when the entry gives one.
    pub name: Option<String>,
    /// The member's other addresses: later entries with the same display
    /// name (one person under an alias is one report, not two).
    pub also: Vec<String>,
}

impl TeamMember {
    /// What reports show for the member: the display name, else the address.
    pub fn shown(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.address)
    }

    /// Every address of the member, the first one first.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.address.as_str()).chain(self.also.iter().map(String::as_str))
    }
}

/// A user rule: all given conditions must hold. `classify` compiles it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub category: String,
    pub kind: RuleKind,
    pub title: Option<Pattern>,
    pub description: Option<Pattern>,
    pub location: Option<Pattern>,
    pub categories: Option<Pattern>,
    pub attendees: Option<AttendeeCount>,
    pub organizer_is_me: Option<bool>,
    pub calendar: Option<Pattern>,
    /// The API event type (Graph `showAs`, Google `eventType`).
    pub event_type: Option<Pattern>,
}

/// What a rule makes of the events it matches (`kind = "..."`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Coding,
    People,
    Other,
    Ignore,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Coding => "coding",
            RuleKind::People => "people",
            RuleKind::Other => "other",
            RuleKind::Ignore => "ignore",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RuleKind {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<RuleKind, String> {
        match s {
            "coding" => Ok(RuleKind::Coding),
            "people" => Ok(RuleKind::People),
            "other" => Ok(RuleKind::Other),
            "ignore" => Ok(RuleKind::Ignore),
            _ => Err(format!(
                "'{s}' is not a kind: use coding, people, other or ignore"
            )),
        }
    }
}

/// A regular expression known to compile: the only way to make one is
/// [`Pattern::new`], which compiles it (once: the classifier uses the
/// compiled form).
#[derive(Debug, Clone)]
pub struct Pattern(regex::Regex);

impl Pattern {
    pub fn new(pattern: impl Into<String>) -> std::result::Result<Pattern, regex::Error> {
        Ok(Pattern(regex::Regex::new(&pattern.into())?))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn regex(&self) -> &regex::Regex {
        &self.0
    }
}

/// Patterns are the same when written the same.
impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pattern {}

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

/// Written the way the config reads it back: "2", ">=3", "<=4", "1..=4".
impl fmt::Display for AttendeeCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (a, b) if a == b => write!(f, "{a}"),
            (a, u32::MAX) => write!(f, ">={a}"),
            (0, b) => write!(f, "<={b}"),
            (a, b) => write!(f, "{a}..={b}"),
        }
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
        let never = || format!("'{s}' can never match");
        let (min, max) = if let Some(r) = t.strip_prefix(">=") {
            (num(r)?, u32::MAX)
        } else if let Some(r) = t.strip_prefix("<=") {
            (0, num(r)?)
        } else if let Some(r) = t.strip_prefix('>') {
            (num(r)?.saturating_add(1), u32::MAX)
        } else if let Some(r) = t.strip_prefix('<') {
            (0, num(r)?.checked_sub(1).ok_or_else(never)?)
        } else if let Some((a, b)) = t.split_once("..=") {
            (num(a)?, num(b)?)
        } else if let Some((a, b)) = t.split_once("..") {
            let last = num(b)?.checked_sub(1).ok_or_else(never)?;
            (num(a)?, last)
        } else {
            let n = num(&t)?;
            (n, n)
        };
        if min > max {
            return Err(never());
        }
        Ok(AttendeeCount { min, max })
    }
}

/// One manager as the config gives them, paths resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManagerConfig {
    pub name: String,
    pub emails: Vec<String>,
    pub reports: Option<u32>,
    pub timezone: Option<Tz>,
    pub calendars: Vec<String>,
    /// CalDAV calendars or servers (URLs).
    pub caldav: Vec<String>,
    pub repos: Vec<String>,
    pub git_logs: Vec<String>,
    /// Share files (`twohats share`) holding this manager's figures.
    pub figures: Vec<String>,
    /// The team or org unit, for the per-group summary.
    pub group: Option<String>,
    pub github: Option<ForgeAccountConfig>,
    pub gitlab: Option<ForgeAccountConfig>,
    /// Saved GitHub / GitLab API responses.
    pub forge_files: Vec<String>,
    pub outlook: Option<CalendarAccountConfig>,
    pub google: Option<CalendarAccountConfig>,
    /// Saved Graph `calendarView` / Google `events.list` responses.
    pub outlook_files: Vec<String>,
    pub google_files: Vec<String>,
    /// The direct reports, followed one by one for 1:1 coverage.
    pub team: Vec<TeamMember>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            bands: DEFAULT_BANDS
                .iter()
                .map(|&(name, max_reports, limit_pct)| Band {
                    name: name.to_string(),
                    max_reports,
                    limit_pct,
                })
                .collect(),
            watch_margin_pct: 5.0,
            min_tracked_hours: 10.0,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: None,
            thresholds: Thresholds::default(),
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
            people: PeopleConfig {
                one_on_one_hours_per_report: 0.5,
                one_on_one_max_gap_weeks: 2,
            },
            network: NetworkConfig::default(),
            forge: ForgeConfig::default(),
            sign_in: SignInConfig::default(),
            use_default_rules: true,
            rules: Vec::new(),
            managers: Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------
// The file as written: every key optional, unknown keys refused, each value
// with the place it was written.

type At<T> = Spanned<T>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    timezone: Option<At<String>>,
    thresholds: Option<At<RawThresholds>>,
    git: Option<At<RawGit>>,
    calendar: Option<At<RawCalendar>>,
    working_hours: Option<At<RawWorkingHours>>,
    people: Option<RawPeople>,
    network: Option<At<RawNetwork>>,
    forge: Option<At<RawForge>>,
    outlook: Option<RawOutlookClient>,
    google: Option<RawGoogleClient>,
    use_default_rules: Option<bool>,
    #[serde(default, rename = "rule")]
    rules: Vec<At<RawRule>>,
    #[serde(default, rename = "manager")]
    managers: Vec<At<RawManager>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    bands: Option<At<Vec<At<RawBand>>>>,
    watch_margin_pct: Option<At<f64>>,
    min_tracked_hours: Option<At<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: Option<String>,
    max_reports: Option<At<i64>>,
    limit_pct: At<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGit {
    session_gap_minutes: Option<At<i64>>,
    session_lead_minutes: Option<At<i64>>,
    include_merges: Option<bool>,
    timestamp: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    count_tentative: Option<bool>,
    count_transparent: Option<bool>,
    max_event_hours: Option<At<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    timeout_seconds: Option<At<i64>>,
    max_megabytes: Option<At<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForge {
    session_gap_minutes: Option<At<i64>>,
    review_lead_minutes: Option<At<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForgeAccount {
    user: Option<At<String>>,
    token: Option<String>,
    api: Option<At<String>>,
    commits: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendarAccount {
    calendar: Option<String>,
    api: Option<At<String>>,
    token: Option<String>,
    token_command: Option<At<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutlookClient {
    client_id: Option<String>,
    tenant: Option<String>,
    auth: Option<At<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoogleClient {
    client_file: Option<String>,
    auth: Option<At<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkingHours {
    days: Option<Vec<At<String>>>,
    start: Option<At<String>>,
    end: Option<At<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeople {
    one_on_one_hours_per_report: Option<At<f64>>,
    one_on_one_max_gap_weeks: Option<At<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    category: Option<String>,
    kind: At<String>,
    title: Option<At<String>>,
    description: Option<At<String>>,
    location: Option<At<String>>,
    categories: Option<At<String>>,
    attendees: Option<At<toml::Value>>,
    organizer_is_me: Option<bool>,
    calendar: Option<At<String>>,
    event_type: Option<At<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManager {
    name: Option<At<String>>,
    #[serde(default)]
    emails: Vec<String>,
    reports: Option<At<i64>>,
    timezone: Option<At<String>>,
    #[serde(default)]
    calendars: Vec<String>,
    #[serde(default)]
    caldav: Vec<String>,
    #[serde(default)]
    repos: Vec<String>,
    #[serde(default)]
    git_logs: Vec<String>,
    #[serde(default)]
    figures: Vec<String>,
    group: Option<At<String>>,
    github: Option<At<RawForgeAccount>>,
    gitlab: Option<At<RawForgeAccount>>,
    #[serde(default)]
    forge_files: Vec<String>,
    outlook: Option<At<RawCalendarAccount>>,
    google: Option<At<RawCalendarAccount>>,
    #[serde(default)]
    outlook_files: Vec<String>,
    #[serde(default)]
    google_files: Vec<String>,
    #[serde(default)]
    team: Vec<At<String>>,
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
    validate(text, shown, folder).map_err(|e| anyhow!(crate::warning::one_line(e.to_string())))
}

/// The text being read, to turn a value's position into "file:line: key:".
struct Doc<'a> {
    text: &'a str,
    shown: &'a str,
}

impl Doc<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        line_of(self.text, span.start)
    }

    fn fail(&self, span: Range<usize>, key: &str, message: impl fmt::Display) -> anyhow::Error {
        anyhow!("{}:{}: {key}: {message}", self.shown, self.line(span))
    }
}

fn validate(text: &str, shown: &str, folder: &Path) -> Result<Config> {
    let mut substituted = Substituted::default();
    let mut config = read_toml(text, shown, &mut substituted)
        .and_then(|raw| validated(raw, text, shown, folder))
        .map_err(|e| anyhow!(unsubstituted(&e.to_string(), &substituted.values)))?;
    note_token_variables(&mut config, &substituted.whole);
    Ok(config)
}

/// What was put in from the environment.
#[derive(Default)]
struct Substituted {
    /// Each variable used, and its value (`GH_TOKEN`, `ghp_…`).
    values: Vec<(String, String)>,
    /// Each key whose whole value was one `${NAME}`, and NAME
    /// (`manager[1].github.token`, `MY_GH`).
    whole: Vec<(String, String)>,
}

/// Each token written as one `${NAME}` keeps NAME, for its refusal.
fn note_token_variables(config: &mut Config, whole: &[(String, String)]) {
    let variable = |key: String| {
        (whole.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, name)| name.clone())
    };
    for (i, m) in config.managers.iter_mut().enumerate() {
        let at = format!("manager[{}]", i + 1);
        for (key, a) in [("github", &mut m.github), ("gitlab", &mut m.gitlab)] {
            if let Some(a) = a {
                a.token_variable = variable(format!("{at}.{key}.token"));
            }
        }
        for (key, a) in [("outlook", &mut m.outlook), ("google", &mut m.google)] {
            if let Some(a) = a {
                a.token_variable = variable(format!("{at}.{key}.token"));
            }
        }
    }
}

/// `message` with every value put in from the environment written back as
/// `${NAME}`: a variable may hold a secret (a token, a calendar URL), and an
/// error quoting a value must not show it.
fn unsubstituted(message: &str, substituted: &[(String, String)]) -> String {
    let mut out = message.to_string();
    for (name, value) in substituted {
        if !value.is_empty() {
            out = out.replace(value.as_str(), &format!("${{{name}}}"));
        }
    }
    out
}

/// The config, each value checked, from the file as written.
fn validated(raw: RawConfig, text: &str, shown: &str, folder: &Path) -> Result<Config> {
    let doc = Doc { text, shown };
    let defaults = Config::default();
    let timezone = match &raw.timezone {
        Some(tz) => Some(parse_zone(tz.as_ref()).map_err(|m| doc.fail(tz.span(), "timezone", m))?),
        None => None,
    };
    let config = Config {
        timezone,
        thresholds: match raw.thresholds {
            Some(t) => thresholds(&doc, t.into_inner(), defaults.thresholds)?,
            None => defaults.thresholds,
        },
        git: match raw.git {
            Some(g) => git(&doc, g.into_inner(), defaults.git)?,
            None => defaults.git,
        },
        calendar: match raw.calendar {
            Some(c) => calendar(&doc, c.into_inner(), defaults.calendar)?,
            None => defaults.calendar,
        },
        working_hours: match raw.working_hours {
            Some(w) => working_hours(&doc, w, defaults.working_hours)?,
            None => defaults.working_hours,
        },
        people: match raw.people {
            Some(p) => people(&doc, p, defaults.people)?,
            None => defaults.people,
        },
        network: match raw.network {
            Some(n) => network(&doc, n.into_inner(), defaults.network)?,
            None => defaults.network,
        },
        forge: match raw.forge {
            Some(f) => forge(&doc, f.into_inner(), defaults.forge)?,
            None => defaults.forge,
        },
        sign_in: SignInConfig {
            outlook_client_id: (raw.outlook.as_ref()).and_then(|o| non_empty(&o.client_id)),
            outlook_tenant: (raw.outlook.as_ref()).and_then(|o| non_empty(&o.tenant)),
            google_client_file: (raw.google.as_ref())
                .and_then(|g| non_empty(&g.client_file))
                .map(|p| resolve_path(&p, folder)),
            outlook_auth: url_value(
                &doc,
                "outlook.auth",
                raw.outlook.as_ref().and_then(|o| o.auth.as_ref()),
            )?,
            google_auth: url_value(
                &doc,
                "google.auth",
                raw.google.as_ref().and_then(|g| g.auth.as_ref()),
            )?,
        },
        use_default_rules: raw.use_default_rules.unwrap_or(defaults.use_default_rules),
        rules: (raw.rules.iter().enumerate())
            .map(|(i, r)| rule(&doc, i + 1, r.as_ref()))
            .collect::<Result<_>>()?,
        managers: managers(&doc, &raw.managers, folder)?,
    };
    Ok(config)
}

/// The TOML itself: syntax, unknown keys and wrong types, each with its line.
fn read_toml(text: &str, shown: &str, substituted: &mut Substituted) -> Result<RawConfig> {
    let doc = Doc { text, shown };
    let parsed = toml::de::DeTable::parse(text).and_then(|mut root| {
        substitute_env(root.get_mut(), "", &doc, substituted).map_err(Substitution::into_toml)?;
        RawConfig::deserialize(toml::de::Deserializer::from(root))
    });
    parsed.map_err(|e| {
        if let Some(message) = Substitution::message_of(&e) {
            return anyhow!(message);
        }
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        // A URL the parser quotes is a secret all the same.
        let mut message = crate::net::redact::urls_shown(e.message().trim()).replace('\n', " ");
        if let Some((found, expected)) = plain_type_error(&message) {
            message = match key_at_line(text, line) {
                Some(key) => format!("{key}: is {found}, not {expected}"),
                None => format!("{found} where {expected} is expected"),
            };
        }
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
    })
}

/// serde's "invalid type: string \"7\", expected i64" in the words of the
/// config: what was found (`text ("7")`) and what is expected (`a whole
/// number`).
fn plain_type_error(message: &str) -> Option<(String, &str)> {
    let (found, expected) = message
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?;
    let found = match found.split_once(' ') {
        Some(("string", value)) => format!("text ({value})"),
        Some(("integer", value)) => format!("the number {}", value.trim_matches('`')),
        Some(("floating", value)) => {
            let value = value.trim_start_matches("point ").trim_matches('`');
            format!("the number {value}")
        }
        Some(("boolean", value)) => value.trim_matches('`').to_string(),
        _ => match found {
            "sequence" => "a list".to_string(),
            "map" => "a table".to_string(),
            other => other.to_string(),
        },
    };
    let expected = match expected {
        "i64" | "u64" | "i32" | "u32" | "u16" | "u8" | "usize" => "a whole number",
        "f64" | "f32" => "a number",
        "a sequence" => "a list ([\"…\", \"…\"])",
        "a boolean" => "true or false",
        "a string" => "text in quotes",
        "a map" | "struct" => "a table",
        other => other,
    };
    Some((found, expected))
}

/// The key on 1-based `line` of `text` with the tables above it:
/// `manager[1].reports`, `thresholds.watch_margin_pct`. None when the line
/// is not a plain `key = value` (a list over several lines, an inline
/// table) or its table cannot be named so: the line alone then says where.
fn key_at_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    let mut arrays: std::collections::HashMap<String, usize> = Default::default();
    for l in text.lines().take(line.saturating_sub(1)) {
        let l = l.trim();
        if let Some(name) = l.strip_prefix("[[").and_then(|r| r.split_once("]]")) {
            let name = name.0.trim().to_string();
            let n = arrays.entry(name.clone()).or_insert(0);
            *n += 1;
            table = format!("{name}[{n}]");
        } else if let Some(name) = l.strip_prefix('[').and_then(|r| r.split_once(']')) {
            table = name.0.trim().to_string();
        }
    }
    // `[manager.github]` belongs to the last [[manager]]: not named here.
    let first = table.split('.').next().unwrap_or("");
    if table.contains('.') && arrays.contains_key(first) {
        return None;
    }
    let (key, value) = text.lines().nth(line.checked_sub(1)?)?.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !bare || value.trim_start().starts_with(['{', '[']) {
        return None;
    }
    Some(match table.is_empty() {
        true => key.to_string(),
        false => format!("{table}.{key}"),
    })
}

fn people(doc: &Doc, raw: RawPeople, mut p: PeopleConfig) -> Result<PeopleConfig> {
    if let Some(h) = raw.one_on_one_hours_per_report {
        if *h.as_ref() < 0.0 || !h.as_ref().is_finite() {
            return Err(doc.fail(
                h.span(),
                "people.one_on_one_hours_per_report",
                format!("{} hours is negative", h.as_ref()),
            ));
        }
        p.one_on_one_hours_per_report = h.into_inner();
    }
    if let Some(g) = raw.one_on_one_max_gap_weeks {
        if !(1..=52).contains(g.as_ref()) {
            return Err(doc.fail(
                g.span(),
                "people.one_on_one_max_gap_weeks",
                format!("{} is not a number of weeks from 1 to 52", g.as_ref()),
            ));
        }
        p.one_on_one_max_gap_weeks = *g.as_ref() as u32;
    }
    Ok(p)
}

fn thresholds(doc: &Doc, raw: RawThresholds, mut t: Thresholds) -> Result<Thresholds> {
    if let Some(given) = &raw.bands {
        t.bands = bands(doc, given)?;
    }
    if let Some(m) = raw.watch_margin_pct {
        if !(0.0..=100.0).contains(m.as_ref()) {
            return Err(doc.fail(
                m.span(),
                "thresholds.watch_margin_pct",
                format!("{} is not a percentage between 0 and 100", m.as_ref()),
            ));
        }
        t.watch_margin_pct = m.into_inner();
    }
    if let Some(h) = raw.min_tracked_hours {
        if *h.as_ref() < 0.0 || !h.as_ref().is_finite() {
            return Err(doc.fail(
                h.span(),
                "thresholds.min_tracked_hours",
                format!("{} hours is negative", h.as_ref()),
            ));
        }
        t.min_tracked_hours = h.into_inner();
    }
    Ok(t)
}

/// The bands, in order of team size; only the last may be open-ended.
fn bands(doc: &Doc, given: &At<Vec<At<RawBand>>>) -> Result<Vec<Band>> {
    if given.as_ref().is_empty() {
        return Err(doc.fail(given.span(), "thresholds.bands", "needs at least one band"));
    }
    let count = given.as_ref().len();
    let mut previous: Option<u32> = None;
    let mut bands = Vec::with_capacity(count);
    for (i, b) in given.as_ref().iter().enumerate() {
        let key = |k: &str| format!("thresholds.bands[{i}].{k}");
        let pct = &b.as_ref().limit_pct;
        if !(0.0..=100.0).contains(pct.as_ref()) || !pct.as_ref().is_finite() {
            let message = format!("{} is not a percentage between 0 and 100", pct.as_ref());
            return Err(doc.fail(pct.span(), &key("limit_pct"), message));
        }
        let max = match &b.as_ref().max_reports {
            Some(m) if *m.as_ref() < 0 => {
                return Err(doc.fail(
                    m.span(),
                    &key("max_reports"),
                    format!("{} is negative", m.as_ref()),
                ))
            }
            Some(m) => Some((u32::try_from(*m.as_ref()).unwrap_or(u32::MAX), m.span())),
            None if i + 1 < count => {
                let message = "only the last band may leave out max_reports";
                return Err(doc.fail(b.span(), &key("max_reports"), message));
            }
            None => None,
        };
        if let (Some(p), Some((m, span))) = (previous, &max) {
            if *m <= p {
                let message =
                    format!("bands out of order: {m} is not above the previous band's {p}");
                return Err(doc.fail(span.clone(), &key("max_reports"), message));
            }
        }
        let max = max.map(|(m, _)| m);
        previous = max.or(previous);
        bands.push(Band {
            name: b.as_ref().name.clone().unwrap_or_else(|| band_name(i)),
            max_reports: max,
            limit_pct: *pct.as_ref(),
        });
    }
    Ok(bands)
}

/// An unnamed band takes the default band's name at its place.
fn band_name(i: usize) -> String {
    DEFAULT_BANDS
        .get(i)
        .map(|(name, _, _)| name.to_string())
        .unwrap_or_else(|| format!("band {}", i + 1))
}

fn git(doc: &Doc, raw: RawGit, mut g: GitConfig) -> Result<GitConfig> {
    minutes(
        doc,
        "git.session_gap_minutes",
        raw.session_gap_minutes,
        &mut g.session_gap_minutes,
    )?;
    minutes(
        doc,
        "git.session_lead_minutes",
        raw.session_lead_minutes,
        &mut g.session_lead_minutes,
    )?;
    g.include_merges = raw.include_merges.unwrap_or(g.include_merges);
    g.timestamp = raw.timestamp.unwrap_or(g.timestamp);
    Ok(g)
}

fn calendar(doc: &Doc, raw: RawCalendar, mut c: CalendarConfig) -> Result<CalendarConfig> {
    c.count_tentative = raw.count_tentative.unwrap_or(c.count_tentative);
    c.count_transparent = raw.count_transparent.unwrap_or(c.count_transparent);
    if let Some(h) = raw.max_event_hours {
        if *h.as_ref() <= 0.0 || !h.as_ref().is_finite() {
            let message = format!("{} hours must be above 0", h.as_ref());
            return Err(doc.fail(h.span(), "calendar.max_event_hours", message));
        }
        c.max_event_hours = h.into_inner();
    }
    Ok(c)
}

fn working_hours(doc: &Doc, raw: At<RawWorkingHours>, mut w: WorkingHours) -> Result<WorkingHours> {
    let table = raw.span();
    let raw = raw.into_inner();
    if let Some(days) = &raw.days {
        w.days = days
            .iter()
            .map(|d| {
                parse_weekday(d.as_ref()).ok_or_else(|| {
                    let message = format!("'{}' is not a day like \"mon\"", d.as_ref());
                    doc.fail(d.span(), "working_hours.days", message)
                })
            })
            .collect::<Result<_>>()?;
    }
    for (key, given, slot, example) in [
        ("working_hours.start", &raw.start, &mut w.start, "09:00"),
        ("working_hours.end", &raw.end, &mut w.end, "18:00"),
    ] {
        if let Some(s) = given {
            *slot = parse_clock(s.as_ref()).ok_or_else(|| {
                let message = format!("'{}' is not a time like \"{example}\"", s.as_ref());
                doc.fail(s.span(), key, message)
            })?;
        }
    }
    if w.end <= w.start {
        // At the end time when given, else at the table that moved the start.
        let span = raw.end.as_ref().map_or(table, |e| e.span());
        return Err(doc.fail(
            span,
            "working_hours.end",
            "must be after working_hours.start",
        ));
    }
    Ok(w)
}

/// The n-th `[[rule]]` (1-based), its regexes checked.
fn rule(doc: &Doc, n: usize, r: &RawRule) -> Result<Rule> {
    let key = |k: &str| format!("rule[{n}].{k}");
    let kind: RuleKind = r
        .kind
        .as_ref()
        .parse()
        .map_err(|m: String| doc.fail(r.kind.span(), &key("kind"), m))?;
    let pattern = |k: &str, given: &Option<At<String>>| -> Result<Option<Pattern>> {
        let Some(p) = given else { return Ok(None) };
        Pattern::new(p.as_ref())
            .map(Some)
            .map_err(|e| doc.fail(p.span(), &key(k), format!("bad regex: {}", joined(&e))))
    };
    Ok(Rule {
        category: (r.category.clone()).unwrap_or_else(|| kind.as_str().to_string()),
        kind,
        title: pattern("title", &r.title)?,
        description: pattern("description", &r.description)?,
        location: pattern("location", &r.location)?,
        categories: pattern("categories", &r.categories)?,
        attendees: match &r.attendees {
            Some(a) => Some(
                attendee_count(a.as_ref()).map_err(|m| doc.fail(a.span(), &key("attendees"), m))?,
            ),
            None => None,
        },
        organizer_is_me: r.organizer_is_me,
        calendar: pattern("calendar", &r.calendar)?,
        event_type: pattern("event_type", &r.event_type)?,
    })
}

/// `attendees = 2` or `attendees = ">=3"`.
fn attendee_count(value: &toml::Value) -> std::result::Result<AttendeeCount, String> {
    match value {
        toml::Value::Integer(n) if *n >= 0 => Ok(AttendeeCount {
            min: *n as u32,
            max: *n as u32,
        }),
        toml::Value::String(s) => s.parse(),
        other => Err(format!(
            "{other} is not an attendee count like \">=3\", \"2\" or \"1..=4\""
        )),
    }
}

/// Every `[[manager]]`, paths resolved from `folder`; names are unique.
fn managers(doc: &Doc, raw: &[At<RawManager>], folder: &Path) -> Result<Vec<ManagerConfig>> {
    let managers = (raw.iter().enumerate())
        .map(|(i, m)| manager(doc, i + 1, m, folder))
        .collect::<Result<Vec<_>>>()?;
    let mut names = std::collections::HashSet::new();
    for m in &managers {
        if !names.insert(m.name.to_lowercase()) {
            bail!(
                "{}: two managers are named '{}': names must be unique",
                doc.shown,
                m.name
            );
        }
    }
    Ok(managers)
}

/// The n-th `[[manager]]` (1-based).
fn manager(doc: &Doc, n: usize, raw: &At<RawManager>, folder: &Path) -> Result<ManagerConfig> {
    let key = |k: &str| format!("manager[{n}].{k}");
    let m = raw.as_ref();
    let name = manager_name(doc, n, raw)?;
    let reports = match &m.reports {
        Some(r) if *r.as_ref() < 0 => {
            return Err(doc.fail(
                r.span(),
                &key("reports"),
                format!("{} is negative", r.as_ref()),
            ))
        }
        Some(r) => Some(u32::try_from(*r.as_ref()).unwrap_or(u32::MAX)),
        None => None,
    };
    let timezone = match &m.timezone {
        Some(tz) => Some(
            parse_zone(tz.as_ref()).map_err(|msg| doc.fail(tz.span(), &key("timezone"), msg))?,
        ),
        None => None,
    };
    let resolve = |paths: &[String]| -> Vec<String> {
        paths.iter().map(|p| resolve_path(p, folder)).collect()
    };
    let group = group(doc, &key("group"), m.group.as_ref())?;
    let github = forge_account(doc, &key("github"), m.github.as_ref())?;
    let gitlab = forge_account(doc, &key("gitlab"), m.gitlab.as_ref())?;
    let outlook = calendar_account(doc, &key("outlook"), m.outlook.as_ref())?;
    let google = calendar_account(doc, &key("google"), m.google.as_ref())?;
    let has_sources = !(m.calendars.is_empty()
        && m.repos.is_empty()
        && m.git_logs.is_empty()
        && github.is_none()
        && gitlab.is_none()
        && m.forge_files.is_empty()
        && outlook.is_none()
        && google.is_none()
        && m.outlook_files.is_empty()
        && m.google_files.is_empty());
    if has_sources && !m.figures.is_empty() {
        bail!(
            "{}:{}: manager[{n}] ('{name}') has both sources and figures: give calendars/repos/git_logs/github/gitlab/forge_files or figures, not both",
            doc.shown,
            doc.line(raw.span())
        );
    }
    let team = team(doc, &key("team"), &m.team)?;
    Ok(ManagerConfig {
        name,
        emails: m.emails.iter().map(|e| normalise_email(e)).collect(),
        // A team implies its size; a `reports` that differs wins (settings
        // warns about it).
        reports: reports.or_else(|| (!team.is_empty()).then_some(team.len() as u32)),
        timezone,
        calendars: resolve(&m.calendars),
        caldav: m.caldav.iter().map(|u| u.trim().to_string()).collect(),
        repos: resolve(&m.repos),
        git_logs: resolve(&m.git_logs),
        figures: resolve(&m.figures),
        group,
        github,
        gitlab,
        forge_files: resolve(&m.forge_files),
        outlook,
        google,
        outlook_files: resolve(&m.outlook_files),
        google_files: resolve(&m.google_files),
        team,
    })
}

/// The n-th manager's `name`, which every `[[manager]]` needs.
fn manager_name(doc: &Doc, n: usize, raw: &At<RawManager>) -> Result<String> {
    match &raw.as_ref().name {
        Some(name) if !name.as_ref().trim().is_empty() => Ok(name.as_ref().trim().to_string()),
        given => {
            let span = given.as_ref().map_or(raw.span(), |name| name.span());
            bail!(
                "{}:{}: manager[{n}] has no name: every [[manager]] needs name = \"...\"",
                doc.shown,
                doc.line(span)
            )
        }
    }
}

/// A manager's `group`, when given: not empty.
fn group(doc: &Doc, key: &str, given: Option<&At<String>>) -> Result<Option<String>> {
    match given {
        Some(g) if g.as_ref().trim().is_empty() => {
            Err(doc.fail(g.span(), key, "is empty: give a name or leave it out"))
        }
        Some(g) => Ok(Some(g.as_ref().trim().to_string())),
        None => Ok(None),
    }
}

/// A manager's `team`: each entry "Name <address>" or "address", no
/// address twice; an entry with an earlier one's display name (in any
/// case) is that member's other address.
fn team(doc: &Doc, key: &str, raw: &[At<String>]) -> Result<Vec<TeamMember>> {
    let mut members: Vec<TeamMember> = Vec::with_capacity(raw.len());
    for entry in raw {
        let member = team_member(entry.as_ref()).map_err(|m| doc.fail(entry.span(), key, m))?;
        if members
            .iter()
            .any(|m| m.addresses().any(|a| a == member.address))
        {
            let message = format!("'{}' is listed twice", member.address);
            return Err(doc.fail(entry.span(), key, message));
        }
        let same_person = |m: &&mut TeamMember| matches!((&m.name, &member.name), (Some(a), Some(b)) if a.to_lowercase() == b.to_lowercase());
        match members.iter_mut().find(same_person) {
            Some(earlier) => earlier.also.push(member.address),
            None => members.push(member),
        }
    }
    Ok(members)
}

/// "Ana Lima <ana@example.com>" or "ana@example.com".
/// A team member's display name is at most this long: names are matched as
/// words in 1:1 titles.
const MAX_MEMBER_NAME: usize = 200;

/// A directory's "Last, First" (Outlook's To: line) as "First Last": its
/// first name is then its first word, and a list of overdue members reads
/// one name per comma. "Chen Wu, PhD" or "Ana Lima, Jr." is a name and a
/// suffix, left as it is.
fn first_name_first(name: &str) -> String {
    const SUFFIXES: [&str; 9] = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "mba"];
    let Some((last, first)) = name.split_once(',') else {
        return name.to_string();
    };
    let (last, first) = (last.trim(), first.trim());
    let suffix = first.trim_end_matches('.').replace('.', "").to_lowercase();
    if last.is_empty() || first.is_empty() || first.contains(',') || SUFFIXES.contains(&&*suffix) {
        return name.to_string();
    }
    format!("{first} {last}")
}

fn team_member(entry: &str) -> std::result::Result<TeamMember, String> {
    let t = entry.trim();
    let (name, address) = match t.strip_suffix('>').and_then(|r| r.rsplit_once('<')) {
        Some((name, address)) => (Some(name.trim().trim_matches('"').trim()), address),
        None => (None, t),
    };
    if name.is_some_and(|n| n.chars().count() > MAX_MEMBER_NAME) {
        return Err(format!(
            "a member's name is at most {MAX_MEMBER_NAME} characters (it is matched in 1:1 titles)"
        ));
    }
    let name = name.map(first_name_first);
    let address = normalise_email(address);
    let valid = address.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    }) && !address.contains(|c: char| c.is_whitespace() || c == '<' || c == '>');
    if !valid {
        return Err(format!(
            "'{entry}' is not a member like \"Ana Lima <ana@example.com>\" or \"ana@example.com\""
        ));
    }
    Ok(TeamMember {
        address,
        name: name.filter(|n| !n.is_empty()),
        also: Vec::new(),
    })
}

/// `github = { user, token, api, commits }` (or `gitlab`): a user is
/// needed, the API must be an http(s) URL.
fn forge_account(
    doc: &Doc,
    key: &str,
    raw: Option<&At<RawForgeAccount>>,
) -> Result<Option<ForgeAccountConfig>> {
    let Some(raw) = raw else { return Ok(None) };
    let a = raw.as_ref();
    let user = match &a.user {
        Some(u) if !u.as_ref().trim().is_empty() => u.as_ref().trim().to_string(),
        _ => {
            return Err(doc.fail(
                raw.span(),
                key,
                "needs user = \"LOGIN\": whose reviews to read",
            ))
        }
    };
    let api = url_value(doc, &format!("{key}.api"), a.api.as_ref())?;
    if key.ends_with("gitlab") && a.commits == Some(true) {
        return Err(doc.fail(
            raw.span(),
            &format!("{key}.commits"),
            "commits are read from GitHub only (GitLab cannot search commits by author); give the repository (`repos`) or a git log instead",
        ));
    }
    Ok(Some(ForgeAccountConfig {
        user,
        token: non_empty(&a.token),
        token_variable: None,
        api,
        commits: a.commits.unwrap_or(false),
    }))
}

/// `outlook = { calendar, api, token, token_command }` (or `google`): the
/// API must be an http(s) URL, a command must name a program.
fn calendar_account(
    doc: &Doc,
    key: &str,
    raw: Option<&At<RawCalendarAccount>>,
) -> Result<Option<CalendarAccountConfig>> {
    let Some(raw) = raw else { return Ok(None) };
    let a = raw.as_ref();
    let api = url_value(doc, &format!("{key}.api"), a.api.as_ref())?;
    let token_command = match &a.token_command {
        Some(c) if c.as_ref().first().is_none_or(|p| p.trim().is_empty()) => {
            let message =
                "is empty: give the program and its arguments, [\"pass\", \"show\", \"graph\"]";
            return Err(doc.fail(c.span(), &format!("{key}.token_command"), message));
        }
        Some(c) => c.as_ref().clone(),
        None => Vec::new(),
    };
    Ok(Some(CalendarAccountConfig {
        calendar: non_empty(&a.calendar),
        api,
        token: non_empty(&a.token),
        token_variable: None,
        token_command,
    }))
}

/// A base URL (an account's `api`, a sign-in's `auth`) named `key`, which
/// must be an http(s) URL.
fn url_value(doc: &Doc, key: &str, value: Option<&At<String>>) -> Result<Option<String>> {
    match value {
        Some(url) => match crate::net::redact::Url::read(url.as_ref()) {
            Ok(_) => Ok(Some(url.as_ref().trim().to_string())),
            // Not quoted: a base URL may carry a user, a password or a token.
            Err(why) => Err(doc.fail(url.span(), key, why)),
        },
        None => Ok(None),
    }
}

/// A trimmed string, None when empty or absent.
fn non_empty(s: &Option<String>) -> Option<String> {
    (s.as_deref().map(str::trim))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// A path from the config, relative to its folder; `~/…` in the home
/// folder, as a shell would read it; `-` (stdin) and URLs as they are.
fn resolve_path(p: &str, folder: &Path) -> String {
    let home = crate::user_dirs::env_path("HOME");
    if let (Some(rest), Some(home)) = (p.strip_prefix("~/"), home) {
        return home.join(rest).to_string_lossy().into_owned();
    }
    if p == "-" || Path::new(p).is_absolute() || crate::net::is_url(p) {
        p.to_string()
    } else {
        folder.join(p).to_string_lossy().into_owned()
    }
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
    // `mailto:` in any case (Outlook writes `MAILTO:`, some `Mailto:`).
    let t = match t.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &t[7..],
        _ => t,
    };
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

fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The regex crate draws its errors over several lines (the pattern, a caret
/// under the fault, the reason); an error line wants them side by side.
fn joined(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `${NAME}` in any string value: the environment variable NAME, put in
/// before anything else reads the value (SPEC "Config file"). An unset
/// variable is an error naming the key and the variable, never the value.
fn substitute_env(
    table: &mut toml::de::DeTable,
    path: &str,
    doc: &Doc,
    substituted: &mut Substituted,
) -> Result<(), Substitution> {
    for (key, value) in table.iter_mut() {
        let key = if path.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{path}.{}", key.get_ref())
        };
        substitute_value(value, &key, doc, substituted)?;
    }
    Ok(())
}

fn substitute_value(
    value: &mut Spanned<toml::de::DeValue>,
    key: &str,
    doc: &Doc,
    substituted: &mut Substituted,
) -> Result<(), Substitution> {
    let span = value.span();
    match value.get_mut() {
        toml::de::DeValue::String(s) if s.contains("${") => {
            let before = substituted.values.len();
            let expanded = expand_vars_noting(s, &mut substituted.values).map_err(|name| {
                Substitution(format!(
                    "{}:{}: {key}: ${{{name}}} is not set: set the environment variable {name}, or write the value in the file",
                    doc.shown,
                    doc.line(span)
                ))
            })?;
            // The whole value one variable: its name says where it is set.
            if let [(name, _)] = &substituted.values[before..] {
                if s.trim() == format!("${{{name}}}") {
                    substituted.whole.push((key.to_string(), name.clone()));
                }
            }
            *s = expanded.into();
        }
        toml::de::DeValue::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                substitute_value(item, &format!("{key}[{}]", i + 1), doc, substituted)?;
            }
        }
        toml::de::DeValue::Table(t) => substitute_env(t, key, doc, substituted)?,
        _ => {}
    }
    Ok(())
}

/// `text` with each `${NAME}` replaced; Err(NAME) for the first unset one.
/// A `$` not followed by `{NAME}` stays as it is.
pub fn expand_vars(text: &str) -> std::result::Result<String, String> {
    expand_vars_noting(text, &mut Vec::new())
}

/// [`expand_vars`], each (NAME, value) put in `used` (so that an error
/// quoting the value can show `${NAME}` instead).
fn expand_vars_noting(
    text: &str,
    used: &mut Vec<(String, String)>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        if name.is_empty()
            || !after[name_len..].starts_with('}')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push_str("${");
            rest = after;
            continue;
        }
        let value = std::env::var(name).map_err(|_| name.to_string())?;
        out.push_str(&value);
        used.push((name.to_string(), value));
        rest = &after[name_len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// An unset variable, carried through the TOML reader's error type.
struct Substitution(String);

impl Substitution {
    const MARK: &'static str = "\u{0}twohats-env:";

    fn into_toml(self) -> toml::de::Error {
        use serde::de::Error as _;
        toml::de::Error::custom(format!("{}{}", Self::MARK, self.0))
    }

    fn message_of(e: &toml::de::Error) -> Option<String> {
        e.message().strip_prefix(Self::MARK).map(str::to_string)
    }
}

fn forge(doc: &Doc, raw: RawForge, mut f: ForgeConfig) -> Result<ForgeConfig> {
    let (gap, lead) = (raw.session_gap_minutes, raw.review_lead_minutes);
    minutes(
        doc,
        "forge.session_gap_minutes",
        gap,
        &mut f.session_gap_minutes,
    )?;
    minutes(
        doc,
        "forge.review_lead_minutes",
        lead,
        &mut f.review_lead_minutes,
    )?;
    Ok(f)
}

/// A session's gap or lead, when given: 0 to one week, in minutes.
fn minutes(doc: &Doc, key: &str, value: Option<At<i64>>, slot: &mut u32) -> Result<()> {
    if let Some(v) = value {
        if !(0..=7 * 24 * 60).contains(v.as_ref()) {
            let message = format!("{} minutes is not between 0 and one week", v.as_ref());
            return Err(doc.fail(v.span(), key, message));
        }
        *slot = *v.as_ref() as u32;
    }
    Ok(())
}

fn network(doc: &Doc, raw: RawNetwork, mut n: NetworkConfig) -> Result<NetworkConfig> {
    for (key, value, slot, max) in [
        (
            "network.timeout_seconds",
            raw.timeout_seconds,
            &mut n.timeout_seconds,
            24 * 3600,
        ),
        (
            "network.max_megabytes",
            raw.max_megabytes,
            &mut n.max_megabytes,
            1 << 20,
        ),
    ] {
        if let Some(v) = value {
            if !(1..=max).contains(v.as_ref()) {
                let message = format!("{} is not between 1 and {max}", v.as_ref());
                return Err(doc.fail(v.span(), key, message));
            }
            *slot = *v.as_ref() as u64;
        }
    }
    Ok(n)
}
