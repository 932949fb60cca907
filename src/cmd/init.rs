//! `twohats init`: a commented starter config holding the default rules, so
//! a user can see and edit them.

use crate::classify::DEFAULT_KEYWORDS;
use crate::cli::InitArgs;
use anyhow::{anyhow, bail, Result};
use std::io::Write;

pub fn run(args: InitArgs) -> Result<i32> {
    let path = &args.path;
    if path.exists() && !args.force {
        bail!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        );
    }
    let text = starter_config();
    // Written beside the target, then renamed: never a half-written config.
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp =
        tempfile_in(folder).map_err(|e| anyhow!("cannot write {}: {}", path.display(), e))?;
    tmp.1.write_all(text.as_bytes())?;
    tmp.1.sync_all()?;
    std::fs::rename(&tmp.0, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp.0);
        anyhow!("cannot write {}: {}", path.display(), e)
    })?;
    println!(
        "wrote {}: edit the [[manager]] block, then run: twohats week --config {}",
        path.display(),
        path.display()
    );
    Ok(0)
}

fn tempfile_in(folder: &std::path::Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let tmp = folder.join(format!(".twohats-init-{}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    Ok((tmp, file))
}

/// The starter config: every key with its default, and the default rules
/// written out as `[[rule]]` blocks (with `use_default_rules = false`, so
/// what the file says is all that runs).
pub fn starter_config() -> String {
    let mut s = String::from(STARTER_HEAD);
    for (category, kind, words) in DEFAULT_KEYWORDS {
        s.push_str(&format!(
            "\n[[rule]]\ncategory = \"{category}\"\nkind = \"{kind}\"\ntitle = '{}'\n",
            crate::classify::keyword_regex(words)
        ));
    }
    s.push_str(STARTER_TAIL);
    s
}

const STARTER_HEAD: &str = r#"# twohats config. Every key is optional except each manager's `name`.
# Relative paths are relative to this file's folder.

# timezone = "Europe/Berlin"      # default zone for managers (else the system's)

# The built-in default rules are written out below as [[rule]] blocks, so
# this file says everything that runs: edit them freely.
use_default_rules = false

[thresholds]
# The first band whose max_reports >= a manager's reports decides the limit on
# the coding share; a band without max_reports takes everything above.
bands = [
  { name = "small",  max_reports = 5,  limit_pct = 30.0 },
  { name = "medium", max_reports = 10, limit_pct = 20.0 },
  { name = "large",  limit_pct = 10.0 },
]
watch_margin_pct = 5.0            # "watch" starts this far below the limit
min_tracked_hours = 10.0          # below: verdict "insufficient-data"

[git]
session_gap_minutes = 120         # commits closer than this are one session
session_lead_minutes = 120        # time credited before a session's first commit
include_merges = false
timestamp = "author"              # or "committer"

[calendar]
count_tentative = true            # your PARTSTAT=TENTATIVE / NEEDS-ACTION still count
count_transparent = false         # events shown as free are dropped
max_event_hours = 12.0            # longer timed events are treated as all-day

[working_hours]                   # for the after-hours figures only
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "18:00"

# The rules below are twohats' built-in defaults, written out so you can edit
# them. The first matching rule decides an event's category and kind
# (coding | people | other | ignore). Conditions, all of which must hold:
# title, description, location, categories, calendar (regex searches;
# case-sensitive unless the pattern starts with (?i)), attendees (">=3", "2",
# "1..=4"), organizer_is_me (true/false). What no rule matches counts as
# "blocks" (other). Put your own rules first, e.g.:
#
# [[rule]]
# category = "on-call"
# kind = "other"
# title = '(?i)\bon-?call\b'
"#;

const STARTER_TAIL: &str = r#"
[[rule]]
category = "one-on-ones"          # no keyword matched, exactly 2 attendees
kind = "people"
attendees = "2"

[[rule]]
category = "meetings"             # no keyword matched, 3 or more attendees
kind = "other"
attendees = ">=3"

[[manager]]
name = "Your Name"
emails = ["you@example.com"]      # git author and calendar addresses
reports = 6                       # direct reports: picks the band
# timezone = "Europe/London"
calendars = ["calendar.ics"]      # files, folders, Google export .zip
# repos = ["../my-service"]       # read directly from HEAD
# git_logs = ["my.log"]           # git log --all --pretty=fuller --date=iso-strict > my.log
"#;
